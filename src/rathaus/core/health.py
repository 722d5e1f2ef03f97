"""State of the database and the background worker for /healthz."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

# A task that waits longer than this means no worker is taking work.
WORKER_STALL_AFTER = timedelta(seconds=120)


@dataclass(frozen=True)
class Health:
    ok: bool
    checks: dict[str, dict[str, object]]


def database_check() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return {"status": "error", "error": exc.__class__.__name__}
    return {"status": "ok", "vendor": connection.vendor}


def worker_check() -> dict[str, object]:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_rq.RQBackend":
        return _rq_check()
    if backend != "django_tasks_db.DatabaseBackend":
        return {"status": "unknown", "backend": backend}
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        last_done = (
            DBTaskResult.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        pending = waiting.count()
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}
    stalled = oldest is not None and now - oldest > WORKER_STALL_AFTER
    return {
        "status": "stalled" if stalled else "ok",
        "backend": "database",
        "pending": pending,
        "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else None,
        "last_finished": last_done.isoformat() if last_done else None,
    }


def outbox_check() -> dict[str, object]:
    """Rows given up (dead letters) and rows failing: an alert, not an outage — the site
    works, but an email or a hand-over waits for an administrator (admin: Outbox)."""
    from .outbox import dead_letters, failing_rows

    try:
        aufgegeben = dead_letters().count()
        fehlschlagend = failing_rows().count()
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}
    return {
        "status": "warning" if aufgegeben or fehlschlagend else "ok",
        "dead_letters": aufgegeben,
        "failing": fehlschlagend,
    }


def health() -> Health:
    checks = {"database": database_check(), "worker": worker_check(), "outbox": outbox_check()}
    ok = checks["database"]["status"] == "ok" and checks["worker"]["status"] != "stalled"
    return Health(ok=ok, checks=checks)


def _rq_check() -> dict[str, object]:
    import django_rq
    from rq import Worker

    try:
        queue = django_rq.get_queue("default")
        workers = Worker.count(connection=queue.connection)
        pending = queue.count
    except Exception as exc:  # Redis unreachable
        return {"status": "error", "backend": "rq", "error": exc.__class__.__name__}
    return {
        "status": "ok" if workers or not pending else "stalled",
        "backend": "rq",
        "pending": pending,
        "workers": workers,
    }
