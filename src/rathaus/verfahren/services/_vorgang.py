"""The Verfahren's Vorgang in the E-Akte, the one the intake opened for its Antrag."""

from __future__ import annotations

from rathaus.akten.models import Vorgang

from ..models import Verfahren


def offener_vorgang(verfahren: Verfahren, *, akte_offen: bool = False) -> Vorgang | None:
    """The Verfahren's open (not zdA) Vorgang, or None; with `akte_offen` its Akte must be
    open too (to file into it)."""
    offen = Vorgang.objects.select_related("akte").filter(
        pk=verfahren.vorgang_id, zda_am__isnull=True
    )
    if akte_offen:
        offen = offen.filter(akte__zda_am__isnull=True)
    return offen.first()
