"""Reads for the citizen: one of their own Anträge with what the authority did with it.

Scoped to the citizen: an Antrag of someone else (or of no account) does not exist for
them (None, the page answers 404). The level each of their Postfach
messages asks for (that of its Antrag) is read here for konten (``lesezugang``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rathaus.antraege.selectors import antrag_fuer, antrag_niveaus
from rathaus.konten.lesezugang import Vertrauensniveau, hoechstes

from .models import Bescheid, Frist, Nachricht, Verfahren

if TYPE_CHECKING:
    from rathaus.antraege.models import Antrag, StatusEintrag
    from rathaus.konten.models import Buerger, Postfachnachricht


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


def mein_antrag(*, buerger: Buerger, pk: int) -> MeinAntrag | None:
    """The citizen's Antrag `pk` with its status history, the authority's messages about it
    and the open Nachforderung (if the Verfahren waits for an answer); None when it is not
    one of theirs."""
    antrag = antrag_fuer(pk=pk, buerger=buerger, sitzung_ids=[])
    if antrag is None:
        return None
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


def postfach_niveaus(
    buerger: Buerger, nachrichten: Sequence[Postfachnachricht]
) -> dict[int, Vertrauensniveau]:
    """The level each of the citizen's messages asks for: the highest of the Anträge it
    belongs to – through the Verfahren's timeline or its Bescheid (every message of a
    Verfahren), or by the Aktenzeichen it names (the receipt the intake sends). Messages
    that belong to no Antrag of the citizen are left out (*basis*). Three queries."""
    ids = [n.pk for n in nachrichten]
    antraege: dict[int, set[int]] = {pk: set() for pk in ids}
    for quelle in (Nachricht.objects, Bescheid.objects):
        for pf, antrag_id in quelle.filter(postfachnachricht_id__in=ids).values_list(
            "postfachnachricht_id", "verfahren__antrag_id"
        ):
            if pf is not None:
                antraege[pf].add(antrag_id)
    nach_pk, nach_aktenzeichen = antrag_niveaus(
        buerger=buerger,
        pks={a for menge in antraege.values() for a in menge},
        aktenzeichen={n.dokument_referenz for n in nachrichten},
    )
    niveaus = {}
    for n in nachrichten:
        gefunden = [nach_pk[a] for a in antraege[n.pk] if a in nach_pk]
        if n.dokument_referenz in nach_aktenzeichen:
            gefunden.append(nach_aktenzeichen[n.dokument_referenz])
        if gefunden:
            niveaus[n.pk] = hoechstes(*gefunden)
    return niveaus
