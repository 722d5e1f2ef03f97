"""Views of the online application: steps, saving and resuming drafts (the review page:
`views_pruefen`).

They parse the request, call the services, and map errors to the page; the rules live in
services, eingabe and pruefung.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.core.drossel import Grenze
from rathaus.konten.selectors import buerger_of

from . import bindung, drossel, selectors, services, sitzungsende, wiederaufnahme
from .ablage import ablage
from .ansicht import roh_aus_daten, roh_vorbefuellen, schritt_baum, uebernahme
from .definition import Definition, definition
from .eingabe import schritt_lesen
from .fehlerliste import fehlerliste
from .models import Entwurf, Formular
from .rechtsgrundlagen import rechtsgrundlagen_of
from .schrittdateien import SchrittDateien, dateistand
from .vorbefuellt import Vorbefuellt


def _formular(pk: int) -> Formular:
    try:
        return selectors.formular_get(pk=pk)
    except Formular.DoesNotExist as exc:
        raise Http404 from exc


def _buerger(request: HttpRequest) -> Any:
    return buerger_of(user=request.user)


def _entwurf(request: HttpRequest, formular: Formular) -> Entwurf | None:
    """The draft this session works on (see :mod:`bindung`)."""
    return selectors.entwurf_der_sitzung(
        session=request.session, formular=formular, buerger=_buerger(request)
    )


def _vorbefuellt(request: HttpRequest, formular: Formular, entwurf: Entwurf | None) -> Vorbefuellt:
    """What the draft took from the identity; before the first save, what it will take."""
    if entwurf is not None:
        return selectors.entwurf_vorbefuellt(entwurf=entwurf)
    return selectors.vorbefuellung_of(formular=formular, buerger=_buerger(request))


def _merken(request: HttpRequest, entwurf: Entwurf) -> None:
    bindung.binden(request.session, entwurf)


def _gespeicherte_anbieten(request: HttpRequest, formular: Formular) -> bool:
    """A citizen starting the form in a new session is first offered their saved drafts."""
    return wiederaufnahme.anbieten(
        session=request.session, formular=formular, buerger=_buerger(request)
    )


def _schritt_nr(defn: Definition, schritt: int) -> int:
    if not 1 <= schritt <= len(defn.schritte):
        raise Http404
    return schritt


def _regeln_fuer_browser(defn: Definition) -> dict[str, Any]:
    regeln = [r for r in defn.regeln_json.get("rules", []) if not r.get("unreadable")]
    return {"land": defn.regelwerk.land, "rules": regeln, "labels": defn.regelwerk.labels}


def _seite(
    request: HttpRequest,
    formular: Formular,
    defn: Definition,
    nr: int,
    daten: dict[str, Any],
    roh: dict[str, str],
    anzahl: dict[str, int],
    fehler: dict[str, list[str]],
    entwurf: Entwurf | None,
    status: int = 200,
    vorbefuellt: Vorbefuellt | None = None,
    meldung: str = "",
    hinweis: str = "",
) -> HttpResponse:
    schritt = defn.schritt(nr)
    sichtbar = defn.regelwerk.visible(daten)
    vorbefuellt = vorbefuellt or Vorbefuellt()
    dateien = dateistand(formular, defn, nr, entwurf)
    knoten = schritt_baum(defn, schritt, roh, anzahl, fehler, sichtbar, vorbefuellt.felder, dateien)
    regeln_json = _regeln_fuer_browser(defn) if defn.regelwerk.executable else None
    context = {
        "formular": formular,
        "defn": defn,
        "schritt": schritt,
        "knoten": knoten,
        # FIM rules may prefill and hide everything a step holds (e.g. "Art des
        # Antragstellers" fixed to "geschäftlich"): say so instead of an empty page.
        "leer": not any(k.sichtbar for k in knoten),
        "rechtsgrundlagen": rechtsgrundlagen_of(knoten, land=defn.regelwerk.land),
        "fehler": fehler,
        "fehlerliste": fehlerliste(knoten, fehler),
        "entwurf": entwurf,
        "regeln_json": regeln_json,
        "daten_json": daten if regeln_json else None,
        "letzter": nr == len(defn.schritte),
        "hinweise": [h for h in formular.hinweise.split("\n\n") if h.strip()],
        "uebernahme": uebernahme(defn, vorbefuellt) if nr == 1 else None,
        # lets a step sent after the session ended be kept for this citizen (sitzungsende)
        "sitzung_ref": sitzungsende.referenz(user=request.user, formular=formular, entwurf=entwurf),
        "meldung": meldung,
        "hinweis": hinweis,
    }
    return render(request, "formulare/schritt.html", context, status=status)


def _wieder_zeigen(
    request: HttpRequest,
    formular: Formular,
    defn: Definition,
    nr: int,
    daten: dict[str, Any],
    post: QueryDict,
    fehler: dict[str, list[str]],
    entwurf: Entwurf | None,
    vorbefuellt: Vorbefuellt,
    *,
    meldung: str = "",
    hinweis: str = "",
) -> HttpResponse:
    """The step again with what was posted (errors, a removed file, input kept over a
    session end): the inputs show the posted text, nothing more is saved."""
    eingabe = schritt_lesen(defn.schritt(nr), post, vorbefuellt.felder)
    return _seite(
        request,
        formular,
        defn,
        nr,
        daten,
        eingabe.roh,
        eingabe.anzahl,
        fehler,
        entwurf,
        vorbefuellt=vorbefuellt,
        meldung=meldung,
        hinweis=hinweis,
    )


def start(request: HttpRequest, formular_id: int) -> HttpResponse:
    _formular(formular_id)
    return redirect("formulare:schritt", formular_id=formular_id, schritt=1)


def _aktion(post: Any) -> tuple[str, str]:
    value = post.get("_aktion", "weiter")
    art, _sep, ziel = value.partition(":")
    return art, ziel


def _umordnen(roh: dict[str, str], name: str, index: int) -> dict[str, str]:
    """Raw values after removing occurrence ``index`` of the repeatable ``name``."""
    prefix = f"{name}."
    out: dict[str, str] = {}
    for key, value in roh.items():
        if not key.startswith(prefix):
            out[key] = value
            continue
        head, _sep, rest = key[len(prefix) :].partition(".")
        if not head.isdigit():
            out[key] = value
            continue
        i = int(head)
        if i == index:
            continue
        neu = i - 1 if i > index else i
        out[f"{prefix}{neu}{'.' + rest if rest else ''}"] = value
    return out


@require_http_methods(["GET", "POST"])
def schritt(request: HttpRequest, formular_id: int, schritt: int) -> HttpResponse:
    formular = _formular(formular_id)
    defn = definition(formular)
    nr = _schritt_nr(defn, schritt)
    entwurf = _entwurf(request, formular)
    bisher = entwurf.daten if entwurf else {}
    vorbefuellt = _vorbefuellt(request, formular, entwurf)
    if request.method == "GET":
        gesichert = sitzungsende.abholen(request, formular=formular)
        if gesichert is not None:
            return _nach_sitzungsende(request, formular, defn, gesichert)
        if nr == 1 and entwurf is None and _gespeicherte_anbieten(request, formular):
            return redirect("formulare:gespeichert", formular_id=formular.pk)
        return _anzeigen(request, formular, defn, nr, bisher, entwurf, vorbefuellt)
    nach_ablauf = sitzungsende.sichern(request, formular=formular, schritt=nr)
    if nach_ablauf is not None:
        return nach_ablauf

    art, ziel = _aktion(request.POST)
    if art in ("hinzu", "weg"):
        return _wiederholung(request, formular, defn, nr, bisher, entwurf, art, ziel, vorbefuellt)
    if art == "datei_weg":
        return _datei_entfernen(request, formular, defn, nr, bisher, entwurf, ziel, vorbefuellt)
    dateien = SchrittDateien.lesen(request, formular, defn, nr, entwurf)
    try:
        teil, fehler = services.schritt_parse(
            formular=formular,
            schritt=nr,
            post=request.POST,
            bisher=bisher,
            vorbefuellt=vorbefuellt.felder,
            dateien=dateien.anzahl,
        )
        fehler.update(dateien.fehler)  # a refused file outranks "please upload a file"
        weiter = nr + 1 if art == "weiter" else nr
        if not fehler:
            try:
                entwurf = services.entwurf_save(
                    formular=formular,
                    entwurf=entwurf,
                    schritt=nr,
                    teil=teil,
                    actor=request.user,
                    buerger=_buerger(request),
                    naechster_schritt=min(weiter, len(defn.schritte)),
                    dateien=dateien.vorbereitet,
                )
            except ValidationError as exc:  # limits reached meanwhile (another tab)
                fehler = exc.message_dict
    finally:
        if dateien.vorbereitet is not None:
            dateien.vorbereitet.verwerfen()
    if fehler:
        gesamt = services.daten_merge(formular=formular, daten=bisher, schritt=nr, teil=teil)
        return _wieder_zeigen(
            request,
            formular,
            defn,
            nr,
            gesamt,
            request.POST,
            fehler,
            entwurf,
            vorbefuellt,
            hinweis=dateien.nicht_gespeichert(),
        )
    assert entwurf is not None  # saved above
    _merken(request, entwurf)
    if art == "speichern":
        return redirect("formulare:speichern", formular_id=formular.pk)
    if weiter > len(defn.schritte):
        return redirect("formulare:pruefen", formular_id=formular.pk)
    return redirect("formulare:schritt", formular_id=formular.pk, schritt=weiter)


def _datei_entfernen(
    request: HttpRequest,
    formular: Formular,
    defn: Definition,
    nr: int,
    bisher: dict[str, Any],
    entwurf: Entwurf | None,
    ziel: str,
    vorbefuellt: Vorbefuellt,
) -> HttpResponse:
    """Remove a stored file of the draft, then show the step again with what was typed
    (nothing else is saved, as when adding an occurrence)."""
    entfernt = (
        entwurf is not None
        and ziel.isdigit()
        and ablage().entfernen(entwurf=entwurf, datei_id=int(ziel), actor=request.user)
    )
    return _wieder_zeigen(
        request,
        formular,
        defn,
        nr,
        bisher,
        request.POST,
        {},
        entwurf,
        vorbefuellt,
        meldung=_("Die Datei wurde entfernt.") if entfernt else "",
    )


def _anzeigen(
    request: HttpRequest,
    formular: Formular,
    defn: Definition,
    nr: int,
    bisher: dict[str, Any],
    entwurf: Entwurf | None,
    vorbefuellt: Vorbefuellt,
) -> HttpResponse:
    """A step as saved; a step not saved yet starts with the identity's values."""
    schritt = defn.schritt(nr)
    roh, anzahl = roh_aus_daten(schritt.kinder, bisher)
    daten = bisher
    start = vorbefuellt.fuer_schritt(schritt)
    if start:
        roh = roh_vorbefuellen(schritt, roh, start)
        # the rules see the values too (e.g. "Anschrift im Inland" shows that group)
        teil = schritt_lesen(schritt, _als_post(roh, anzahl), vorbefuellt.felder).daten
        daten = services.daten_merge(formular=formular, daten=bisher, schritt=nr, teil=teil)
    return _seite(
        request, formular, defn, nr, daten, roh, anzahl, {}, entwurf, vorbefuellt=vorbefuellt
    )


def _als_post(roh: dict[str, str], anzahl: dict[str, int]) -> QueryDict:
    q = QueryDict(mutable=True)
    q.update(roh)
    for key, value in anzahl.items():
        q[f"_n.{key}"] = str(value)
    return q


def _wiederholung(
    request: HttpRequest,
    formular: Formular,
    defn: Definition,
    nr: int,
    bisher: dict[str, Any],
    entwurf: Entwurf | None,
    art: str,
    ziel: str,
    vorbefuellt: Vorbefuellt,
) -> HttpResponse:
    """Add or remove an occurrence without JavaScript: re-render, save nothing."""
    eingabe = schritt_lesen(defn.schritt(nr), request.POST, vorbefuellt.felder)
    roh, anzahl = eingabe.roh, dict(eingabe.anzahl)
    if art == "hinzu" and ziel in anzahl:
        anzahl[ziel] += 1
    elif art == "weg":
        name, _sep, index = ziel.rpartition(".")
        if name in anzahl and index.isdigit() and int(index) < anzahl[name]:
            roh = _umordnen(roh, name, int(index))
            verschoben = _umordnen({k: str(v) for k, v in anzahl.items()}, name, int(index))
            anzahl = {k: int(v) for k, v in verschoben.items()}
            anzahl[name] -= 1
    anzahl = _begrenzt(defn, nr, roh, anzahl)
    return _seite(
        request, formular, defn, nr, bisher, roh, anzahl, {}, entwurf, vorbefuellt=vorbefuellt
    )


def _begrenzt(
    defn: Definition, nr: int, roh: dict[str, str], anzahl: dict[str, int]
) -> dict[str, int]:
    """Counts within each element's bounds (a tampered count is clamped)."""
    return schritt_lesen(defn.schritt(nr), _als_post({}, anzahl)).anzahl


@require_http_methods(["GET", "POST"])
def speichern(request: HttpRequest, formular_id: int) -> HttpResponse:
    """Offer the resume link by email (anonymous drafts)."""
    formular = _formular(formular_id)
    entwurf = _entwurf(request, formular)
    if entwurf is None:
        return redirect("formulare:schritt", formular_id=formular.pk, schritt=1)
    fehler = ""
    status = 200
    gesendet = False
    email = ""
    grenze = None
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        base = request.build_absolute_uri(reverse("formulare:fortsetzen_basis"))
        grenze = drossel.link_ueberschritten(request, email=email)
        if grenze is not None:
            fehler, status = _link_zu_oft(grenze), 429
        else:
            try:
                # queued in the outbox: a mail server that is down fails nothing here
                services.entwurf_link_send(
                    entwurf=entwurf, email=email, link_base=base, actor=request.user
                )
            except ValidationError:
                fehler = _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."
                )
                status = 400
            else:
                gesendet = True
        email = email[:254]  # shown again in the form
    context = {
        "formular": formular,
        "entwurf": entwurf,
        "fehler": fehler,
        "gesendet": gesendet,
        "email": email,
    }
    antwort = render(request, "formulare/speichern.html", context, status=status)
    if grenze is not None:
        antwort.rathaus_limit = grenze.name  # type: ignore[attr-defined]  # for the log
    return antwort


def _link_zu_oft(grenze: Grenze) -> str:
    minuten = max(1, -(-grenze.sekunden(drossel.STANDARD_SEKUNDEN) // 60))
    return ngettext(
        "Der Link wurde in kurzer Zeit zu oft angefordert. Bitte versuchen Sie es später "
        "noch einmal, spätestens in %(minuten)d Minute.",
        "Der Link wurde in kurzer Zeit zu oft angefordert. Bitte versuchen Sie es später "
        "noch einmal, spätestens in %(minuten)d Minuten.",
        minuten,
    ) % {"minuten": minuten}


@require_POST
def verwerfen(request: HttpRequest, formular_id: int) -> HttpResponse:
    bindung.loesen(request.session, formular_id)
    wiederaufnahme.neu_begonnen(request.session, formular_id)  # no offer of saved ones
    return redirect("formulare:schritt", formular_id=formular_id, schritt=1)


def _nach_sitzungsende(
    request: HttpRequest, formular: Formular, defn: Definition, gesichert: sitzungsende.Gesichert
) -> HttpResponse:
    """The step a citizen sent after their session had ended, back after the login: saved
    into their draft if it is valid (as the button would have), else shown with its errors;
    either way with the input as typed and a note saying what happened."""
    entwurf = gesichert.entwurf
    nr = gesichert.schritt
    vorbefuellt = _vorbefuellt(request, formular, entwurf)
    bisher = entwurf.daten if entwurf else {}
    post = _als_post(gesichert.roh, gesichert.anzahl)
    teil, fehler = services.schritt_parse(
        formular=formular, schritt=nr, post=post, bisher=bisher, vorbefuellt=vorbefuellt.felder
    )
    if fehler:
        if entwurf is not None:
            _merken(request, entwurf)
        messages.info(
            request,
            _(
                "Ihre Sitzung war abgelaufen. Ihre Eingaben wurden aufbewahrt und sind unten "
                "wieder eingetragen. Bitte prüfen Sie die markierten Angaben."
            ),
        )
        gesamt = services.daten_merge(formular=formular, daten=bisher, schritt=nr, teil=teil)
        return _wieder_zeigen(
            request, formular, defn, nr, gesamt, post, fehler, entwurf, vorbefuellt
        )
    entwurf = services.entwurf_save(
        formular=formular,
        entwurf=entwurf,
        schritt=nr,
        teil=teil,
        actor=request.user,
        buerger=_buerger(request),
        naechster_schritt=min(nr + 1, len(defn.schritte)),
    )
    _merken(request, entwurf)
    messages.info(
        request,
        _(
            "Ihre Sitzung war abgelaufen. Ihre Eingaben wurden gespeichert. "
            "Bitte prüfen Sie sie und wählen Sie dann „Weiter“."
        ),
    )
    return redirect("formulare:schritt", formular_id=formular.pk, schritt=nr)
