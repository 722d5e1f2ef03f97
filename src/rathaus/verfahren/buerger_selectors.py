"""Reads for the citizen: one of their own Anträge with what the authority did with it.

Scoped to the citizen: an Antrag of someone else (or of no account) does not exist for
them (Antrag.DoesNotExist, the page answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rathaus.antraege.models import Antrag, StatusEintrag
from rathaus.antraege.selectors import antrag_fuer
from rathaus.konten.models import Buerger

from .models import Frist, Nachricht, Verfahren


@dataclass(frozen=True)
class OffeneNachforderung:
    """The authority waits for the citizen: until when, and what it asked for."""

    frist: date | None
    nachricht: Nachricht | None


@dataclass(frozen=True)
class MeinAntrag:
    antrag: Antrag
    verfahren: Verfahren | None
    verlauf: list[StatusEintrag] = field(default_factory=list)
    nachrichten: list[Nachricht] = field(default_factory=list)
    nachforderung: OffeneNachforderung | None = None

    @property
    def status(self) -> StatusEintrag | None:
        return self.verlauf[-1] if self.verlauf else None


def _verfahren_of(antrag: Antrag, buerger: Buerger) -> Verfahren | None:
    return (
        Verfahren.objects.filter(antrag=antrag, buerger=buerger)
        .select_related("organisationseinheit")
        .defer("zustand")
        .first()
    )


def _nachforderung(verfahren: Verfahren, nachrichten: list[Nachricht]) -> OffeneNachforderung:
    frist = (
        Frist.objects.filter(verfahren=verfahren, art=Frist.Art.NACHFORDERUNG, erledigt=False)
        .order_by("-erstellt_am", "-id")
        .first()
    )
    if frist is None:
        return OffeneNachforderung(None, nachrichten[-1] if nachrichten else None)
    # The message that asked is written in the same step as its deadline, right after it.
    gefragt = next((n for n in nachrichten if n.erstellt_am >= frist.erstellt_am), None)
    return OffeneNachforderung(frist.datum, gefragt)


def mein_antrag(*, buerger: Buerger, pk: int) -> MeinAntrag:
    """The citizen's Antrag `pk` with its status history, the authority's messages about it
    and the open Nachforderung (if the Verfahren waits for an answer)."""
    antrag = antrag_fuer(pk=pk, buerger=buerger, sitzung_ids=[])
    if antrag is None:
        raise Antrag.DoesNotExist("Antrag nicht gefunden.")
    verlauf = sorted(antrag.status_eintraege.all(), key=lambda s: (s.zeitpunkt, s.pk))
    verfahren = _verfahren_of(antrag, buerger)
    if verfahren is None:
        return MeinAntrag(antrag, None, verlauf)
    nachrichten = list(
        Nachricht.objects.filter(verfahren=verfahren, richtung=Nachricht.Richtung.AUSGANG).order_by(
            "erstellt_am", "id"
        )
    )
    nachforderung = (
        _nachforderung(verfahren, nachrichten)
        if verfahren.status == Verfahren.Status.WARTET
        else None
    )
    return MeinAntrag(antrag, verfahren, verlauf, nachrichten, nachforderung)
