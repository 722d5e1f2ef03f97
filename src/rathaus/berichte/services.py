"""Writes of the berichte app: a new snapshot of the figures."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from rathaus.core.services import Actor, protokoll_write

from .kennzahlen import kennzahlen_berechnen
from .models import Kennzahlenstand


def kennzahlenstand_create(*, actor: Actor, jetzt: datetime | None = None) -> Kennzahlenstand:
    """Compute every figure now and store them as the newest snapshot (with a Protokoll
    entry); the computation runs before the transaction, which only writes."""
    daten = kennzahlen_berechnen(jetzt=jetzt or timezone.now())
    gruppen = daten.pop("gruppen")
    leistungen = daten.pop("leistungen")
    with transaction.atomic():
        stand = Kennzahlenstand.objects.create(
            berechnet_am=datetime.fromisoformat(daten["berechnet_am"]),
            modell=daten["modell"],
            kopf=daten,
            gruppen=gruppen,
            leistungen=leistungen,
        )
        protokoll_write(
            actor=actor,
            action="kennzahlenstand.create",
            target=stand,
            details={"modell": stand.modell, "leistungen": len(leistungen)},
        )
    return stand
