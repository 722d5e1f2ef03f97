"""Background work of the payments: the reconciliation (every
RATHAUS_ZAHLUNG_ABGLEICH_SEKUNDEN) and the daily accounting export with its reconciliation
report for the day before (03:30), both periodic jobs of `rathaus.core.periodic`. Without a
task backend that can defer, cron calls `rathaus zahlungen_abgleich` and
`rathaus zahlungen_export` instead."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.tasks import Task, task
from django.utils import timezone

from rathaus.core.periodic import Periodic, job_schedule, periodic_register

ABGLEICH = "zahlungen.abgleich"
TAGESABSCHLUSS = "zahlungen.tagesabschluss"


def naechster_abgleich(jetzt: datetime) -> datetime:
    return jetzt + timedelta(seconds=int(settings.RATHAUS_ZAHLUNG_ABGLEICH_SEKUNDEN))


def naechster_tagesabschluss(jetzt: datetime) -> datetime:
    morgen = timezone.localdate(jetzt) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(morgen, time(3, 30)))


@task()
def zahlungen_abgleichen() -> dict[str, int]:
    """Ask the provider about every payment still open, then plan the next run."""
    from .services import zahlungen_sync_all

    try:
        return zahlungen_sync_all()
    finally:
        job_schedule(ABGLEICH)


@task()
def zahlungen_tagesabschluss() -> dict[str, Any]:
    """Yesterday's accounting export and reconciliation report as files."""
    from .berichte import tagesabschluss_schreiben

    try:
        gestern = timezone.localdate() - timedelta(days=1)
        return tagesabschluss_schreiben(tag=gestern)
    finally:
        job_schedule(TAGESABSCHLUSS)


def periodisch_registrieren() -> None:
    def abgleich() -> Task[Any, Any]:
        return zahlungen_abgleichen

    def abschluss() -> Task[Any, Any]:
        return zahlungen_tagesabschluss

    periodic_register(Periodic(name=ABGLEICH, task=abgleich, next_run=naechster_abgleich))
    periodic_register(
        Periodic(name=TAGESABSCHLUSS, task=abschluss, next_run=naechster_tagesabschluss)
    )
