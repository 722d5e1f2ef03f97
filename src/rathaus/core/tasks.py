"""Background work of core: the outbox (django.tasks; `rathaus db_worker` runs it)."""

from __future__ import annotations

from django.tasks import task


@task()
def outbox_deliver_task(outbox_id: int) -> str:
    """Deliver one outbox row (enqueued when its transaction commits, and for retries)."""
    from .outbox import outbox_deliver

    return outbox_deliver(outbox_id=outbox_id)


@task()
def outbox_sweep_task() -> int:
    """Every minute: deliver every due row, replace lost periodic runs, plan the next sweep."""
    from .outbox import outbox_sweep, outbox_sweep_schedule
    from .periodic import periodic_catch_up

    try:
        periodic_catch_up()
        return outbox_sweep()
    finally:
        outbox_sweep_schedule()
