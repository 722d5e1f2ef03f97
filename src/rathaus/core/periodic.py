"""Periodic jobs (the outbox sweep, the daily deletion run, the morning deadline check):
one helper plans the next run of each, whatever task backend runs it.

A job's task calls `periodic_schedule` again when it has run (in a ``finally``), so each job
is a chain of deferred runs. One `Zeitplan` row per job, locked while planning, holds when
the next run is due: a second call while a run is planned changes nothing, and a run that
was lost (its worker killed) is replaced by the first call after its planned time — the
outbox sweep, which runs every minute, makes that call for every registered job
(`periodic_catch_up`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from .models import Zeitplan

log = logging.getLogger(__name__)

# A run whose planned time passed this long ago without a new plan is taken as lost.
VERLOREN_NACH = timedelta(minutes=15)


@dataclass(frozen=True)
class Periodic:
    """A registered periodic job: its task and when its next run is due after `now`."""

    name: str
    task: Callable[[], Task[Any, Any]]
    next_run: Callable[[datetime], datetime]


_jobs: dict[str, Periodic] = {}


def periodic_register(job: Periodic) -> None:
    """Register a job (in the app's `ready`), so lost runs are replaced."""
    _jobs[job.name] = job


def _enqueue(task: Task[Any, Any], when: datetime | None, name: str) -> None:
    if when is not None:
        task = task.using(run_after=when)
    try:
        task.enqueue()
    except Exception:
        log.warning("periodic: %s konnte nicht eingeplant werden", name, exc_info=True)


def periodic_schedule(
    *,
    name: str,
    task: Task[Any, Any],
    when: datetime,
    force: bool = False,
    run_now_without_defer: bool = False,
) -> bool:
    """Plan the run of job `name` at `when` unless a run is planned; True if planned now.

    A backend that cannot defer (the immediate backend of tests, an RQ setup without a
    scheduler) cannot hold a run for later: with `run_now_without_defer` the run happens at
    once (cheap jobs like the sweep), else nothing is planned and False returned — there the
    job needs an external scheduler (cron calling the management command)."""
    now = timezone.now()
    planned = Zeitplan.objects.filter(name=name).values_list("geplant_fuer", flat=True).first()
    if not force and planned is not None and planned > now:
        return False
    defer = task.get_backend().supports_defer
    if not defer and not run_now_without_defer:
        return False
    with transaction.atomic():
        Zeitplan.objects.bulk_create([Zeitplan(name=name)], ignore_conflicts=True)
        plan = Zeitplan.objects.select_for_update().get(name=name)
        if not force and plan.geplant_fuer is not None and plan.geplant_fuer > now:
            return False
        plan.geplant_fuer = when
        plan.save(update_fields=["geplant_fuer"])
        if defer:  # the database backend stores the run with the plan, in one commit
            _enqueue(task, when, name)
        else:  # runs at once: only after the plan is committed
            transaction.on_commit(partial(_enqueue, task, None, name), robust=True)
    return True


def periodic_catch_up(*, now: datetime | None = None) -> list[str]:
    """Plan again every registered job whose planned run is long overdue (lost with its
    worker) or was never planned; returns the names planned."""
    now = now or timezone.now()
    planned = dict(Zeitplan.objects.filter(name__in=_jobs).values_list("name", "geplant_fuer"))
    out = []
    for name, job in _jobs.items():
        when = planned.get(name)
        if when is not None and when > now - VERLOREN_NACH:
            continue
        if periodic_schedule(name=name, task=job.task(), when=job.next_run(now)):
            out.append(name)
    return out


def job_schedule(name: str, *, now: datetime | None = None, force: bool = False) -> bool:
    """Plan the next run of the registered job `name` (after a run, at bootstrap)."""
    job = _jobs[name]
    return periodic_schedule(
        name=name, task=job.task(), when=job.next_run(now or timezone.now()), force=force
    )
