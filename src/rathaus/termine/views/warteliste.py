"""Joining the waiting list of a Terminort."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from .auswahl import auswahl_lesen, buerger_von, datum_lesen, fehler_von, wunsch_lesen
from .buchen import start_mit_fehler
from .schutz import nachweis_pruefen, pruefung_meldung, schutz_felder, ueberschritten, zu_oft

# -- waiting list ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def warteliste(request: HttpRequest) -> HttpResponse:
    daten = request.POST if request.method == "POST" else request.GET
    auswahl = auswahl_lesen(daten)
    wunsch = wunsch_lesen(auswahl)
    if wunsch is None:
        return start_mit_fehler(request, auswahl)
    buerger = buerger_von(request)
    anonym = buerger is None
    bindung = f"warteliste:{wunsch.terminort.pk}"
    fehler: dict[str, list[str]] = {}
    werte = {
        "name": daten.get("name", "")[:1000],
        "email": daten.get("email", "")[:1000],
        "bis": daten.get("bis", "")[:20],
    }
    if request.method == "GET" and buerger is not None:
        werte["name"] = f"{buerger.vorname} {buerger.nachname}".strip()
        werte["email"] = buerger.email
    if request.method == "POST":
        bis = datum_lesen(werte["bis"]) if werte["bis"].strip() else None
        if werte["bis"].strip() and bis is None:
            fehler["bis"] = [_("Bitte geben Sie das Datum im Format JJJJ-MM-TT an.")]
        grenze = ueberschritten(request)
        if grenze is not None:
            fehler["__all__"] = [zu_oft(grenze)]
        elif anonym:
            pruefung = nachweis_pruefen(request, bindung)
            if not pruefung.ok:
                fehler["__all__"] = [pruefung_meldung(pruefung)]
        if not fehler:
            try:
                services.warteliste_join(
                    terminort=wunsch.terminort,
                    leistungen=auswahl.wunsch_daten,
                    name=werte["name"],
                    email=werte["email"],
                    bis_datum=bis,
                    actor=request.user if buerger is not None else "buerger:online",
                    buerger_id=buerger.pk if buerger is not None else None,
                )
                return render(request, "termine/warteliste_eingetragen.html", {"wunsch": wunsch})
            except ValidationError as exc:
                fehler.update(fehler_von(exc))
    return render(
        request,
        "termine/warteliste.html",
        {
            "auswahl": auswahl,
            "wunsch": wunsch,
            "werte": werte,
            "fehler": fehler,
            "anonym": anonym,
            "query": auswahl.query(),
            **schutz_felder(request, bindung, anonym=anonym),
        },
        status=400 if fehler else 200,
    )
