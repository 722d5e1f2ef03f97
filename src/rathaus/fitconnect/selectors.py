"""Reads of the fitconnect app: where an Antrag came from (FIT-Connect, sender, online
service) and where it was forwarded, for the Verfahren page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import Einreichung, EinreichungStatus, Weiterleitung


@dataclass(frozen=True)
class Herkunft:
    """An Antrag that arrived through FIT-Connect (or was forwarded through it)."""

    eingegangen: bool
    onlinedienst: str
    absender_referenz: str
    zustelldienst: str
    leistung_kennung: str
    submission_id: str
    eingegangen_am: datetime | None
    weitergeleitet_an: str
    weitergeleitet_am: datetime | None


def herkunft_of(*, antrag_id: int | None) -> Herkunft | None:
    """FIT-Connect facts of the Antrag ``antrag_id`` for the staff's Verfahren page, or None
    when it neither came nor went through FIT-Connect (two indexed reads)."""
    if antrag_id is None:
        return None
    e = (
        Einreichung.objects.filter(antrag_id=antrag_id, status=EinreichungStatus.ANGENOMMEN)
        .only(
            "onlinedienst",
            "absender_referenz",
            "zustelldienst",
            "leistung_kennung",
            "submission_id",
            "erledigt_am",
        )
        .first()
    )
    w = (
        Weiterleitung.objects.filter(antrag_id=antrag_id)
        .only("ziel_name", "erstellt_am", "destination_id")
        .order_by("-erstellt_am")
        .first()
    )
    if e is None and w is None:
        return None
    return Herkunft(
        eingegangen=e is not None,
        onlinedienst=e.onlinedienst if e else "",
        absender_referenz=e.absender_referenz if e else "",
        zustelldienst=e.zustelldienst if e else "",
        leistung_kennung=e.leistung_kennung if e else "",
        submission_id=str(e.submission_id) if e else "",
        eingegangen_am=e.erledigt_am if e else None,
        weitergeleitet_an=(w.ziel_name or str(w.destination_id)) if w else "",
        weitergeleitet_am=w.erstellt_am if w else None,
    )
