"""Background work of the Verfahren (django.tasks; the worker runs it)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.apps import apps
from django.tasks import task
from django.utils import timezone


@task()
def fristen_pruefen_lauf() -> dict[str, int]:
    """Run the deadline check (services.fristen_pruefen), then schedule the next run."""
    from .services import fristen_pruefen

    try:
        return fristen_pruefen()
    finally:
        fristenlauf_einplanen()


def naechster_lauf(jetzt: datetime | None = None) -> datetime:
    """Next 06:00 local time: deadlines are reported before the office opens."""
    jetzt = timezone.localtime(jetzt or timezone.now())
    lauf = timezone.make_aware(datetime.combine(jetzt.date(), time(6, 0)))
    return lauf if lauf > jetzt else lauf + timedelta(days=1)


def fristenlauf_einplanen(*, run_after: datetime | None = None) -> bool:
    """Enqueue the next run unless one is pending; False if nothing was enqueued (backends
    that cannot defer need an external scheduler calling `fristen_pruefen`)."""
    backend = fristen_pruefen_lauf.get_backend()
    if not backend.supports_defer or not apps.is_installed("django_tasks_db"):
        return False
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(backend, DatabaseBackend):
        return False
    ausstehend = apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
        task_path=fristen_pruefen_lauf.module_path, status="READY"
    )
    if ausstehend.exists():
        return False
    fristen_pruefen_lauf.using(run_after=run_after or naechster_lauf()).enqueue()
    return True
