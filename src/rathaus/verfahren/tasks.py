"""Background work of the Verfahren (django.tasks; the worker runs it)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.tasks import task
from django.utils import timezone

from rathaus.core.periodic import Periodic, job_schedule, periodic_register


@task()
def fristen_pruefen_lauf() -> dict[str, int]:
    """Run the deadline check (services.fristen_check), then schedule the next run."""
    from .services import fristen_check

    try:
        return fristen_check()
    finally:
        fristenlauf_einplanen()


def naechster_lauf(jetzt: datetime | None = None) -> datetime:
    """Next 06:00 local time: deadlines are reported before the office opens."""
    jetzt = timezone.localtime(jetzt or timezone.now())
    lauf = timezone.make_aware(datetime.combine(jetzt.date(), time(6, 0)))
    return lauf if lauf > jetzt else lauf + timedelta(days=1)


FRISTENLAUF = "verfahren.fristen"


def fristenlauf_einplanen(*, force: bool = False) -> bool:
    """Plan the next morning run unless one is planned (`rathaus.core.periodic`); False if
    nothing was planned (a backend that cannot defer needs an external scheduler calling
    `fristen_check`)."""
    return job_schedule(FRISTENLAUF, force=force)


def fristenlauf_register() -> None:
    """Register the morning deadline check as a periodic job (the app's `ready`)."""
    periodic_register(
        Periodic(name=FRISTENLAUF, task=lambda: fristen_pruefen_lauf, next_run=naechster_lauf)
    )
