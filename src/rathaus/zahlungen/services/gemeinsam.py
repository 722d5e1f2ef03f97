"""State transitions and permission checks shared by the payment services."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write

from ..models import (
    Zahlung,
    ZahlungStatus,
)
from ..outbox import ZAHLUNG_BEZAHLT

log = logging.getLogger("rathaus.zahlungen.services")  # the name before the split

SUBJEKT_RE = re.compile(r"[a-z_]{1,30}:[A-Za-z0-9_-]{1,60}")
S = ZahlungStatus
# Allowed changes of a payment's state; anything else is refused (and changes nothing).
UEBERGAENGE: dict[str, frozenset[str]] = {
    S.OFFEN: frozenset({S.BEZAHLT, S.FEHLGESCHLAGEN, S.ABGEBROCHEN}),
    S.FEHLGESCHLAGEN: frozenset({S.BEZAHLT, S.OFFEN, S.ABGEBROCHEN}),
    S.ABGEBROCHEN: frozenset({S.BEZAHLT, S.OFFEN, S.FEHLGESCHLAGEN}),
    S.BEZAHLT: frozenset({S.ERSTATTET}),
    S.ERSTATTET: frozenset(),
}
OFFENE_ANBIETERSTATUS = ("", "INITIAL", "FAILED", "CANCELED")


class UngueltigerUebergang(ValidationError):
    pass


class ZahlungLaeuft(Exception):
    """Another request is starting this payment at the provider right now."""


def _zustand(zahlung: Zahlung, neu: str, *, actor: Actor, details: dict[str, Any]) -> bool:
    """Change the (locked) payment's state, with its Protokoll entry; False if unchanged."""
    alt = zahlung.status
    if alt == neu:
        return False
    if neu not in UEBERGAENGE[alt]:
        raise UngueltigerUebergang(
            _("Eine Zahlung im Status „%(alt)s“ kann nicht „%(neu)s“ werden.")
            % {"alt": S(alt).label, "neu": S(neu).label},
            code="uebergang",
        )
    zahlung.status = neu
    zahlung.save()
    protokoll_write(
        actor=actor, action=f"zahlung.{neu}", target=zahlung, details={"von": alt, **details}
    )
    if neu == S.BEZAHLT:
        outbox_write(
            topic=ZAHLUNG_BEZAHLT,
            key=zahlung.kassenzeichen,
            payload={
                "zahlung": str(zahlung.oeffentliche_id),
                "kassenzeichen": zahlung.kassenzeichen,
                "subjekt": zahlung.subjekt,
                "betrag_cent": zahlung.betrag_cent,
            },
            context=zahlung,
        )
    return True


def _darf(actor: Actor, recht: str) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_perm(recht))  # type: ignore[union-attr]
