"""The Verfahren's Vorgang in the E-Akte, the one the intake opened for its Antrag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rathaus.akten.selectors import vorgang_offen_get

from ..models import Verfahren

if TYPE_CHECKING:
    from rathaus.akten.models import Vorgang


def offener_vorgang(verfahren: Verfahren, *, akte_offen: bool = False) -> Vorgang | None:
    """The Verfahren's open (not zdA) Vorgang, or None; with `akte_offen` its Akte must be
    open too (to file into it)."""
    return vorgang_offen_get(pk=verfahren.vorgang_id, akte_offen=akte_offen)
