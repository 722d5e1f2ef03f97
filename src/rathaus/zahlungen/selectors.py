"""Reads of the payments (permission-aware).

For the apps above: `gebuehr_vorschau` (the amount a form shows before submission, from
the same computation as `services.zahlung_create`), `zahlung_of_subjekt` (state of the
payment of ``"antrag:42"`` for the Verfahren page), `zahlung_url` (link to the pay page
for the receipt or a Postfach message).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from .gebuehren import Berechnung, gebuehr_berechnen, regeln_der_leistung
from .models import Faelligkeit, Gebuehrenregel, Zahlung

SITZUNG_SCHLUESSEL = "zahlungen"


def gebuehrenregeln_of(*, leistung_id: int) -> QuerySet[Gebuehrenregel]:
    return Gebuehrenregel.objects.filter(leistung_id=leistung_id, aktiv=True)


def gebuehr_vorschau(
    *, leistung_id: int, antworten: Mapping[str, Any], faelligkeit: str = Faelligkeit.VORAB
) -> Berechnung | None:
    """The fee for these answers (ValidationError for a bad count); None without rules."""
    regeln = regeln_der_leistung(leistung_id=leistung_id, faelligkeit=faelligkeit)
    if not regeln:
        return None
    return gebuehr_berechnen(regeln=regeln, antworten=antworten)


def zahlung_of_subjekt(*, subjekt: str) -> Zahlung | None:
    """The current payment of a subject (the last one, refunded ones included)."""
    return Zahlung.objects.filter(subjekt=subjekt).order_by("-erstellt_am", "-id").first()


def zahlung_url(*, zahlung: Zahlung) -> str:
    return reverse("zahlungen:bezahlen", args=[zahlung.oeffentliche_id])


def zahlung_fuer(
    *, oeffentliche_id: str, user: AbstractBaseUser | AnonymousUser, sitzung: Mapping[str, Any]
) -> Zahlung | None:
    """The payment a visitor may see: their account's, or one this browser session was
    given (`zahlung_in_sitzung`, a submission without an account); else None (a 404)."""
    try:
        schluessel = uuid.UUID(str(oeffentliche_id))
    except ValueError:
        return None
    zahlung = Zahlung.objects.filter(oeffentliche_id=schluessel).select_related("leistung").first()
    if zahlung is None:
        return None
    if zahlung.konto_id is not None:
        return zahlung if getattr(user, "pk", None) == zahlung.konto_id else None
    return zahlung if str(schluessel) in sitzung.get(SITZUNG_SCHLUESSEL, []) else None


def antworten_flach(*, daten: Mapping[str, Any]) -> dict[str, Any]:
    """A form's nested answers (``{"G…": {"F…": 2}}``) as the flat mapping that
    `Gebuehrenregel.mengenfeld` names: each value under its path (``"G….F…"``) and under
    its own id (``"F…"``, the first occurrence). Repeated groups count by their first."""
    flach: dict[str, Any] = {}

    def gehen(knoten: Any, pfad: str) -> None:
        if isinstance(knoten, list):
            if knoten:
                gehen(knoten[0], pfad)
            return
        if not isinstance(knoten, Mapping):
            flach.setdefault(pfad, knoten)
            flach.setdefault(pfad.rsplit(".", 1)[-1], knoten)
            return
        for schluessel, wert in knoten.items():
            gehen(wert, f"{pfad}.{schluessel}" if pfad else str(schluessel))

    gehen(daten, "")
    return flach


def vorab_gebuehr_of(*, leistung_id: int | None) -> bool:
    """Whether a submission for this Leistung pays a fee before processing."""
    if leistung_id is None:
        return False
    return Gebuehrenregel.objects.filter(
        leistung_id=leistung_id, faelligkeit=Faelligkeit.VORAB, aktiv=True
    ).exists()


def rahmenregeln_of(*, leistung_id: int | None) -> list[Gebuehrenregel]:
    """The active range rules of a Leistung due with the Bescheid (the clerk fixes the
    amount in the decision)."""
    if leistung_id is None:
        return []
    return list(
        Gebuehrenregel.objects.filter(
            leistung_id=leistung_id,
            faelligkeit=Faelligkeit.BESCHEID,
            art=Gebuehrenregel.Art.RAHMEN,
            aktiv=True,
        )
    )


def zahlung_kennzahlen(*, von: date, bis: date) -> dict[str, int]:
    """Claims paid from `von` to `bis` (both days included) by channel, for the
    digitisation report: ``online`` through a payment provider, ``ueberweisung`` by bank
    transfer with the Kassenzeichen (GiroCode). A claim refunded later still counts as
    paid. Counts only: nothing of a person leaves here."""
    tz = timezone.get_current_timezone()
    anfang = timezone.make_aware(datetime.combine(von, time.min), tz)
    ende = timezone.make_aware(datetime.combine(bis, time.max), tz)
    zeilen = (
        Zahlung.objects.filter(bezahlt_am__range=(anfang, ende))
        .values("anbieter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ergebnis = {"online": 0, "ueberweisung": 0}
    for z in zeilen:
        ergebnis["ueberweisung" if z["anbieter"] == "girocode" else "online"] += z["n"]
    return ergebnis
