"""The Löschfrist of drafts that were never submitted (see `rathaus.core.loeschfristen`)."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from rathaus.core.loeschfristen import Loeschfrist, registry

from .models import Entwurf


@registry.register("entwuerfe")
class Entwuerfe(Loeschfrist):
    titel = "nicht eingereichte Antragsentwürfe (30 Tage nach dem letzten Speichern)"
    app_label = "rathaus.formulare"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        # `laeuft_ab_am` is set to the last save + 30 days by formulare.
        return Entwurf.objects.filter(laeuft_ab_am__lt=stichtag)
