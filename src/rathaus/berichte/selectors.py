"""Reads of the berichte app: the maturity level of a Leistung (the one function the
service page, the API and the report share) and the stored snapshots of the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from .models import Kennzahlenstand
from .quellen import merkmale_der_leistung, merkmale_of
from .reifegrad import MODELL_VERSION, Reifegrad, Stufe, stufe_bestimmen


class _MitPk(Protocol):
    """A Leistung (katalog's model is not imported here: only its id is read)."""

    pk: Any


__all__ = [
    "MODELL_VERSION",
    "Reifegrad",
    "Stand",
    "Stufe",
    "leistung_ids_mit_stufe",
    "leistung_reifegrad",
    "reifegrade_of",
    "staende_zwischen",
    "stand_aktuell",
    "stand_by_pk",
    "stand_leistungen",
    "stand_vor",
]


def leistung_reifegrad(*, leistung: _MitPk) -> Reifegrad:
    """The OZG maturity of one loaded Leistung with the criteria that decided it (the
    same rule as `reifegrade_of`; one query for its form, its Gebühren best prefetched)."""
    return stufe_bestimmen(merkmale_der_leistung(leistung))


def reifegrade_of(*, leistung_ids: list[int]) -> dict[int, Reifegrad]:
    """The maturity of each of these Leistungen (unknown ids are left out)."""
    return {pk: stufe_bestimmen(m) for pk, m in merkmale_of(leistung_ids).items()}


def leistung_ids_mit_stufe(*, stufe: int) -> list[int]:
    """Ids of every Leistung at this level (the API's filter)."""
    return [pk for pk, m in merkmale_of().items() if int(stufe_bestimmen(m).stufe) == stufe]


@dataclass(frozen=True)
class Stand:
    """The page's part of a snapshot: header and the figures per filter group."""

    pk: int
    berechnet_am: datetime
    kopf: dict[str, Any]
    gruppen: dict[str, Any]


_cache: dict[str, Stand] = {}


def stand_aktuell() -> Stand | None:
    """The newest snapshot without the per-Leistung levels; parsed once per process and
    snapshot (one indexed query per call decides whether it is still the newest)."""
    neuester = (
        Kennzahlenstand.objects.order_by("-berechnet_am", "-id")
        .values_list("pk", "berechnet_am")
        .first()
    )
    if neuester is None:
        return None
    gecacht = _cache.get("aktuell")
    # by id and time: a restored database may give an id to another snapshot
    if gecacht is not None and (gecacht.pk, gecacht.berechnet_am) == neuester:
        return gecacht
    stand = stand_by_pk(pk=neuester[0])
    _cache["aktuell"] = stand
    return stand


def stand_by_pk(*, pk: int) -> Stand:
    """One snapshot's header and figures; raises Kennzahlenstand.DoesNotExist."""
    zeile = (
        Kennzahlenstand.objects.filter(pk=pk).values("pk", "berechnet_am", "kopf", "gruppen").get()
    )
    return Stand(zeile["pk"], zeile["berechnet_am"], zeile["kopf"], zeile["gruppen"])


def stand_leistungen(*, pk: int) -> list[dict[str, Any]]:
    """The level of every Leistung in snapshot `pk`."""
    return Kennzahlenstand.objects.filter(pk=pk).values_list("leistungen", flat=True).get()


def staende_zwischen(*, von: datetime, bis: datetime) -> list[tuple[int, datetime]]:
    """(id, time) of the snapshots computed in [von, bis), oldest first."""
    return list(
        Kennzahlenstand.objects.filter(berechnet_am__gte=von, berechnet_am__lt=bis)
        .order_by("berechnet_am", "id")
        .values_list("pk", "berechnet_am")
    )


def stand_vor(*, zeitpunkt: datetime) -> int | None:
    """Id of the newest snapshot computed before `zeitpunkt`."""
    return (
        Kennzahlenstand.objects.filter(berechnet_am__lt=zeitpunkt)
        .order_by("-berechnet_am", "-id")
        .values_list("pk", flat=True)
        .first()
    )
