"""The outbox: work for later, written in the transaction of its cause, delivered by the
worker with backoff.

An app that emits or consumes messages declares its topics and registers its consumers in
one module of its own (`<app>/outbox.py`), imported when the app starts. `outbox_write`
writes one row per consumer that the message concerns, so one failing consumer never
repeats another.

Delivery of one row runs in one transaction that holds the row's lock; the consumer's
database effects and ``delivered_at`` commit together, so a row is handed over exactly
once even when a worker is killed mid-way (the transaction rolls back and the row is due
again). A consumer whose effect lies outside the database (an email) or that runs its own
transactions (the intake pipeline) is delivered with the row claimed instead: at least once,
so it must be idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Outbox
from .plugins import Registry
from .services import SYSTEM, Actor, protokoll_write

log = logging.getLogger(__name__)

BACKOFF_MAX = timedelta(hours=6)
# How long a row being delivered without the row's transaction stays claimed: other workers
# leave it alone meanwhile; if its worker dies, the row is due again afterwards.
BELEGT_FUER = timedelta(minutes=10)
SWEEP = "outbox.sweep"


class Consumer:
    """Base class of an outbox consumer; `deliver` must be idempotent per row."""

    topics: ClassVar[tuple[str, ...]] = ()
    # True for a consumer whose effect lies outside the database (an email) or that opens
    # its own transactions: `deliver` then runs without the row's transaction and lock, so
    # a slow mail server never holds a database lock (see `outbox_deliver`).
    outside_transaction: ClassVar[bool] = False

    def concerns(self, context: models.Model | None) -> bool:
        """Whether a message about `context` is for this consumer at all."""
        return True

    def prepare(self, row: Outbox) -> None:
        """Slow work that needs no lock (rendering a document …), done before the row is
        locked and outside any transaction; keep the result on `self` for `deliver`. An
        exception counts as a failed attempt."""

    def deliver(self, row: Outbox) -> None:  # pragma: no cover - interface
        raise NotImplementedError


consumers = Registry[Consumer]()


class DeliveryError(Exception):
    """The consumer cannot take the message now; the row is retried with backoff."""


def consumers_for(*, topic: str, context: models.Model | None) -> list[str]:
    return [
        ident
        for ident in consumers
        if topic in consumers[ident].topics and consumers[ident]().concerns(context)
    ]


def consumer(ident: str) -> Consumer:
    if ident not in consumers:
        raise LookupError(f"kein Empfänger {ident!r} registriert")
    return consumers[ident]()


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 30 s, 1 min, 2 min … at most 6 hours."""
    basis = timedelta(seconds=float(settings.RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN))
    return min(basis * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def failing_rows() -> QuerySet[Outbox]:
    """Undelivered rows that failed at least the warning number of times."""
    return Outbox.objects.filter(
        delivered_at__isnull=True, attempts__gte=settings.RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB
    )


def dead_letters() -> QuerySet[Outbox]:
    """Rows given up after the most attempts: they wait for an administrator's retry."""
    return Outbox.objects.filter(delivered_at__isnull=True, dead_letter_at__isnull=False)


def _enqueue(outbox_id: int, when: datetime | None = None) -> None:
    from .tasks import outbox_deliver_task

    task = outbox_deliver_task
    if when is not None and task.get_backend().supports_defer:
        task = task.using(run_after=when)
    try:
        task.enqueue(outbox_id)
    except Exception:  # the sweep delivers the row anyway
        log.warning(
            "outbox: Zustellung %s konnte nicht eingeplant werden", outbox_id, exc_info=True
        )


def outbox_write(
    *, topic: str, key: str, payload: dict[str, Any], context: models.Model | None = None
) -> list[Outbox]:
    """One row per consumer of `topic` concerned by `context`; call inside the transaction
    of the cause. Each row is enqueued for delivery when that transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_write must run inside the transaction of its cause")
    now = timezone.now()
    rows = Outbox.objects.bulk_create(
        Outbox(topic=topic, key=key, consumer=c, payload=payload, next_attempt_at=now)
        for c in consumers_for(topic=topic, context=context)
    )
    for row in rows:
        transaction.on_commit(partial(_enqueue, row.pk), robust=True)
    transaction.on_commit(outbox_sweep_schedule, robust=True)
    return rows


def _failed(row: Outbox, exc: Exception, now: datetime) -> str:
    row.last_error = f"{type(exc).__name__}: {exc}"[:4000]
    row.next_attempt_at = now + backoff(row.attempts)
    if row.attempts >= settings.RATHAUS_ANTRAEGE_OUTBOX_MAX_VERSUCHE:
        # The dead-letter state: visible in the admin and in /healthz, logged as an error,
        # tried again only when an administrator says so (`outbox_retry`).
        row.dead_letter_at = now
        row.save(update_fields=["attempts", "last_error", "next_attempt_at", "dead_letter_at"])
        log.error(
            "outbox: %s %s → %s nach %d Versuchen aufgegeben: %s",
            row.topic,
            row.key,
            row.consumer,
            row.attempts,
            row.last_error,
        )
        return "aufgegeben"
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    log.warning(
        "outbox: %s %s → %s fehlgeschlagen (Versuch %d): %s",
        row.topic,
        row.key,
        row.consumer,
        row.attempts,
        row.last_error,
    )
    transaction.on_commit(partial(_enqueue, row.pk, row.next_attempt_at), robust=True)
    return "fehler"


def _lock_due(outbox_id: int, now: datetime) -> Outbox | str:
    """The row locked for this transaction with its attempt counted, or why not."""
    row = (
        Outbox.objects.select_for_update(skip_locked=True)
        .filter(pk=outbox_id, delivered_at__isnull=True, dead_letter_at__isnull=True)
        .first()
    )
    if row is None:
        return "erledigt_oder_gesperrt"
    if row.next_attempt_at > now:
        return "nicht_faellig"
    row.attempts += 1
    return row


def outbox_deliver(*, outbox_id: int, now: datetime | None = None) -> str:
    """Deliver one due row; idempotent ("zugestellt", "fehler", "nicht_faellig", …).

    The consumer's `prepare` runs first, without a transaction (on SQLite a transaction
    holds the database's write lock); `deliver` then runs with the row locked, or, for a
    consumer `outside_transaction`, with the row claimed but no transaction."""
    now = now or timezone.now()
    ahead = Outbox.objects.filter(
        pk=outbox_id, delivered_at__isnull=True, dead_letter_at__isnull=True
    ).first()
    if ahead is None:
        return "erledigt_oder_gesperrt"
    if ahead.next_attempt_at > now:
        return "nicht_faellig"
    handler: Consumer | None = None
    prepared: Exception | None = None
    try:
        handler = consumer(ahead.consumer)
        handler.prepare(ahead)
    except Exception as exc:
        prepared = exc
    if handler is not None and prepared is None and handler.outside_transaction:
        return _deliver_outside_transaction(outbox_id, handler, now)
    with transaction.atomic():
        row = _lock_due(outbox_id, now)
        if isinstance(row, str):
            return row
        if prepared is not None or handler is None:
            return _failed(row, prepared or LookupError(row.consumer), now)
        try:
            with transaction.atomic():
                handler.deliver(row)
        except Exception as exc:
            return _failed(row, exc, now)
        row.delivered_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "last_error", "delivered_at"])
        return "zugestellt"


def _deliver_outside_transaction(outbox_id: int, handler: Consumer, now: datetime) -> str:
    """Claim the row (attempt counted, not due for `BELEGT_FUER`), deliver with no
    transaction open, then mark it; a worker that dies in between leaves the row due again
    later (at least once)."""
    with transaction.atomic():
        row = _lock_due(outbox_id, now)
        if isinstance(row, str):
            return row
        row.next_attempt_at = now + BELEGT_FUER
        row.save(update_fields=["attempts", "next_attempt_at"])
    try:
        handler.deliver(row)
    except Exception as exc:
        with transaction.atomic():
            return _failed(row, exc, now)
    row.delivered_at = timezone.now()
    row.last_error = ""
    # the consumer may have thinned out the payload (personal data no longer needed)
    row.save(update_fields=["delivered_at", "last_error", "payload"])
    return "zugestellt"


def outbox_sweep(*, limit: int = 500, now: datetime | None = None) -> int:
    """Deliver every due row (those whose task was lost); returns how many were delivered."""
    now = now or timezone.now()
    ids = list(
        Outbox.objects.filter(
            delivered_at__isnull=True, dead_letter_at__isnull=True, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_deliver(outbox_id=pk, now=now) == "zugestellt" for pk in ids)


def outbox_sweep_schedule(*, force: bool = False) -> bool:
    """Make sure one periodic sweep is planned; True if this call planned it. Cheap when
    one is planned (one read); a lost sweep is replaced once its planned time has passed."""
    from .periodic import periodic_schedule
    from .tasks import outbox_sweep_task

    return periodic_schedule(
        name=SWEEP,
        task=outbox_sweep_task,
        when=timezone.now()
        + timedelta(seconds=int(settings.RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN)),
        force=force,
        run_now_without_defer=True,
    )


@transaction.atomic
def outbox_retry(*, rows: Iterable[Outbox], actor: Actor) -> int:
    """Make undelivered rows due now (administrators' "retry now"), dead letters included
    (they start counting their attempts afresh); returns the count."""
    ids = [r.pk for r in rows]
    locked = list(Outbox.objects.select_for_update().filter(pk__in=ids, delivered_at__isnull=True))
    now = timezone.now()
    for row in locked:
        details = {
            "versuche": row.attempts,
            "letzter_fehler": row.last_error[:500],
            "aufgegeben": row.dead_letter_at is not None,
        }
        row.next_attempt_at = now
        if row.dead_letter_at is not None:
            row.dead_letter_at = None
            row.attempts = 0
        row.save(update_fields=["next_attempt_at", "dead_letter_at", "attempts"])
        protokoll_write(actor=actor or SYSTEM, action="outbox.retry", target=row, details=details)
        transaction.on_commit(partial(_enqueue, row.pk), robust=True)
    return len(locked)
