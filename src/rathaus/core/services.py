from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models, transaction
from django.utils import timezone

from .chain import GENESIS, entry_hash
from .models import Protokoll, ProtokollKette

Actor = AbstractBaseUser | AnonymousUser | str | None

SYSTEM = "system"


def _actor_fields(actor: Actor) -> tuple[User | None, str]:
    if actor is None or isinstance(actor, AnonymousUser):
        return None, "anonym"
    if isinstance(actor, str):
        return None, actor
    return actor, actor.get_username()  # type: ignore[return-value]


def protokoll_write_many(
    *,
    actor: Actor,
    action: str,
    entries: list[tuple[models.Model, dict[str, Any]]],
) -> int:
    """Record one audit entry per changed object of a bulk operation (importers)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("protokoll_write_many must run inside the transaction of the change")
    user, name = _actor_fields(actor)
    rows = [
        Protokoll(
            akteur=user,
            akteur_name=name[:200],
            aktion=action,
            objekt_typ=target._meta.label_lower,
            objekt_id=str(target.pk),
            objekt_bezeichnung=str(target)[:300],
            details=details,
        )
        for target, details in entries
    ]
    _chain(rows)
    Protokoll.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _chain(rows: list[Protokoll]) -> None:
    """Link new entries to the chain; the head row lock serialises concurrent writers."""
    if not rows:
        return
    head, _ = ProtokollKette.objects.select_for_update().get_or_create(pk=1)
    vorgaenger = head.letzter_hash or GENESIS
    now = timezone.now()
    for row in rows:
        row.zeitpunkt = now
        row.vorgaenger_hash = vorgaenger
        row.hash = vorgaenger = entry_hash(row, vorgaenger)
    head.letzter_hash = vorgaenger
    head.anzahl += len(rows)
    head.save(update_fields=["letzter_hash", "anzahl"])


def protokoll_write(
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    details: dict[str, Any] | None = None,
) -> Protokoll:
    """Record an audit entry; call it inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("protokoll_write must run inside the transaction of the change")
    user, name = _actor_fields(actor)
    entry = Protokoll(
        akteur=user,
        akteur_name=name[:200],
        aktion=action,
        objekt_typ=target._meta.label_lower,
        objekt_id=str(target.pk),
        objekt_bezeichnung=str(target)[:300],
        details=details or {},
    )
    _chain([entry])
    entry.save()
    return entry
