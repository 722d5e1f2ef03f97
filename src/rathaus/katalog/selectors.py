"""Reads of the catalogue for the portal and the API. All public data: no user argument."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from rathaus.organisation.models import Organisationseinheit

from .models import Lebenslage, Leistung, OzgLeistung, Themenfeld, Zustaendigkeit
from .search import SuchanfrageUngueltig, Suchergebnis, leistung_search

__all__ = [
    "SuchanfrageUngueltig",
    "Suchergebnis",
    "lebenslage_detail",
    "lebenslagen_list",
    "leistung_detail",
    "leistung_search",
    "leistungen_az",
    "leistungen_beliebt",
    "leistungen_list",
    "leistungen_of_lebenslage",
    "leistungen_of_organisationseinheit",
    "ozg_leistungen_list",
    "themenfeld_detail",
    "themenfelder_list",
]


def _hier() -> Exists:
    return Exists(
        Zustaendigkeit.objects.filter(leistung=OuterRef("pk"), gebiet_ags=settings.RATHAUS_AGS)
    )


def leistungen_list() -> QuerySet[Leistung]:
    return Leistung.objects.select_related("ozg_leistung").order_by("name", "pk")


def leistung_detail(*, slug: str) -> Leistung:
    """One Leistung with everything its page shows; raises Leistung.DoesNotExist."""
    return (
        Leistung.objects.select_related("ozg_leistung__lebenslage__themenfeld")
        .prefetch_related(
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
        .get(slug=slug)
    )


def leistungen_beliebt(*, limit: int = 8) -> list[Leistung]:
    """The most requested services of this city (by yearly demand)."""
    return list(
        Leistung.objects.filter(nachfrage__gt=0)
        .annotate(hier=_hier())
        .filter(hier=True)
        .order_by("-nachfrage", "name")[:limit]
    )


def themenfelder_list() -> QuerySet[Themenfeld]:
    return Themenfeld.objects.prefetch_related(
        Prefetch("lebenslagen", queryset=Lebenslage.objects.order_by("name"))
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
        .annotate(hier=_hier())
        .order_by("-hier", "-nachfrage", "name")
    )


def leistungen_az(*, buchstabe: str | None) -> QuerySet[Leistung]:
    """A–Z index; `buchstabe` is one letter (umlauts sort with their base letter) or '0-9'."""
    queryset = Leistung.objects.annotate(hier=_hier()).order_by("name")
    if buchstabe is None:
        return queryset
    if buchstabe == "0-9":
        return queryset.filter(name__regex=r"^[0-9(]")
    letter = buchstabe.upper()
    umlaut = {"A": "Ä", "O": "Ö", "U": "Ü"}.get(letter)
    condition = Q(name__istartswith=letter)
    if umlaut:
        condition |= Q(name__startswith=umlaut) | Q(name__startswith=umlaut.lower())
    return queryset.filter(condition)


def leistungen_of_organisationseinheit(*, oe: Organisationseinheit) -> QuerySet[Leistung]:
    return (
        Leistung.objects.filter(
            zustaendigkeiten__organisationseinheit=oe,
            zustaendigkeiten__gebiet_ags=settings.RATHAUS_AGS,
        )
        .distinct()
        .order_by("name")
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
        for name in Leistung.objects.values_list("name", flat=True)
    }
    letters = [Buchstabe(chr(c), chr(c) in firsts) for c in range(ord("A"), ord("Z") + 1)]
    digits = any(f.isdigit() or f == "(" for f in firsts)
    return [*letters, Buchstabe("0-9", digits)]
