"""The outbox: rows written with their cause, delivered by the worker with backoff.

Delivery of one row runs in one transaction that holds the row's lock; the consumer's
database effects and ``delivered_at`` commit together, so a row is handed over exactly
once even when a worker is killed mid-way (the transaction rolls back and the row is
due again). Effects outside the database (email) are at-least-once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from rathaus.core.services import SYSTEM, Actor, protokoll_write

from .. import conf
from ..models import Outbox, OutboxTakt
from ..zustellung import Empfaenger, empfaenger_fuer, konsument

log = logging.getLogger(__name__)

BACKOFF_BASIS = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)
# How long a row being delivered without a transaction stays claimed: other workers leave
# it alone meanwhile; if its worker dies, the row is due again afterwards.
BELEGT_FUER = timedelta(minutes=10)


def backoff(versuche: int) -> timedelta:
    """Wait after the n-th failed attempt: 30 s, 1 min, 2 min … at most 6 hours."""
    basis = timedelta(
        seconds=float(getattr(settings, "RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN", 30))
    )
    return min(basis * (2 ** max(versuche - 1, 0)), BACKOFF_MAX)


def _enqueue(outbox_id: int, wann: datetime | None = None) -> None:
    from ..tasks import outbox_zustellen

    task = outbox_zustellen
    if wann is not None and task.get_backend().supports_defer:
        task = task.using(run_after=wann)
    try:
        task.enqueue(outbox_id)
    except Exception:  # the sweep delivers the row anyway
        log.warning(
            "outbox: Zustellung %s konnte nicht eingeplant werden", outbox_id, exc_info=True
        )


def outbox_write(
    *, topic: str, key: str, payload: dict[str, Any], kontext: models.Model | None = None
) -> list[Outbox]:
    """One row per consumer of ``topic``; call inside the transaction of the cause.

    Each row is enqueued for delivery when that transaction commits.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_write must run inside the transaction of its cause")
    jetzt = timezone.now()
    rows = Outbox.objects.bulk_create(
        Outbox(topic=topic, key=key, empfaenger=e, payload=payload, next_attempt_at=jetzt)
        for e in empfaenger_fuer(topic=topic, kontext=kontext)
    )
    for row in rows:
        transaction.on_commit(partial(_enqueue, row.pk), robust=True)
    transaction.on_commit(outbox_takt_planen, robust=True)
    return rows


def _fehlgeschlagen(row: Outbox, exc: Exception, jetzt: datetime) -> str:
    row.last_error = f"{type(exc).__name__}: {exc}"[:4000]
    row.next_attempt_at = jetzt + backoff(row.attempts)
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    log.warning(
        "outbox: %s %s → %s fehlgeschlagen (Versuch %d): %s",
        row.topic,
        row.key,
        row.empfaenger,
        row.attempts,
        row.last_error,
    )
    transaction.on_commit(partial(_enqueue, row.pk, row.next_attempt_at), robust=True)
    return "fehler"


def outbox_deliver(*, outbox_id: int, jetzt: datetime | None = None) -> str:
    """Deliver one due row; idempotent ("zugestellt", "fehler", "nicht_faellig", …).

    The consumer's `vorbereiten` runs first, without a transaction (on SQLite a transaction
    holds the database's write lock); `zustellen` then runs with the row locked, or, for a
    consumer with `ohne_transaktion` (emails), with the row claimed but no transaction."""
    jetzt = jetzt or timezone.now()
    vorab = Outbox.objects.filter(pk=outbox_id, delivered_at__isnull=True).first()
    if vorab is None:
        return "erledigt_oder_gesperrt"
    if vorab.next_attempt_at > jetzt:
        return "nicht_faellig"
    verbraucher: Empfaenger | None = None
    vorbereitet: Exception | None = None
    try:
        verbraucher = konsument(vorab.empfaenger)
        verbraucher.vorbereiten(vorab)
    except Exception as exc:
        vorbereitet = exc
    if verbraucher is not None and vorbereitet is None and verbraucher.ohne_transaktion:
        return _ohne_transaktion_zustellen(outbox_id, verbraucher, jetzt)
    with transaction.atomic():
        row = (
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(pk=outbox_id, delivered_at__isnull=True)
            .first()
        )
        if row is None:
            return "erledigt_oder_gesperrt"
        if row.next_attempt_at > jetzt:
            return "nicht_faellig"
        row.attempts += 1
        if vorbereitet is not None or verbraucher is None:
            return _fehlgeschlagen(row, vorbereitet or LookupError(row.empfaenger), jetzt)
        try:
            with transaction.atomic():
                verbraucher.zustellen(row)
        except Exception as exc:
            return _fehlgeschlagen(row, exc, jetzt)
        row.delivered_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "last_error", "delivered_at"])
        return "zugestellt"


def _ohne_transaktion_zustellen(outbox_id: int, verbraucher: Empfaenger, jetzt: datetime) -> str:
    """Deliver a row whose effect lies outside the database (an email) with no transaction
    open: on SQLite a transaction holds the one write lock, and an SMTP server that does not
    answer would hold it until its timeout. The row is claimed first (attempt counted, not
    due for `BELEGT_FUER`), then delivered, then marked; a worker that dies in between
    leaves the row due again later (at least once)."""
    with transaction.atomic():
        row = (
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(pk=outbox_id, delivered_at__isnull=True)
            .first()
        )
        if row is None:
            return "erledigt_oder_gesperrt"
        if row.next_attempt_at > jetzt:
            return "nicht_faellig"
        row.attempts += 1
        row.next_attempt_at = jetzt + BELEGT_FUER
        row.save(update_fields=["attempts", "next_attempt_at"])
    try:
        verbraucher.zustellen(row)
    except Exception as exc:
        with transaction.atomic():
            return _fehlgeschlagen(row, exc, jetzt)
    row.delivered_at = timezone.now()
    row.last_error = ""
    # the consumer may have thinned out the payload (personal data no longer needed)
    row.save(update_fields=["delivered_at", "last_error", "payload"])
    return "zugestellt"


def outbox_sweep(*, limit: int = 500, jetzt: datetime | None = None) -> int:
    """Deliver every due row (those whose task was lost); returns how many were delivered."""
    jetzt = jetzt or timezone.now()
    ids = list(
        Outbox.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=jetzt)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_deliver(outbox_id=pk, jetzt=jetzt) == "zugestellt" for pk in ids)


def _sweep_enqueue(wann: datetime) -> None:
    from ..tasks import outbox_sweep_task

    task = outbox_sweep_task
    if task.get_backend().supports_defer:
        task = task.using(run_after=wann)
    try:
        task.enqueue()
    except Exception:
        log.warning("outbox: Sweep konnte nicht eingeplant werden", exc_info=True)


def outbox_takt_planen(*, force: bool = False) -> bool:
    """Make sure one periodic sweep is planned; True if this call planned it.

    Cheap when a sweep is already planned (one read); a lost sweep (killed worker) is
    replaced as soon as its planned time has passed.
    """
    jetzt = timezone.now()
    geplant = OutboxTakt.objects.filter(pk=1).values_list("geplant_fuer", flat=True).first()
    if not force and geplant is not None and geplant > jetzt:
        return False
    with transaction.atomic():
        OutboxTakt.objects.bulk_create([OutboxTakt(pk=1)], ignore_conflicts=True)
        takt = OutboxTakt.objects.select_for_update().get(pk=1)
        if not force and takt.geplant_fuer is not None and takt.geplant_fuer > jetzt:
            return False
        takt.geplant_fuer = jetzt + timedelta(seconds=conf.outbox_sweep_sekunden())
        takt.save(update_fields=["geplant_fuer"])
        transaction.on_commit(partial(_sweep_enqueue, takt.geplant_fuer), robust=True)
    return True


@transaction.atomic
def outbox_retry(*, rows: Iterable[Outbox], actor: Actor) -> int:
    """Make undelivered rows due now (administrators' "retry now"); returns the count."""
    ids = [r.pk for r in rows]
    gesperrt = list(
        Outbox.objects.select_for_update().filter(pk__in=ids, delivered_at__isnull=True)
    )
    jetzt = timezone.now()
    for row in gesperrt:
        row.next_attempt_at = jetzt
        row.save(update_fields=["next_attempt_at"])
        protokoll_write(
            actor=actor or SYSTEM,
            action="antraege.outbox.retry",
            target=row,
            details={"versuche": row.attempts, "letzter_fehler": row.last_error[:500]},
        )
        transaction.on_commit(partial(_enqueue, row.pk), robust=True)
    return len(gesperrt)
