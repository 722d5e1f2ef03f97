"""Periodic jobs (`rathaus.core.periodic`): one planned run per job, a lost run replaced by
the sweep, and nothing planned where the task backend cannot hold a run for later."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.core import periodic
from rathaus.core.models import Zeitplan
from rathaus.core.tasks import outbox_sweep_task

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def job(settings):
    """A registered daily job (its task: the outbox sweep, cheap and harmless)."""
    settings.TASKS = DB_TASKS
    name = "test.taeglich"
    periodic.periodic_register(
        periodic.Periodic(
            name=name,
            task=lambda: outbox_sweep_task,
            next_run=lambda jetzt: jetzt + timedelta(days=1),
        )
    )
    yield name
    periodic._jobs.pop(name)


def _laeufe() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status="READY").order_by("run_after"))


def test_a_job_is_planned_once_with_its_run(job):
    assert periodic.job_schedule(job) is True
    assert periodic.job_schedule(job) is False  # one planned run is enough
    (lauf,) = _laeufe()
    plan = Zeitplan.objects.get(name=job)
    assert lauf.run_after == plan.geplant_fuer > timezone.now() + timedelta(hours=23)
    assert periodic.job_schedule(job, force=True) is True  # the command's --force
    assert len(_laeufe()) == 2


def test_the_sweep_replaces_a_lost_run_and_leaves_a_planned_one(job):
    jetzt = timezone.now()
    # never planned: planned now (with the app's own jobs, deletion and deadline runs)
    assert job in periodic.periodic_catch_up(now=jetzt)
    assert periodic.periodic_catch_up(now=jetzt) == []  # planned: left alone
    # Its worker was killed: the planned time passed long ago and nothing planned anew.
    DBTaskResult.objects.all().delete()
    Zeitplan.objects.filter(name=job).update(geplant_fuer=jetzt - timedelta(hours=1))
    assert periodic.periodic_catch_up(now=jetzt) == [job]
    (lauf,) = _laeufe()
    assert lauf.run_after == Zeitplan.objects.get(name=job).geplant_fuer > jetzt
    # A run only just due (its worker may be at it) is not doubled.
    Zeitplan.objects.filter(name=job).update(geplant_fuer=jetzt - timedelta(minutes=1))
    assert periodic.periodic_catch_up(now=jetzt) == []


def test_nothing_is_planned_where_the_backend_cannot_defer(job, settings):
    settings.TASKS = IMMEDIATE
    assert periodic.job_schedule(job) is False
    assert not Zeitplan.objects.filter(name=job).exists()


def test_the_sweep_task_plans_its_next_run(settings):
    settings.TASKS = DB_TASKS
    settings.RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN = 60
    outbox_sweep_task.call()
    plan = Zeitplan.objects.get(name="outbox.sweep")
    assert timezone.now() < plan.geplant_fuer <= timezone.now() + timedelta(seconds=60)
    (lauf,) = [x for x in _laeufe() if x.task_path == outbox_sweep_task.module_path]
    assert lauf.run_after == plan.geplant_fuer
