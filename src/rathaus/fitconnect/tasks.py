"""Polling of the destination (django.tasks; the worker runs it): the fallback beside the
callbacks, every RATHAUS_FITCONNECT_ABRUF_SEKUNDEN — no submission waits for days."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from rathaus.core.periodic import Periodic, job_schedule, periodic_register

from . import conf

log = logging.getLogger(__name__)
ABRUF = "fitconnect.abruf"


@task()
def abruf() -> int:
    """One poll; plans the next one when done."""
    from .client import ApiFehler
    from .services import einreichungen_abholen

    try:
        return einreichungen_abholen()
    except ApiFehler as exc:
        log.warning("fitconnect: Abruf fehlgeschlagen: %s", exc)
        return 0
    finally:
        job_schedule(ABRUF)


def naechster_abruf(jetzt: datetime | None = None) -> datetime:
    return (jetzt or timezone.now()) + timedelta(seconds=conf.abruf_sekunden())


def abruf_jetzt() -> None:
    """A callback announced new submissions: poll at once (the listing is the truth)."""
    try:
        abruf.enqueue()
    except Exception:  # the periodic poll picks them up anyway
        log.warning("fitconnect: Abruf konnte nicht eingeplant werden", exc_info=True)


def abruf_register() -> None:
    """Register the poll as a periodic job (the app's `ready`); while the subscriber is
    switched off a run does nothing (the setting may change without a restart in tests)."""
    periodic_register(Periodic(name=ABRUF, task=lambda: abruf, next_run=naechster_abruf))
