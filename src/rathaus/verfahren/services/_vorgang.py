"""The Verfahren's Vorgang in the E-Akte: linked by id once known, else the one the E-Akte
consumer opened for the Antrag (its `verfahren_ref` is the Aktenzeichen)."""

from __future__ import annotations

from rathaus.akten.models import Vorgang

from ..models import Verfahren


def offener_vorgang(verfahren: Verfahren, *, akte_offen: bool = False) -> Vorgang | None:
    """The Verfahren's open (not zdA) Vorgang, or None; with `akte_offen` its Akte must be
    open too (to file into it)."""
    offen = Vorgang.objects.select_related("akte").filter(zda_am__isnull=True)
    if akte_offen:
        offen = offen.filter(akte__zda_am__isnull=True)
    if verfahren.vorgang_id is not None:
        return offen.filter(pk=verfahren.vorgang_id).first()
    return offen.filter(verfahren_ref=verfahren.aktenzeichen).order_by("pk").first()
