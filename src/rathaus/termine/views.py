"""The citizen's pages of the Terminvergabe: choose services → free days → a time and
contact data (with the proof of work) → "check your email"; the links of the emails
(confirm, manage: cancel or rebook, leave the waiting list) show a page on GET and act
only on POST, so that link scanners of mail providers change nothing.

The views parse, call a selector or service and map its ValidationError to the fields.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from rathaus.core import arbeitsnachweis
from rathaus.core.arbeitsnachweis import Ergebnis, Pruefung
from rathaus.core.client import client_address, client_network
from rathaus.core.drossel import Grenze, erste_ueberschrittene, verdeckt

from . import selectors, services
from .models import Buchung, Terminort, Wartelisteneintrag

ZWECK = "termin.buchen"
STANDARD_SEKUNDEN = 3600
MAX_LEISTUNGEN = 10
MAX_PERSONEN = 20


@dataclass
class Auswahl:
    """The parsed choice of the first step, carried in the query string."""

    terminort: Terminort | None = None
    leistungen: list[int] = field(default_factory=list)
    personen: int = 1
    fehler: dict[str, list[str]] = field(default_factory=dict)

    def query(self, **extra: str) -> str:
        paare: list[tuple[str, str]] = [("ort", str(self.terminort.pk if self.terminort else ""))]
        paare += [("leistung", str(pk)) for pk in self.leistungen]
        paare += [("personen", str(self.personen))]
        paare += list(extra.items())
        return urlencode(paare)

    @property
    def wunsch_daten(self) -> dict[int, int]:
        return dict.fromkeys(self.leistungen, self.personen)


def _zahl(text: str, *, hoechstens: int) -> int | None:
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    wert = int(text)
    return wert if 0 < wert <= hoechstens else None


def _auswahl(daten: QueryDict) -> Auswahl:
    """The choice from GET or POST data; unreadable parts become field errors."""
    auswahl = Auswahl()
    ort_pk = _zahl(daten.get("ort", ""), hoechstens=2**31 - 1)
    if ort_pk is not None:
        with contextlib.suppress(Terminort.DoesNotExist):
            auswahl.terminort = selectors.terminort_detail(pk=ort_pk)
    if auswahl.terminort is None:
        auswahl.fehler["ort"] = [_("Bitte wählen Sie einen Standort.")]
        return auswahl
    roh = daten.getlist("leistung")[: MAX_LEISTUNGEN + 1]
    werte = [_zahl(x, hoechstens=2**31 - 1) for x in roh]
    if len(roh) > MAX_LEISTUNGEN or any(w is None for w in werte):
        auswahl.fehler["leistungen"] = [_("Bitte wählen Sie die Leistungen aus der Liste.")]
    else:
        auswahl.leistungen = list(dict.fromkeys(w for w in werte if w is not None))
        if not auswahl.leistungen:
            auswahl.fehler["leistungen"] = [_("Bitte wählen Sie mindestens eine Leistung.")]
    personen = _zahl(daten.get("personen", "1"), hoechstens=MAX_PERSONEN)
    if personen is None:
        auswahl.fehler["personen"] = [
            _("Bitte geben Sie die Zahl der Personen als ganze Zahl von 1 bis %(max)d an.")
            % {"max": MAX_PERSONEN}
        ]
    else:
        auswahl.personen = personen
    return auswahl


def _wunsch(auswahl: Auswahl) -> selectors.Wunsch | None:
    if auswahl.fehler or auswahl.terminort is None:
        return None
    try:
        return selectors.wunsch_build(terminort=auswahl.terminort, leistungen=auswahl.wunsch_daten)
    except ValidationError as exc:
        for name, texte in exc.message_dict.items():
            auswahl.fehler.setdefault(name, []).extend(texte)
        return None


def _buerger(request: HttpRequest) -> Any:
    user = request.user
    if not user.is_authenticated:
        return None
    return getattr(user, "buerger", None)


def _fehler_von(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


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
        for w in (_zahl(x, hoechstens=2**31 - 1) for x in request.GET.getlist("leistung")[:10])
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


def _start_mit_fehler(request: HttpRequest, auswahl: Auswahl) -> HttpResponse:
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
    auswahl = _auswahl(request.GET)
    wunsch = _wunsch(auswahl)
    if wunsch is None:
        return _start_mit_fehler(request, auswahl)
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


def _datum(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text or "") == 10 else None
    except ValueError:
        return None


def _uhrzeit(text: str) -> time | None:
    text = (text or "").strip()
    if len(text) != 5:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def _ueberschritten(request: HttpRequest) -> Grenze | None:
    netz = client_network(client_address(request))
    return erste_ueberschrittene(
        [
            Grenze(
                "termin_buchen.adresse",
                f"termine:buchen:adresse:{verdeckt(netz)}",
                settings.RATHAUS_TERMINE_LIMIT_ADRESSE,
            )
        ],
        standard_sekunden=STANDARD_SEKUNDEN,
    )


def _zu_oft(grenze: Grenze) -> str:
    minuten = max(1, -(-grenze.sekunden(STANDARD_SEKUNDEN) // 60))
    return ngettext(
        "Von Ihrem Anschluss wurden in kurzer Zeit zu viele Termine reserviert. Bitte "
        "versuchen Sie es später noch einmal, spätestens in %(minuten)d Minute.",
        "Von Ihrem Anschluss wurden in kurzer Zeit zu viele Termine reserviert. Bitte "
        "versuchen Sie es später noch einmal, spätestens in %(minuten)d Minuten.",
        minuten,
    ) % {"minuten": minuten}


def _pruefung_meldung(pruefung: Pruefung) -> str:
    knopf = _("„Termin reservieren“")
    if pruefung.ergebnis is Ergebnis.ZU_FRUEH:
        return ngettext(
            "Die Sicherheitsprüfung ist noch nicht abgeschlossen. Bitte warten Sie noch "
            "%(sekunden)d Sekunde und wählen Sie dann noch einmal %(knopf)s.",
            "Die Sicherheitsprüfung ist noch nicht abgeschlossen. Bitte warten Sie noch "
            "%(sekunden)d Sekunden und wählen Sie dann noch einmal %(knopf)s.",
            pruefung.warten,
        ) % {"sekunden": pruefung.warten, "knopf": knopf}
    if pruefung.ergebnis is Ergebnis.ABGELAUFEN:
        return _(
            "Die Sicherheitsprüfung ist abgelaufen, weil die Seite lange geöffnet war. Bitte "
            "wählen Sie noch einmal %(knopf)s."
        ) % {"knopf": knopf}
    return _(
        "Die Sicherheitsprüfung ist fehlgeschlagen. Bitte wählen Sie noch einmal %(knopf)s."
    ) % {"knopf": knopf}


def _schutz(request: HttpRequest, bindung: str, *, anonym: bool) -> dict[str, Any]:
    if not anonym:
        return {}
    return {
        "aufgabe_json": json.dumps(arbeitsnachweis.aufgabe_erstellen(zweck=ZWECK, bindung=bindung)),
        "wartemarke": arbeitsnachweis.wartemarke_weiter(
            request.POST.get("wartemarke", "").strip()[:4096], zweck=ZWECK, bindung=bindung
        ),
        "wartezeit": arbeitsnachweis.wartezeit(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def tag(request: HttpRequest) -> HttpResponse:
    daten = request.POST if request.method == "POST" else request.GET
    auswahl = _auswahl(daten)
    wunsch = _wunsch(auswahl)
    if wunsch is None:
        return _start_mit_fehler(request, auswahl)
    datum = _datum(daten.get("datum", ""))
    if datum is None:
        auswahl.fehler["datum"] = [_("Bitte wählen Sie einen Tag aus der Liste.")]
        return _start_mit_fehler(request, auswahl)
    buerger = _buerger(request)
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
            **_schutz(request, bindung, anonym=anonym),
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
    uhrzeit = _uhrzeit(werte["uhrzeit"])
    if uhrzeit is None:
        fehler["uhrzeit"] = [_("Bitte wählen Sie eine Uhrzeit.")]
        try:  # all the form's errors at once
            services.kontakt_validate(name=werte["name"], email=werte["email"])
        except ValidationError as exc:
            fehler.update(_fehler_von(exc))
    grenze = _ueberschritten(request)
    if grenze is not None:
        fehler["__all__"] = [_zu_oft(grenze)]
        return None
    if buerger is None:
        pruefung = arbeitsnachweis.pruefen(
            loesung=request.POST.get("arbeitsnachweis", "").strip(),
            wartemarke=request.POST.get("wartemarke", "").strip(),
            zweck=ZWECK,
            bindung=bindung,
        )
        if not pruefung.ok:
            fehler["__all__"] = [_pruefung_meldung(pruefung)]
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
        for name, texte in _fehler_von(exc).items():
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
    from .kalender import ort_of

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
    datum = _datum(daten.get("datum", ""))
    fehler: dict[str, list[str]] = {}
    if request.method == "POST":
        uhrzeit = _uhrzeit(daten.get("uhrzeit", ""))
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
                for name, texte in _fehler_von(exc).items():
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


# -- waiting list ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def warteliste(request: HttpRequest) -> HttpResponse:
    daten = request.POST if request.method == "POST" else request.GET
    auswahl = _auswahl(daten)
    wunsch = _wunsch(auswahl)
    if wunsch is None:
        return _start_mit_fehler(request, auswahl)
    buerger = _buerger(request)
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
        bis = _datum(werte["bis"]) if werte["bis"].strip() else None
        if werte["bis"].strip() and bis is None:
            fehler["bis"] = [_("Bitte geben Sie das Datum im Format JJJJ-MM-TT an.")]
        grenze = _ueberschritten(request)
        if grenze is not None:
            fehler["__all__"] = [_zu_oft(grenze)]
        elif anonym:
            pruefung = arbeitsnachweis.pruefen(
                loesung=request.POST.get("arbeitsnachweis", "").strip(),
                wartemarke=request.POST.get("wartemarke", "").strip(),
                zweck=ZWECK,
                bindung=bindung,
            )
            if not pruefung.ok:
                fehler["__all__"] = [_pruefung_meldung(pruefung)]
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
                fehler.update(_fehler_von(exc))
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
            **_schutz(request, bindung, anonym=anonym),
        },
        status=400 if fehler else 200,
    )


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
