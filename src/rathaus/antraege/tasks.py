"""Background work of the antraege app (django.tasks; `rathaus db_worker` runs it)."""

from __future__ import annotations

from django.tasks import task


@task()
def outbox_zustellen(outbox_id: int) -> str:
    """Deliver one outbox row (enqueued when its transaction commits, and for retries)."""
    from .services import outbox_deliver

    return outbox_deliver(outbox_id=outbox_id)


@task()
def outbox_sweep_task() -> int:
    """Periodic sweep: deliver every due row, then plan the next sweep."""
    from .services import outbox_sweep, outbox_takt_planen

    try:
        return outbox_sweep()
    finally:
        outbox_takt_planen()
