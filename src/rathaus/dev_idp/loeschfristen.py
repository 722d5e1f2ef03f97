"""The Löschfrist of expired codes and tokens of the development identity provider
(see `rathaus.core.loeschfristen`)."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from rathaus.core.loeschfristen import Loeschfrist, registry

from .models import AccessToken, AuthorizationCode


@registry.register("dev_idp_codes")
class DevIdpCodes(Loeschfrist):
    titel = "abgelaufene Codes und Token des Entwicklungs-Identitätsanbieters"
    app_label = "rathaus.dev_idp"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        AccessToken.objects.filter(expires_at__lt=stichtag).delete()  # tokens go with their code
        return AuthorizationCode.objects.filter(expires_at__lt=stichtag).exclude(
            tokens__expires_at__gte=stichtag
        )
