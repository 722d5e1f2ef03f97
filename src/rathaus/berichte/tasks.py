"""The periodic refresh of the figures (django.tasks; the worker runs it)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.tasks import task
from django.utils import timezone

from rathaus.core.periodic import Periodic, job_schedule, periodic_register

BERICHTLAUF = "berichte.kennzahlen"


@task()
def kennzahlen_lauf() -> int:
    """Compute a new snapshot, then schedule the next run; returns the snapshot's id."""
    from .services import kennzahlenstand_create

    try:
        return kennzahlenstand_create(actor="berichte.kennzahlen").pk
    finally:
        berichtlauf_einplanen()


def naechster_lauf(jetzt: datetime | None = None) -> datetime:
    """Next 03:30 local time: the night's figures are ready before the office opens."""
    jetzt = timezone.localtime(jetzt or timezone.now())
    lauf = timezone.make_aware(datetime.combine(jetzt.date(), time(3, 30)))
    return lauf if lauf > jetzt else lauf + timedelta(days=1)


def berichtlauf_einplanen(*, force: bool = False) -> bool:
    return job_schedule(BERICHTLAUF, force=force)


def berichtlauf_register() -> None:
    periodic_register(
        Periodic(name=BERICHTLAUF, task=lambda: kennzahlen_lauf, next_run=naechster_lauf)
    )
