"""Reads of the catalogue for the portal and the API. All public data: no user argument."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from .models import (
    Ebene,
    Lebenslage,
    Leistung,
    OzgLeistung,
    Themenfeld,
    Zustaendigkeit,
)
from .search import SuchanfrageUngueltig, Suchergebnis, leistung_search
from .search.index import index_version

if TYPE_CHECKING:
    from rathaus.organisation.models import Organisationseinheit

__all__ = [
    "SuchanfrageUngueltig",
    "Suchergebnis",
    "beispielinhalt_geladen",
    "ebene_label",
    "katalog_geladen",
    "katalog_version",
    "lebenslage_detail",
    "lebenslage_detail_by_id",
    "lebenslagen_filter",
    "lebenslagen_list",
    "leistung_by_leika",
    "leistung_detail",
    "leistung_detail_by_id",
    "leistung_search",
    "leistungen_az",
    "leistungen_beliebt",
    "leistungen_filter",
    "leistungen_list",
    "leistungen_of_lebenslage",
    "leistungen_of_organisationseinheit",
    "leistungen_search_filtered",
    "ozg_leistung_detail_by_id",
    "ozg_leistungen_filter",
    "ozg_leistungen_list",
    "themenfeld_detail",
    "themenfeld_detail_by_id",
    "themenfelder_by_name",
    "themenfelder_list",
]


def _hier() -> Exists:
    return Exists(
        Zustaendigkeit.objects.filter(leistung=OuterRef("pk"), gebiet_ags=settings.RATHAUS_AGS)
    )


def _anzeigename() -> Coalesce:
    """`Leistung.anzeigename` in SQL: the Leistungsbezeichnung II where set, else the name."""
    return Coalesce(NullIf(F("name_buerger"), Value("")), "name")


def katalog_version() -> int:
    """A number that changes whenever a Leistung's texts change (for page caches)."""
    return index_version()


def leistungen_list() -> QuerySet[Leistung]:
    return Leistung.objects.select_related("ozg_leistung").order_by("name", "pk")


def _leistung_detail_qs() -> QuerySet[Leistung]:
    return Leistung.objects.select_related("ozg_leistung__lebenslage__themenfeld").prefetch_related(
        "gebuehren",
        Prefetch(
            "zustaendigkeiten",
            queryset=Zustaendigkeit.objects.filter(gebiet_ags=settings.RATHAUS_AGS)
            .select_related("organisationseinheit__standort")
            .prefetch_related(
                "organisationseinheit__oeffnungszeiten",
                "organisationseinheit__sonderoeffnungen",
            ),
        ),
    )


def leistung_detail(*, slug: str) -> Leistung:
    """One Leistung with everything its page shows; raises Leistung.DoesNotExist."""
    return _leistung_detail_qs().get(slug=slug)


def leistungen_beliebt(*, limit: int = 8) -> list[Leistung]:
    """The most requested services of this city (by yearly demand)."""
    return list(
        Leistung.objects.filter(nachfrage__gt=0)
        .annotate(hier=_hier())
        .filter(hier=True)
        .order_by("-nachfrage", "name")[:limit]
    )


def themenfelder_list() -> QuerySet[Themenfeld]:
    """Themenfelder with the Lebenslagen that hold at least one service.

    The OZG catalogue carries a few empty placeholder Lebenslagen ("aaabbbccc"); a citizen
    should never be led to an empty page.
    """
    mit_leistungen = Lebenslage.objects.filter(
        Exists(Leistung.objects.filter(ozg_leistung__lebenslage=OuterRef("pk")))
    ).order_by("name")
    return Themenfeld.objects.prefetch_related(
        Prefetch("lebenslagen", queryset=mit_leistungen)
    ).order_by("name")


def themenfeld_detail(*, slug: str) -> Themenfeld:
    return themenfelder_list().get(slug=slug)


def lebenslagen_list() -> QuerySet[Lebenslage]:
    return Lebenslage.objects.select_related("themenfeld").order_by("name")


def lebenslage_detail(*, slug: str) -> Lebenslage:
    return Lebenslage.objects.select_related("themenfeld").get(slug=slug)


def leistungen_of_lebenslage(*, lebenslage: Lebenslage) -> QuerySet[Leistung]:
    """Services of a life situation; those this city provides first."""
    return (
        Leistung.objects.filter(ozg_leistung__lebenslage=lebenslage)
        .annotate(hier=_hier(), anzeigename_sql=_anzeigename())
        .order_by("-hier", "-nachfrage", "anzeigename_sql", "pk")
    )


def leistungen_az(*, buchstabe: str | None) -> QuerySet[Leistung]:
    """A–Z index by the name citizens see; `buchstabe` is one letter (umlauts sort with their
    base letter) or '0-9'."""
    queryset = Leistung.objects.annotate(hier=_hier(), anzeigename_sql=_anzeigename()).order_by(
        "anzeigename_sql", "pk"
    )
    if buchstabe is None:
        return queryset
    if buchstabe == "0-9":
        return queryset.filter(anzeigename_sql__regex=r"^[0-9(]")
    letter = buchstabe.upper()
    umlaut = {"A": "Ä", "O": "Ö", "U": "Ü"}.get(letter)
    condition = Q(anzeigename_sql__istartswith=letter)
    if umlaut:
        condition |= Q(anzeigename_sql__startswith=umlaut) | Q(
            anzeigename_sql__startswith=umlaut.lower()
        )
    return queryset.filter(condition)


def leistungen_of_organisationseinheit(*, oe: Organisationseinheit) -> QuerySet[Leistung]:
    return (
        Leistung.objects.filter(
            zustaendigkeiten__organisationseinheit=oe,
            zustaendigkeiten__gebiet_ags=settings.RATHAUS_AGS,
        )
        .distinct()
        .annotate(anzeigename_sql=_anzeigename())
        .order_by("anzeigename_sql", "pk")
    )


def ozg_leistungen_list() -> QuerySet[OzgLeistung]:
    return (
        OzgLeistung.objects.select_related("lebenslage__themenfeld")
        .annotate(anzahl_leistungen=Count("leistungen"))
        .order_by("ozg_id")
    )


@dataclass(frozen=True)
class Buchstabe:
    buchstabe: str
    vorhanden: bool


def az_buchstaben() -> list[Buchstabe]:
    """Letters of the A–Z index and whether any service starts with them."""
    firsts = {
        (name[:1].upper().replace("Ä", "A").replace("Ö", "O").replace("Ü", "U"))
        for name in Leistung.objects.annotate(anzeigename_sql=_anzeigename()).values_list(
            "anzeigename_sql", flat=True
        )
    }
    letters = [Buchstabe(chr(c), chr(c) in firsts) for c in range(ord("A"), ord("Z") + 1)]
    digits = any(f.isdigit() or f == "(" for f in firsts)
    return [*letters, Buchstabe("0-9", digits)]


# --- Reads by id and with filters, for the REST API ---------------------------------------

# Beyond this many hits a filtered search stops ranking; the whole catalogue has ~5,300.
_SUCHE_ALLE = 100_000


def leistungen_filter(
    *,
    themenfeld: Themenfeld | None = None,
    lebenslage: Lebenslage | None = None,
    ozg_id: str | None = None,
    leika_schluessel: str | None = None,
    organisationseinheit: Organisationseinheit | None = None,
    leistung_ids: Collection[int] | None = None,
) -> QuerySet[Leistung]:
    """Leistungen matching every given filter (None: not filtered), by name.

    `leistung_ids` restricts to those Leistungen: what a higher app decides, such as the
    OZG maturity (berichte), which follows from the forms above the catalogue.
    """
    queryset = leistungen_list()
    if themenfeld is not None:
        queryset = queryset.filter(ozg_leistung__lebenslage__themenfeld=themenfeld)
    if lebenslage is not None:
        queryset = queryset.filter(ozg_leistung__lebenslage=lebenslage)
    if ozg_id is not None:
        queryset = queryset.filter(ozg_leistung__ozg_id=ozg_id)
    if leika_schluessel is not None:
        queryset = queryset.filter(leika_schluessel=leika_schluessel)
    if leistung_ids is not None:
        queryset = queryset.filter(pk__in=list(leistung_ids))
    if organisationseinheit is not None:
        queryset = queryset.filter(
            Exists(
                Zustaendigkeit.objects.filter(
                    leistung=OuterRef("pk"),
                    organisationseinheit=organisationseinheit,
                    gebiet_ags=settings.RATHAUS_AGS,
                )
            )
        )
    return queryset


def leistungen_search_filtered(
    *,
    query: str,
    limit: int,
    offset: int,
    themenfeld: Themenfeld | None = None,
    lebenslage: Lebenslage | None = None,
    ozg_id: str | None = None,
    leika_schluessel: str | None = None,
    organisationseinheit: Organisationseinheit | None = None,
    leistung_ids: Collection[int] | None = None,
) -> Suchergebnis:
    """`leistung_search` (relevance order) restricted by the filters of `leistungen_filter`.

    Without filters other than the Themenfeld the search engine pages itself; otherwise
    every hit is ranked and the page is cut after filtering. Raises SuchanfrageUngueltig.
    """
    themenfeld_id = themenfeld.pk if themenfeld is not None else None
    weitere = (lebenslage, ozg_id, leika_schluessel, organisationseinheit, leistung_ids)
    if all(value is None for value in weitere):
        return leistung_search(query=query, themenfeld_id=themenfeld_id, limit=limit, offset=offset)
    alle = leistung_search(query=query, themenfeld_id=themenfeld_id, limit=_SUCHE_ALLE)
    gefiltert = leistungen_filter(
        lebenslage=lebenslage,
        ozg_id=ozg_id,
        leika_schluessel=leika_schluessel,
        organisationseinheit=organisationseinheit,
        leistung_ids=leistung_ids,
    )
    ids = [leistung.pk for leistung in alle.treffer]
    erlaubt = set(gefiltert.filter(pk__in=ids).values_list("pk", flat=True))
    treffer = [leistung for leistung in alle.treffer if leistung.pk in erlaubt]
    return Suchergebnis(
        anfrage=alle.anfrage,
        gesamt=len(treffer),
        treffer=treffer[offset : offset + limit],
        korrekturen=alle.korrekturen,
        teiltreffer=alle.teiltreffer,
    )


def leistung_detail_by_id(*, pk: int) -> Leistung:
    """Like `leistung_detail`, by primary key; raises Leistung.DoesNotExist."""
    return _leistung_detail_qs().get(pk=pk)


def themenfeld_detail_by_id(*, pk: int) -> Themenfeld:
    return themenfelder_list().get(pk=pk)


def lebenslagen_filter(*, themenfeld: Themenfeld | None = None) -> QuerySet[Lebenslage]:
    queryset = lebenslagen_list()
    if themenfeld is not None:
        queryset = queryset.filter(themenfeld=themenfeld)
    return queryset


def lebenslage_detail_by_id(*, pk: int) -> Lebenslage:
    """One Lebenslage with its Themenfeld and OZG-Leistungen; raises Lebenslage.DoesNotExist."""
    return (
        lebenslagen_list()
        .prefetch_related(
            Prefetch("ozg_leistungen", queryset=OzgLeistung.objects.order_by("ozg_id"))
        )
        .get(pk=pk)
    )


def ozg_leistungen_filter(
    *, lebenslage: Lebenslage | None = None, name_contains: str | None = None
) -> QuerySet[OzgLeistung]:
    queryset = ozg_leistungen_list()
    if lebenslage is not None:
        queryset = queryset.filter(lebenslage=lebenslage)
    if name_contains:
        queryset = queryset.filter(name__icontains=name_contains)
    return queryset


def ozg_leistung_detail_by_id(*, pk: int) -> OzgLeistung:
    return ozg_leistungen_list().get(pk=pk)


def zustaendige_stelle(*, leistung: Leistung) -> Organisationseinheit | None:
    """The Organisationseinheit that handles applications for `leistung` in this city
    (its Zuständigkeit for the city's AGS; of several, the first recorded). The one answer
    the intake, the E-Akte and the Verfahren all use."""
    zustaendig = (
        Zustaendigkeit.objects.filter(leistung=leistung, gebiet_ags=settings.RATHAUS_AGS)
        .select_related("organisationseinheit")
        .order_by("pk")
        .first()
    )
    return zustaendig.organisationseinheit if zustaendig is not None else None


def themenfelder_by_name() -> QuerySet[Themenfeld]:
    """Every Themenfeld by name, nothing prefetched (the choices of a filter)."""
    return Themenfeld.objects.order_by("name")


def katalog_geladen() -> bool:
    """Whether the OZG catalogue has been imported (it has Themenfelder)."""
    return Themenfeld.objects.exists()


def beispielinhalt_geladen() -> bool:
    """Whether the demo content (Leistungen marked as Beispielinhalt) has been loaded."""
    return Leistung.objects.filter(beispielinhalt=True).exists()


def leistung_by_leika(*, leika_schluessel: str) -> Leistung | None:
    """The Leistung with this LeiKa key, None if the catalogue has none."""
    return Leistung.objects.filter(leika_schluessel=leika_schluessel).first()


def ebene_label(*, wert: str) -> str:
    """The name of an administrative level (Ebene) in the active language; ValueError for
    a value that is no Ebene."""
    return str(Ebene(wert).label)
