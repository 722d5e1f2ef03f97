"""Reads the portal's pages need beyond the catalogue and organisation selectors.

Everything here is public information: no user argument. The portal composes the reads of
`katalog`, `organisation` and `formulare`; it never queries their models itself except for
its own `Barrierefreiheitsmeldung`. What a service page claims about the online offer is
decided here, from the forms that exist, because the catalogue cannot know them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet

from rathaus.berichte import selectors as berichte
from rathaus.formulare import selectors as formulare
from rathaus.katalog import selectors as katalog
from rathaus.konten.selectors import konto_erforderlich
from rathaus.organisation import selectors as organisation
from rathaus.organisation.selectors import Oeffnungsstatus, Tagesplan

from .models import Barrierefreiheitsmeldung

if TYPE_CHECKING:
    from rathaus.katalog.models import Lebenslage, Leistung, Themenfeld
    from rathaus.organisation.models import Organisationseinheit

PRO_SEITE = 20


@dataclass(frozen=True)
class Seite[T]:
    """One page of a list, with what the page navigation needs."""

    eintraege: list[T]
    nummer: int
    gesamt: int
    pro_seite: int

    @property
    def seiten(self) -> int:
        return max(1, -(-self.gesamt // self.pro_seite))

    @property
    def start(self) -> int:
        return (self.nummer - 1) * self.pro_seite + 1 if self.gesamt else 0

    @property
    def ende(self) -> int:
        return min(self.nummer * self.pro_seite, self.gesamt)

    @property
    def vorige(self) -> int | None:
        return self.nummer - 1 if self.nummer > 1 else None

    @property
    def naechste(self) -> int | None:
        return self.nummer + 1 if self.nummer < self.seiten else None

    @property
    def nummern(self) -> list[int | None]:
        """Page numbers to link: first, last and two around the current one; None is a gap."""
        wanted = {1, self.seiten, *range(self.nummer - 2, self.nummer + 3)}
        result: list[int | None] = []
        for n in sorted(x for x in wanted if 1 <= x <= self.seiten):
            if result and result[-1] is not None and n - result[-1] > 1:
                result.append(None)
            result.append(n)
        return result


class SeiteNichtVorhanden(LookupError):
    """The requested page number lies beyond the last page."""


def seite_of[M: Model](
    queryset: QuerySet[M], *, nummer: int, pro_seite: int = PRO_SEITE
) -> Seite[M]:
    gesamt = queryset.count()
    seite: Seite[M] = Seite(eintraege=[], nummer=nummer, gesamt=gesamt, pro_seite=pro_seite)
    if nummer > seite.seiten:
        raise SeiteNichtVorhanden(nummer)
    offset = (nummer - 1) * pro_seite
    return Seite(
        eintraege=list(queryset[offset : offset + pro_seite]),
        nummer=nummer,
        gesamt=gesamt,
        pro_seite=pro_seite,
    )


@dataclass(frozen=True)
class Stelle:
    """An office responsible for a service, with its opening status at one moment."""

    oe: Organisationseinheit
    status: Oeffnungsstatus
    hinweis: str = ""


@dataclass(frozen=True)
class Onlineantrag:
    """This portal's own online form for a Leistung (the latest published Formular)."""

    formular_id: int
    # Above the basic level the form asks for a login, so the Bescheid always reaches the
    # citizen's Postfach; at the basic level a citizen without account gets it by post.
    nur_mit_konto: bool


@dataclass(frozen=True)
class LeistungSeite:
    leistung: Leistung
    stellen: list[Stelle]
    gebuehren: list
    lebenslage: Lebenslage | None
    themenfeld: Themenfeld | None
    onlineantrag: Onlineantrag | None
    # The OZG maturity from berichte, the one function the report and the API use too.
    reifegrad: berichte.Stufe
    # Where to ask when no responsible office is known (most catalogue entries).
    anlaufstelle: Organisationseinheit | None


def onlineantrag_of(*, leistung: Leistung) -> Onlineantrag | None:
    zeile = (
        formulare.formulare_veroeffentlicht()
        .filter(leistung=leistung)
        .order_by("-veroeffentlicht_am", "-pk")
        .values("pk", "vertrauensniveau")
        .first()
    )
    if zeile is None:
        return None
    return Onlineantrag(
        formular_id=zeile["pk"],
        nur_mit_konto=konto_erforderlich(vertrauensniveau=zeile["vertrauensniveau"]),
    )


def mit_onlineantrag(leistungen: Iterable[Leistung]) -> frozenset[int]:
    """Ids of those of `leistungen` that have an online form here (for badges in lists)."""
    ids = [leistung.pk for leistung in leistungen]
    if not ids:
        return frozenset()
    return frozenset(
        formulare.formulare_veroeffentlicht()
        .filter(leistung_id__in=ids)
        .values_list("leistung_id", flat=True)
    )


def leistung_seite(*, slug: str, now: datetime | None = None) -> LeistungSeite:
    """Everything the service page shows, in a fixed number of queries.

    Raises Leistung.DoesNotExist.
    """
    leistung = katalog.leistung_detail(slug=slug)
    stellen = [
        Stelle(
            oe=z.organisationseinheit,
            status=organisation.oeffnungsstatus(oe=z.organisationseinheit, now=now),
            hinweis=z.hinweis,
        )
        for z in leistung.zustaendigkeiten.all()
    ]
    lebenslage = leistung.ozg_leistung.lebenslage if leistung.ozg_leistung else None
    onlineantrag = onlineantrag_of(leistung=leistung)
    return LeistungSeite(
        leistung=leistung,
        stellen=stellen,
        gebuehren=list(leistung.gebuehren.all()),
        lebenslage=lebenslage,
        themenfeld=lebenslage.themenfeld if lebenslage else None,
        onlineantrag=onlineantrag,
        reifegrad=berichte.leistung_reifegrad(leistung=leistung).stufe,
        anlaufstelle=None if stellen else organisation.erste_anlaufstelle(),
    )


@dataclass(frozen=True)
class OrganisationSeite:
    oe: Organisationseinheit
    status: Oeffnungsstatus
    woche: list[Tagesplan]
    ausnahmen: list
    untereinheiten: list[Organisationseinheit]


def organisation_seite(*, slug: str, now: datetime | None = None) -> OrganisationSeite:
    """An office with its week, its upcoming exceptions and its sub-units.

    Raises Organisationseinheit.DoesNotExist.
    """
    oe = organisation.organisationseinheit_detail(slug=slug)
    status = organisation.oeffnungsstatus(oe=oe, now=now)
    heute = status.heute.datum
    return OrganisationSeite(
        oe=oe,
        status=status,
        woche=organisation.wochenplan(oe=oe, ab=heute),
        ausnahmen=[s for s in oe.sonderoeffnungen.all() if s.datum >= heute][:10],
        untereinheiten=sorted(oe.untereinheiten.all(), key=lambda u: u.name),
    )


def organisationseinheiten_baum() -> list[tuple[Organisationseinheit, list[Organisationseinheit]]]:
    """Top-level units (no parent, or whose parent is the administration) with children."""
    alle = list(organisation.organisationseinheiten_list())
    kinder: dict[int | None, list[Organisationseinheit]] = {}
    for oe in alle:
        kinder.setdefault(oe.uebergeordnet_id, []).append(oe)
    wurzeln = kinder.get(None, [])
    ebene: list[Organisationseinheit] = []
    for wurzel in wurzeln:
        if organisation.ist_verwaltung(oe=wurzel) and kinder.get(wurzel.pk):
            ebene.extend(kinder[wurzel.pk])
        else:
            ebene.append(wurzel)
    ebene.sort(key=lambda oe: oe.name)
    return [(oe, kinder.get(oe.pk, [])) for oe in ebene]


def meldung_by_eingangsnummer(*, eingangsnummer: str) -> Barrierefreiheitsmeldung | None:
    return Barrierefreiheitsmeldung.objects.filter(eingangsnummer=eingangsnummer).first()
