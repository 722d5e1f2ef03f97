"""Consumers of outbox topics: a small registry of handlers per topic.

A consumer names the topics it takes and whether a message concerns it; the outbox
writes one row per concerned consumer, so one failing consumer never repeats another.
The back office plugs in here as one more consumer of ``antrag.eingereicht``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db import models

from rathaus.core.plugins import Registry

from .models import Outbox


class Empfaenger:
    """Base class of an outbox consumer; ``zustellen`` must be idempotent per row."""

    themen: ClassVar[tuple[str, ...]] = ()
    # True for a consumer whose effect lies outside the database (an email): `zustellen`
    # then runs without a transaction and without the row's lock, so a slow or unreachable
    # mail server never holds a database lock (see `outbox_deliver`).
    ohne_transaktion: ClassVar[bool] = False

    def betrifft(self, kontext: models.Model | None) -> bool:
        return True

    def vorbereiten(self, eintrag: Outbox) -> None:
        """Slow work that needs no lock (rendering a document …), done before the row is
        locked and outside any transaction, so no database lock is held meanwhile; keep the
        result on `self` for `zustellen`. An exception counts as a failed attempt."""

    def zustellen(self, eintrag: Outbox) -> None:  # pragma: no cover - interface
        raise NotImplementedError


empfaenger = Registry[Empfaenger]()


def empfaenger_fuer(*, topic: str, kontext: models.Model | None) -> list[str]:
    out = []
    for ident in empfaenger:
        cls = empfaenger[ident]
        if topic in cls.themen and cls().betrifft(kontext):
            out.append(ident)
    return out


def konsument(ident: str) -> Empfaenger:
    if ident not in empfaenger:
        raise LookupError(f"kein Empfänger {ident!r} registriert")
    return empfaenger[ident]()


def handler(ident: str) -> Callable[[Outbox], Any]:
    return konsument(ident).zustellen


from . import empfaenger as _eingebaut  # noqa: E402,F401 - registers the built-in consumers
