"""The back office in the workspace: the task list and the page of one Verfahren."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from rathaus.fitconnect.forms import WeiterleitenForm
from rathaus.fitconnect.selectors import herkunft_of
from rathaus.verfahren.ansicht import ansicht_details, verfahren_ansicht
from rathaus.verfahren.bescheid.selectors import bescheid_stand
from rathaus.verfahren.models import Verfahren
from rathaus.verfahren.selectors import InboxFilter, inbox

from .. import services
from ..forms_verfahren import (
    AntwortForm,
    ErledigenForm,
    InboxFilterForm,
    NotizForm,
    WiedervorlageForm,
    ZuweisenForm,
)
from ..selectors import organisationseinheiten_of
from ..zugang import mitarbeiter_required
from ._common import nicht_gefunden


@require_GET
@mitarbeiter_required
def aufgaben(request: HttpRequest) -> HttpResponse:
    einheiten = [(oe.pk, oe.name) for oe in organisationseinheiten_of(user=request.user)]
    form = InboxFilterForm(request.GET or None, einheiten=einheiten)
    daten: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = InboxFilter(
        organisationseinheit_id=daten.get("einheit"),
        rolle=daten.get("rolle") or None,
        nur_meine=bool(daten.get("nur_meine")),
        nur_unzugewiesen=bool(daten.get("nur_unzugewiesen")),
        ueberfaellig=bool(daten.get("ueberfaellig")),
        verfahren_status=daten.get("status") or None,
        aktenzeichen=daten.get("q") or "",
    )
    seite = inbox(
        user=request.user,
        filters=filters,
        sort=daten.get("sort") or "faellig",
        page=daten.get("seite") or 1,
    )
    parameter = {k: str(v) for k, v in request.GET.items() if k != "seite" and v}

    def link(nr: int) -> str:
        return "?" + urlencode({**parameter, "seite": str(nr)})

    return render(
        request,
        "arbeitsplatz/verfahren/aufgaben.html",
        {
            "form": form,
            "seite": seite,
            "vorher": link(seite.seite - 1) if seite.seite > 1 else None,
            "nachher": link(seite.seite + 1) if seite.seite < seite.seiten else None,
        },
        status=400 if form.errors else 200,
    )


def verfahren_seite(
    request: HttpRequest,
    pk: int,
    *,
    status: int = 200,
    gebunden: dict[str, Form] | None = None,
    fehler: str = "",
) -> HttpResponse:
    """Render the Verfahren page; `gebunden` replaces empty forms by submitted ones (with
    their errors), keyed like the context ("erledigen-<id>", "notiz", …)."""
    try:
        ansicht = verfahren_ansicht(user=request.user, pk=pk)  # type: ignore[arg-type]
    except Verfahren.DoesNotExist:
        return nicht_gefunden(request, Verfahren, pk, "verfahren.ansehen")
    services.zugriff_record(
        actor=request.user,
        aktion="verfahren.ansehen",
        target=ansicht.verfahren,
        details=ansicht_details(ansicht),
    )
    gebunden = gebunden or {}
    aufgaben = []
    for zeile in ansicht.offene_aufgaben:
        a = zeile.aufgabe
        erledigen = gebunden.get(f"erledigen-{a.pk}") or ErledigenForm(art=a.art, prefix=f"a{a.pk}")
        zuweisen = gebunden.get(f"zuweisen-{a.pk}") or ZuweisenForm(
            personen=zeile.zuweisbare,
            prefix=f"z{a.pk}",
            initial={"bearbeiter": a.bearbeiter_id},
        )
        aufgaben.append({"zeile": zeile, "erledigen": erledigen, "zuweisen": zuweisen})
    formulare = [f for f in gebunden.values() if f.errors]
    return render(
        request,
        "arbeitsplatz/verfahren/verfahren.html",
        {
            "a": ansicht,
            "v": ansicht.verfahren,
            "aufgaben": aufgaben,
            "notiz_form": gebunden.get("notiz") or NotizForm(prefix="notiz"),
            "wiedervorlage_form": gebunden.get("wiedervorlage") or WiedervorlageForm(prefix="wv"),
            "antwort_form": gebunden.get("antwort") or AntwortForm(prefix="antwort"),
            "weiterleiten_form": gebunden.get("weiterleiten") or WeiterleitenForm(prefix="wl"),
            "fehlerformulare": formulare,
            # The Bescheid a co-signer signs (preview) and the clerk's zdA after the end.
            "bescheid": bescheid_stand(user=request.user, verfahren=ansicht.verfahren),  # type: ignore[arg-type]
            "fehler": fehler,
            # Came through (or went on through) FIT-Connect: sender and online service.
            "fitconnect": herkunft_of(antrag_id=ansicht.verfahren.antrag_id),
        },
        status=status,
    )


@require_GET
@mitarbeiter_required
def verfahren(request: HttpRequest, pk: int) -> HttpResponse:
    return verfahren_seite(request, pk)
