"""The public page /digitalisierung/ and the open data /opendata/ (read the newest snapshot)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from . import opendata, selectors
from .ansicht import ansicht_of, gruppenname, stufendefinitionen
from .forms import FilterForm


@require_safe
def digitalisierung(request: HttpRequest) -> HttpResponse:
    stand = selectors.stand_aktuell()
    if stand is None:
        return render(request, "berichte/digitalisierung.html", {"stand": None})
    form = FilterForm(request.GET or None, kopf=stand.kopf)
    if request.GET and not form.is_valid():
        kontext = {"stand": stand, "form": form, "definitionen": stufendefinitionen()}
        return render(request, "berichte/digitalisierung.html", kontext, status=400)
    gruppe = form.gruppe() if request.GET else "alle"
    kontext = {"stand": stand, "form": form, "inhalt": _kennzahlen_html(stand, gruppe)}
    return render(request, "berichte/digitalisierung.html", kontext)


# The figures' HTML per snapshot, filter group and language: the figures change only with
# a new snapshot, so the page renders them once (the shell around them per request).
_html: dict[tuple[object, ...], str] = {}


def _kennzahlen_html(stand: selectors.Stand, gruppe: str) -> str:
    schluessel = (stand.pk, stand.berechnet_am, gruppe, translation.get_language())
    fertig = _html.get(schluessel)
    if fertig is None:
        if any(k[:2] != schluessel[:2] for k in _html):
            _html.clear()  # a newer snapshot: the old figures are never shown again
        kontext = {
            "gefiltert": gruppe != "alle",
            "gruppenname": gruppenname(stand.kopf, gruppe),
            "a": ansicht_of(
                kopf=stand.kopf, gruppe=stand.gruppen.get(gruppe, stand.gruppen["alle"])
            ),
            "definitionen": stufendefinitionen(),
        }
        fertig = _html[schluessel] = mark_safe(  # noqa: S308 (rendered with autoescape)
            render_to_string("berichte/_kennzahlen.html", kontext)
        )
    return fertig


@require_safe
def opendata_index(request: HttpRequest) -> HttpResponse:
    stand = selectors.stand_aktuell()
    return render(
        request,
        "berichte/opendata.html",
        {"stand": stand, "dateien": opendata.DATEIEN if stand else []},
    )


@require_safe
def opendata_datei(request: HttpRequest, name: str, format: str) -> HttpResponse:
    stand = selectors.stand_aktuell()
    if stand is None or name not in opendata.DATEIEN:
        raise Http404
    tabelle = opendata.tabelle(stand, name)
    if format == "json":
        return JsonResponse(
            opendata.als_json(stand, name, tabelle), json_dumps_params={"ensure_ascii": False}
        )
    text = opendata.als_csv(tabelle, opendata.DATEIEN[name].spalten)
    antwort = HttpResponse(text, content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return antwort


@require_safe
def opendata_katalog(request: HttpRequest, format: str) -> HttpResponse:
    stand = selectors.stand_aktuell()
    if stand is None:
        raise Http404
    basis = request.build_absolute_uri("/")
    graph = opendata.dcat_katalog(stand, basis=basis)
    if format == "jsonld":
        return HttpResponse(graph.serialize(format="json-ld"), content_type="application/ld+json")
    return HttpResponse(graph.serialize(format="turtle"), content_type="text/turtle; charset=utf-8")
