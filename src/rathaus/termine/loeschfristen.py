"""The Löschfristen of the Terminvergabe (see ``core.loeschfristen``): the personal data of
a booking (`Kontakt`: name, email, citizen account) N days after the appointment — the
booking itself stays, without anyone's name, for the statistics — and waiting list
entries N days after they were last changed once they are no longer waiting."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q

from rathaus.core.loeschfristen import Loeschfrist, registry

from .models import Kontakt, Wartelisteneintrag


@registry.register("termine_kontakte")
class Terminkontakte(Loeschfrist):
    titel = "Name und E-Mail-Adresse von Terminbuchungen (nach dem Termin)"
    tage = 30
    app_label = "rathaus.termine"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        return Kontakt.objects.filter(buchung__ende__lt=stichtag)


@registry.register("termine_warteliste")
class Warteliste(Loeschfrist):
    titel = "Einträge der Terminwarteliste (nach ihrer Erledigung)"
    tage = 30
    app_label = "rathaus.termine"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        return Wartelisteneintrag.objects.filter(
            Q(geaendert_am__lt=stichtag) & ~Q(status=Wartelisteneintrag.Status.WARTEND)
            | Q(bis_datum__lt=stichtag.date())
        )
