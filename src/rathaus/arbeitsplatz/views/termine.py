"""Terminvergabe at the office: the day per counter, check-in, call, no-show, walk-in and
the statistics. Staff of the Terminort's Organisationseinheit only (termine.auswertung's
table of role × action); anything else is a 404 with a Protokoll entry and changes
nothing. Every page that shows names records the read before it is sent.

The pages' text lives in the termine templates (`termine/vorort/…`), which get the
workspace's URLs passed down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.termine import auswertung, vorort
from rathaus.termine.selectors import terminleistungen_of
from rathaus.termine.services import abwesenheit_create, abwesenheit_delete
from rathaus.termine.vorort_forms import (
    AbwesenheitForm,
    AufrufForm,
    NummerForm,
    StatistikForm,
    TagForm,
    VorspracheForm,
    meldung,
)

from .. import services
from ..zugang import mitarbeiter_required
from ._common import nicht_gefunden


def _ort(request: HttpRequest, pk: int, aktion: str) -> auswertung.Terminort | HttpResponse:
    ort = auswertung.terminort_of_mitarbeiter(user=request.user, pk=pk, aktion=aktion)
    if ort is None:
        return nicht_gefunden(request, auswertung.Terminort, pk, f"termine.{aktion}")
    return ort


def _urls(ort: auswertung.Terminort) -> dict[str, str]:
    def u(name: str) -> str:
        return reverse(f"arbeitsplatz:termine_{name}", kwargs={"pk": ort.pk})

    return {
        "tag": u("tag"),
        "einchecken": u("einchecken"),
        "aufrufen": u("aufrufen"),
        "nicht_erschienen": u("nicht_erschienen"),
        "vorsprache": u("vorsprache"),
        "statistik": u("statistik"),
        "abwesenheiten": u("abwesenheiten"),
        "orte": reverse("arbeitsplatz:termine"),
        "anzeige": reverse(
            "termine:aufruf", kwargs={"token": auswertung.aufruf_token(terminort=ort)}
        ),
    }


@require_GET
@mitarbeiter_required
def orte(request: HttpRequest) -> HttpResponse:
    alle = auswertung.terminorte_of_mitarbeiter(user=request.user)
    if len(alle) == 1:
        return redirect("arbeitsplatz:termine_tag", pk=alle[0].pk)
    links = [(o, reverse("arbeitsplatz:termine_tag", kwargs={"pk": o.pk})) for o in alle]
    return render(request, "arbeitsplatz/termine/orte.html", {"orte": links})


def tag_seite(
    request: HttpRequest,
    ort: auswertung.Terminort,
    *,
    datum: date | None = None,
    fehler: dict[str, list[str]] | None = None,
    status: int = 200,
    nummer: str = "",
) -> HttpResponse:
    form = TagForm(request.GET or None)
    if datum is None:
        datum = auswertung.heute()
        if request.GET:
            if form.is_valid() and form.cleaned_data["datum"]:
                datum = form.cleaned_data["datum"]
            elif not form.is_valid():
                fehler, status = _formfehler(form), 400
    plan = auswertung.tagesplan_of(terminort=ort, datum=datum)
    wartende = auswertung.wartende_of(terminort=ort) if datum == auswertung.heute() else []
    services.zugriff_record(
        actor=request.user,
        aktion="termine.tag.ansehen",
        target=ort,
        details={
            "datum": datum.isoformat(),
            "buchungen": [b.nummer for s in plan for b in s.buchungen][:500],
        },
    )
    kontext: dict[str, Any] = {
        "ort": ort,
        "datum": datum,
        "vortag": (datum - timedelta(days=1)).isoformat(),
        "folgetag": (datum + timedelta(days=1)).isoformat(),
        "ist_heute": datum == auswertung.heute(),
        "plan": plan,
        "wartende": wartende,
        "aufrufe": auswertung.aufrufe_of(terminort=ort, anzahl=5),
        "schalter": [s.schalter for s in plan if s.schalter.aktiv],
        "urls": _urls(ort),
        "darf_abwesenheit": auswertung.darf(user=request.user, terminort=ort, aktion="abwesenheit"),
        "fehler": fehler or {},
        "nummer": nummer,
        "jetzt": timezone.now(),
    }
    return render(request, "arbeitsplatz/termine/tag.html", kontext, status=status)


@require_GET
@mitarbeiter_required
def tag(request: HttpRequest, pk: int) -> HttpResponse:
    ort = _ort(request, pk, "tag")
    if isinstance(ort, HttpResponse):
        return ort
    return tag_seite(request, ort)


def _formfehler(form: Form) -> dict[str, list[str]]:
    return {feld: [str(t) for t in texte] for feld, texte in form.errors.items()}


def _fehler(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {"__all__": [str(m) for m in error.messages]}


def _mit_nummer(
    request: HttpRequest,
    pk: int,
    recht: str,
    aktion: Callable[..., Any],
    erfolg: str,
    *,
    nummer_behalten: bool,
) -> HttpResponse:
    """A POST of the day page that acts on the booking a number names (check in, mark
    absent); `nummer_behalten` keeps the number in the form after an error."""
    ort = _ort(request, pk, recht)
    if isinstance(ort, HttpResponse):
        return ort
    form = NummerForm(request.POST)
    if not form.is_valid():
        return tag_seite(request, ort, fehler=_formfehler(form), status=400)
    nummer = form.cleaned_data["nummer"]
    try:
        buchung = aktion(terminort=ort, nummer=nummer, actor=request.user)
    except ValidationError as error:
        return tag_seite(
            request,
            ort,
            fehler=_fehler(error),
            status=400,
            nummer=nummer if nummer_behalten else "",
        )
    messages.success(request, meldung(erfolg, buchung))
    return redirect("arbeitsplatz:termine_tag", pk=ort.pk)


@require_POST
@mitarbeiter_required
def einchecken(request: HttpRequest, pk: int) -> HttpResponse:
    return _mit_nummer(
        request, pk, "einchecken", vorort.buchung_checkin, "eingecheckt", nummer_behalten=True
    )


@require_POST
@mitarbeiter_required
def aufrufen(request: HttpRequest, pk: int) -> HttpResponse:
    ort = _ort(request, pk, "aufrufen")
    if isinstance(ort, HttpResponse):
        return ort
    form = AufrufForm(request.POST, terminort=ort)
    if not form.is_valid():
        return tag_seite(request, ort, fehler=_formfehler(form), status=400)
    try:
        buchung = vorort.aufruf_next(
            terminort=ort,
            schalter=form.cleaned_data["schalter"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        return tag_seite(request, ort, fehler=_fehler(error), status=400)
    if buchung is None:
        messages.info(request, meldung("niemand"))
    else:
        messages.success(request, meldung("aufgerufen", buchung))
    return redirect("arbeitsplatz:termine_tag", pk=ort.pk)


@require_POST
@mitarbeiter_required
def nicht_erschienen(request: HttpRequest, pk: int) -> HttpResponse:
    return _mit_nummer(
        request,
        pk,
        "nicht_erschienen",
        vorort.buchung_no_show_mark,
        "nicht_erschienen",
        nummer_behalten=False,
    )


@require_http_methods(["GET", "POST"])
@mitarbeiter_required
def vorsprache(request: HttpRequest, pk: int) -> HttpResponse:
    ort = _ort(request, pk, "vorsprache")
    if isinstance(ort, HttpResponse):
        return ort
    angebot = [
        (tl.leistung_id, tl.leistung.anzeigename) for tl in terminleistungen_of(terminort=ort)
    ]
    form = VorspracheForm(request.POST or None, leistungen=angebot)
    fehler: dict[str, list[str]] = {}
    if request.method == "POST":
        if form.is_valid():
            daten = form.cleaned_data
            try:
                buchung = vorort.vorsprache_create(
                    terminort=ort,
                    leistungen={int(daten["leistung"]): daten["personen"]},
                    name=daten["name"],
                    email=daten["email"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                fehler = _fehler(error)
            else:
                messages.success(request, meldung("vorsprache", buchung))
                return redirect("arbeitsplatz:termine_tag", pk=ort.pk)
        else:
            fehler = _formfehler(form)
    return render(
        request,
        "arbeitsplatz/termine/vorsprache.html",
        {"ort": ort, "form": form, "fehler": fehler, "urls": _urls(ort)},
        status=400 if fehler else 200,
    )


@require_GET
@mitarbeiter_required
def statistik(request: HttpRequest, pk: int) -> HttpResponse:
    ort = _ort(request, pk, "statistik")
    if isinstance(ort, HttpResponse):
        return ort
    bis = auswertung.heute()
    von = bis - timedelta(days=30)
    form = StatistikForm(request.GET or None, initial={"von": von, "bis": bis})
    fehler: dict[str, list[str]] = {}
    if request.GET:
        if form.is_valid():
            von, bis = form.cleaned_data["von"], form.cleaned_data["bis"]
        else:
            fehler = _formfehler(form)
    zeilen = auswertung.terminstatistik(von=von, bis=bis, terminort_ids=[ort.pk])
    return render(
        request,
        "arbeitsplatz/termine/statistik.html",
        {
            "ort": ort,
            "von": von,
            "bis": bis,
            "zeilen": zeilen,
            "summe": auswertung.statistik_summe(zeilen),
            "fehler": fehler,
            "urls": _urls(ort),
        },
        status=400 if fehler else 200,
    )


@require_http_methods(["GET", "POST"])
@mitarbeiter_required
def abwesenheiten(request: HttpRequest, pk: int) -> HttpResponse:
    ort = _ort(request, pk, "abwesenheit")
    if isinstance(ort, HttpResponse):
        return ort
    form = AbwesenheitForm(request.POST or None, terminort=ort)
    fehler: dict[str, list[str]] = {}
    if request.method == "POST":
        if form.is_valid():
            daten = form.cleaned_data
            try:
                _abwesenheit, abgesagt = abwesenheit_create(
                    terminort=ort,
                    schalter=daten["schalter"],
                    von=daten["von"],
                    bis=daten["bis"],
                    grund=daten["grund"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                fehler = _fehler(error)
            else:
                messages.success(request, meldung("abwesenheit", anzahl=len(abgesagt)))
                return redirect("arbeitsplatz:termine_abwesenheiten", pk=ort.pk)
        else:
            fehler = _formfehler(form)
    liste = [
        (
            a,
            reverse("arbeitsplatz:termine_abwesenheit_loeschen", kwargs={"pk": ort.pk, "nr": a.pk}),
        )
        for a in auswertung.abwesenheiten_of(terminort=ort)
    ]
    return render(
        request,
        "arbeitsplatz/termine/abwesenheiten.html",
        {
            "ort": ort,
            "form": form,
            "fehler": fehler,
            "abwesenheiten": liste,
            "schalter": list(form.fields["schalter"].queryset),  # type: ignore[attr-defined]
            "urls": _urls(ort),
        },
        status=400 if fehler else 200,
    )


@require_POST
@mitarbeiter_required
def abwesenheit_loeschen(request: HttpRequest, pk: int, nr: int) -> HttpResponse:
    ort = _ort(request, pk, "abwesenheit")
    if isinstance(ort, HttpResponse):
        return ort
    abwesenheit = auswertung.abwesenheit_of(terminort=ort, pk=nr)
    if abwesenheit is None:
        return nicht_gefunden(request, auswertung.Abwesenheit, nr, "termine.abwesenheit")
    abwesenheit_delete(abwesenheit=abwesenheit, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, meldung("abwesenheit_geloescht"))
    return redirect("arbeitsplatz:termine_abwesenheiten", pk=ort.pk)
