"""The periodic run of the Terminvergabe (django.tasks; the worker runs it): release
unconfirmed reservations, hand freed slots to the waiting list, send tomorrow's reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from rathaus.core.periodic import Periodic, job_schedule, periodic_register

TERMINLAUF = "termine.lauf"


@task()
def terminlauf() -> dict[str, int]:
    """One run; plans the next one when done."""
    from .services import erinnerungen_send, reservierungen_release

    try:
        return {
            "freigegeben": reservierungen_release(),
            "erinnert": erinnerungen_send(),
        }
    finally:
        job_schedule(TERMINLAUF)


def naechster_lauf(jetzt: datetime | None = None) -> datetime:
    return (jetzt or timezone.now()) + timedelta(seconds=settings.RATHAUS_TERMINE_LAUF_SEKUNDEN)


def terminlauf_register() -> None:
    """Register the run as a periodic job (the app's `ready`)."""
    periodic_register(Periodic(name=TERMINLAUF, task=lambda: terminlauf, next_run=naechster_lauf))


def terminlauf_einplanen(*, force: bool = False) -> bool:
    """Plan the next run unless one is planned (`rathaus.core.periodic`); False if nothing
    was planned (a backend that cannot defer: the outbox sweep's catch-up plans it)."""
    return job_schedule(TERMINLAUF, force=force)
