"""The Löschfrist of read Postfach messages (see `rathaus.core.loeschfristen`)."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from rathaus.core.loeschfristen import Loeschfrist, registry

from .models import Postfachnachricht


@registry.register("postfach_gelesen")
class PostfachGelesen(Loeschfrist):
    titel = "gelesene Postfachnachrichten (180 Tage nach dem Lesen)"
    tage = 180
    app_label = "rathaus.konten"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        return Postfachnachricht.objects.filter(gelesen_am__lt=stichtag)
