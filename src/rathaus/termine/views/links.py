"""The pages of the email links: confirm, manage (cancel or rebook), leave the waiting list.
They show a page on GET and act only on POST, so that link scanners change nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..models import Buchung, Wartelisteneintrag
from .auswahl import datum_lesen, fehler_von, uhrzeit_lesen

# -- the email links ------------------------------------------------------------------------


def _buchung(nummer: str, token: str) -> Buchung:
    """The booking of a link; the same 404 for an unknown number and a wrong token."""
    buchung = selectors.buchung_by_nummer(nummer=nummer)
    if buchung is None or not services.token_pruefen(gespeichert=buchung.token_hash, token=token):
        raise Http404("link")
    return buchung


def _link_ungueltig(request: HttpRequest) -> HttpResponse:
    return render(request, "termine/link_ungueltig.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def bestaetigen(request: HttpRequest, nummer: str, token: str) -> HttpResponse:
    try:
        buchung = _buchung(nummer, token)
    except Http404:
        return _link_ungueltig(request)
    fehler = ""
    if request.method == "POST":
        try:
            buchung = services.buchung_confirm(buchung=buchung, actor="buerger:link", token=token)
        except ValidationError as exc:
            fehler = " ".join(exc.messages)
        buchung = selectors.buchung_by_nummer(nummer=buchung.nummer) or buchung
    return render(
        request,
        "termine/bestaetigen.html",
        {
            "buchung": buchung,
            "fehler": fehler,
            "verwalten": reverse("termine:verwalten", args=[buchung.nummer, token]),
            "ort": _ort(buchung),
        },
        status=409 if fehler else 200,
    )


def _ort(buchung: Buchung) -> str:
    from ..kalender import ort_of

    return ort_of(buchung)


@require_http_methods(["GET", "HEAD", "POST"])
def verwalten(request: HttpRequest, nummer: str, token: str) -> HttpResponse:
    try:
        buchung = _buchung(nummer, token)
    except Http404:
        return _link_ungueltig(request)
    fehler = ""
    abgesagt = False
    if request.method == "POST":
        if request.POST.get("aktion") != "absagen":
            fehler = _("Bitte wählen Sie „Termin absagen“.")
        else:
            try:
                services.buchung_cancel(buchung=buchung, actor="buerger:link")
                abgesagt = True
            except ValidationError as exc:
                fehler = " ".join(exc.messages)
        buchung = selectors.buchung_by_nummer(nummer=buchung.nummer) or buchung
    return render(
        request,
        "termine/verwalten.html",
        {
            "buchung": buchung,
            "fehler": fehler,
            "abgesagt": abgesagt,
            "verschoben": request.GET.get("verschoben") == "1",
            "token": token,
            "ort": _ort(buchung),
        },
        status=400 if fehler else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def verschieben(request: HttpRequest, nummer: str, token: str) -> HttpResponse:
    try:
        buchung = _buchung(nummer, token)
    except Http404:
        return _link_ungueltig(request)
    zurueck = reverse("termine:verwalten", args=[buchung.nummer, token])
    if buchung.status != Buchung.Status.BESTAETIGT:
        return HttpResponseRedirect(zurueck)
    try:
        wunsch = selectors.wunsch_build(
            terminort=buchung.terminort,
            leistungen={p.leistung_id: p.personen for p in buchung.positionen.all()},
        )
    except ValidationError:  # a service no longer offered here: cancel and book anew
        return HttpResponseRedirect(zurueck)
    daten = request.POST if request.method == "POST" else request.GET
    datum = datum_lesen(daten.get("datum", ""))
    fehler: dict[str, list[str]] = {}
    if request.method == "POST":
        uhrzeit = uhrzeit_lesen(daten.get("uhrzeit", ""))
        if datum is None or uhrzeit is None:
            fehler["uhrzeit"] = [_("Bitte wählen Sie eine Uhrzeit.")]
        else:
            try:
                services.buchung_rebook(
                    buchung=buchung,
                    beginn=datetime.combine(datum, uhrzeit, tzinfo=selectors.LOCAL_TZ),
                    actor="buerger:link",
                    token=token,
                )
                return HttpResponseRedirect(f"{zurueck}?verschoben=1")
            except ValidationError as exc:
                for name, texte in fehler_von(exc).items():
                    fehler.setdefault(
                        "uhrzeit" if name in ("beginn", "__all__") else name, []
                    ).extend(texte)
    kontext: dict[str, Any] = {
        "buchung": buchung,
        "fehler": fehler,
        "zurueck": zurueck,
        "datum": datum,
    }
    if datum is None:
        kontext["tage"] = selectors.freie_tage(wunsch=wunsch)
    else:
        kontext["slots"] = selectors.freie_slots(wunsch=wunsch, datum=datum)
    return render(request, "termine/verschieben.html", kontext, status=400 if fehler else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def warteliste_verwalten(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    eintrag = selectors.wartelisteneintrag_by_pk(pk=pk)
    if eintrag is None or not services.token_pruefen(gespeichert=eintrag.token_hash, token=token):
        return _link_ungueltig(request)
    if request.method == "POST":
        eintrag = services.warteliste_leave(eintrag=eintrag, actor="buerger:link")
    return render(
        request,
        "termine/warteliste_verwalten.html",
        {"eintrag": eintrag, "wartend": eintrag.status == Wartelisteneintrag.Status.WARTEND},
    )
