from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting_task(age: timedelta) -> None:
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rathaus.example.task",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - age)


@pytest.mark.django_db
def test_healthz_reports_database_and_worker(client, settings):
    settings.TASKS = DB_TASKS
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] == "ok"
    assert body["checks"]["worker"]["pending"] == 0
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_tolerates_a_fresh_task(client, settings):
    settings.TASKS = DB_TASKS
    _waiting_task(timedelta(seconds=5))
    worker = client.get("/healthz").json()["checks"]["worker"]
    assert worker["status"] == "ok"
    assert worker["pending"] == 1


@pytest.mark.django_db
def test_healthz_reports_a_stalled_worker(client, settings):
    settings.TASKS = DB_TASKS
    _waiting_task(timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["status"] == "stalled"
    assert worker["pending"] == 1
    assert worker["oldest_pending_seconds"] >= 600


@pytest.mark.django_db
def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
