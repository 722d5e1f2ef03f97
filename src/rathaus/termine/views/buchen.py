"""Booking: choose services → free days → a time and contact data (with the proof of
work) → "check your email"."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..models import Terminort
from .auswahl import (
    MAX_PERSONEN,
    Auswahl,
    auswahl_lesen,
    buerger_von,
    datum_lesen,
    fehler_von,
    uhrzeit_lesen,
    wunsch_lesen,
    zahl_lesen,
)
from .schutz import nachweis_pruefen, pruefung_meldung, schutz_felder, ueberschritten, zu_oft

# -- step 1: services -----------------------------------------------------------------------


def _orte() -> list[tuple[Terminort, list[Any]]]:
    return [
        (ort, list(selectors.terminleistungen_of(terminort=ort)))
        for ort in selectors.terminorte_list()
    ]


@require_http_methods(["GET", "HEAD"])
def start(request: HttpRequest) -> HttpResponse:
    vorauswahl = {
        w
        for w in (zahl_lesen(x, hoechstens=2**31 - 1) for x in request.GET.getlist("leistung")[:10])
        if w
    }
    return render(
        request,
        "termine/start.html",
        {
            "orte": _orte(),
            "vorauswahl": vorauswahl,
            "auswahl": Auswahl(),
            "max_personen": MAX_PERSONEN,
        },
    )


def start_mit_fehler(request: HttpRequest, auswahl: Auswahl) -> HttpResponse:
    return render(
        request,
        "termine/start.html",
        {
            "orte": _orte(),
            "vorauswahl": set(auswahl.leistungen),
            "auswahl": auswahl,
            "max_personen": MAX_PERSONEN,
        },
        status=400,
    )


# -- step 2: free days ----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def tage(request: HttpRequest) -> HttpResponse:
    auswahl = auswahl_lesen(request.GET)
    wunsch = wunsch_lesen(auswahl)
    if wunsch is None:
        return start_mit_fehler(request, auswahl)
    freie = selectors.freie_tage(wunsch=wunsch)
    return render(
        request,
        "termine/tage.html",
        {
            "auswahl": auswahl,
            "wunsch": wunsch,
            "tage": [(t, auswahl.query(datum=t.isoformat())) for t in freie],
            "warteliste_query": auswahl.query(),
        },
    )


# -- step 3: time, contact, proof -----------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def tag(request: HttpRequest) -> HttpResponse:
    daten = request.POST if request.method == "POST" else request.GET
    auswahl = auswahl_lesen(daten)
    wunsch = wunsch_lesen(auswahl)
    if wunsch is None:
        return start_mit_fehler(request, auswahl)
    datum = datum_lesen(daten.get("datum", ""))
    if datum is None:
        auswahl.fehler["datum"] = [_("Bitte wählen Sie einen Tag aus der Liste.")]
        return start_mit_fehler(request, auswahl)
    buerger = buerger_von(request)
    anonym = buerger is None
    bindung = f"{wunsch.terminort.pk}:{datum.isoformat()}"
    fehler: dict[str, list[str]] = {}
    werte = {
        "name": (daten.get("name", "") if request.method == "POST" else "")[:1000],
        "email": (daten.get("email", "") if request.method == "POST" else "")[:1000],
        "uhrzeit": daten.get("uhrzeit", "")[:10] if request.method == "POST" else "",
    }
    if request.method == "GET" and buerger is not None:
        werte["name"] = f"{buerger.vorname} {buerger.nachname}".strip()
        werte["email"] = buerger.email
    if request.method == "POST":
        antwort = _reservieren(request, auswahl, wunsch, datum, buerger, bindung, werte, fehler)
        if antwort is not None:
            return antwort
    slots = selectors.freie_slots(wunsch=wunsch, datum=datum)
    return render(
        request,
        "termine/tag.html",
        {
            "auswahl": auswahl,
            "wunsch": wunsch,
            "datum": datum,
            "slots": slots,
            "werte": werte,
            "fehler": fehler,
            "anonym": anonym,
            "zurueck_query": auswahl.query(),
            **schutz_felder(request, bindung, anonym=anonym),
        },
        status=400 if fehler else 200,
    )


def _reservieren(
    request: HttpRequest,
    auswahl: Auswahl,
    wunsch: selectors.Wunsch,
    datum: date,
    buerger: Any,
    bindung: str,
    werte: dict[str, str],
    fehler: dict[str, list[str]],
) -> HttpResponse | None:
    """Reserve from the POSTed form; the redirect, or None with `fehler` filled."""
    uhrzeit = uhrzeit_lesen(werte["uhrzeit"])
    if uhrzeit is None:
        fehler["uhrzeit"] = [_("Bitte wählen Sie eine Uhrzeit.")]
        try:  # all the form's errors at once
            services.kontakt_validate(name=werte["name"], email=werte["email"])
        except ValidationError as exc:
            fehler.update(fehler_von(exc))
    grenze = ueberschritten(request)
    if grenze is not None:
        fehler["__all__"] = [zu_oft(grenze)]
        return None
    if buerger is None:
        pruefung = nachweis_pruefen(request, bindung)
        if not pruefung.ok:
            fehler["__all__"] = [pruefung_meldung(pruefung)]
    if fehler:
        return None
    assert uhrzeit is not None
    beginn = datetime.combine(datum, uhrzeit, tzinfo=selectors.LOCAL_TZ)
    try:
        services.buchung_reserve(
            terminort=wunsch.terminort,
            leistungen=auswahl.wunsch_daten,
            beginn=beginn,
            name=werte["name"],
            email=werte["email"],
            actor=request.user if buerger is not None else "buerger:online",
            buerger_id=buerger.pk if buerger is not None else None,
        )
    except ValidationError as exc:
        for name, texte in fehler_von(exc).items():
            fehler.setdefault("uhrzeit" if name == "beginn" else name, []).extend(texte)
        return None
    return HttpResponseRedirect(reverse("termine:gesendet"))


@require_http_methods(["GET", "HEAD"])
def gesendet(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "termine/gesendet.html",
        {"minuten": settings.RATHAUS_TERMINE_RESERVIERUNG_MINUTEN},
    )
