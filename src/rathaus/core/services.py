from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models, transaction

from .models import Protokoll

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
    Protokoll.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


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
    return Protokoll.objects.create(
        akteur=user,
        akteur_name=name[:200],
        aktion=action,
        objekt_typ=target._meta.label_lower,
        objekt_id=str(target.pk),
        objekt_bezeichnung=str(target)[:300],
        details=details or {},
    )
