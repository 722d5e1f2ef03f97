"""Home, search, service, Themenfeld, Lebenslage and A–Z pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.katalog import selectors as katalog
from rathaus.termine.selectors import terminorte_of_leistung

from .. import selectors
from ..forms import SuchForm
from ._common import Krume, brotkrumen, gecachte_seite, krume, seitennummer, sprache

if TYPE_CHECKING:
    from rathaus.katalog.models import Themenfeld


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return gecachte_seite(
        request,
        schluessel="home",
        template="portal/home.html",
        kontext=lambda: {
            "themenfelder": katalog.themenfelder_list(),
            "beliebt": katalog.leistungen_beliebt(limit=8),
        },
    )


def _korrigiert(anfrage: str, korrekturen: dict[str, str]) -> str:
    if not korrekturen:
        return ""
    return " ".join(korrekturen.get(wort.lower(), wort) for wort in anfrage.split())


@require_GET
def suche(request: HttpRequest) -> HttpResponse:
    form = SuchForm(request.GET, sprache=sprache())
    context: dict[str, object] = {
        "form": form,
        "brotkrumen": brotkrumen(Krume(_("Suche"))),
    }
    if not form.is_valid():
        context["fehler"] = [e for errors in form.errors.values() for e in errors]
        return render(request, "portal/suche.html", context, status=400)
    anfrage: str = form.cleaned_data["q"]
    themenfeld: Themenfeld | None = form.cleaned_data["themenfeld"]
    nummer: int = form.cleaned_data["seite"] or 1
    if not anfrage:
        context["leer"] = True
        return render(request, "portal/suche.html", context)
    try:
        ergebnis = katalog.leistung_search(
            query=anfrage,
            themenfeld_id=themenfeld.pk if themenfeld else None,
            limit=selectors.PRO_SEITE,
            offset=(nummer - 1) * selectors.PRO_SEITE,
        )
    except katalog.SuchanfrageUngueltig as error:
        context["fehler"] = [str(error)]
        return render(request, "portal/suche.html", context, status=400)
    seite = selectors.Seite(
        eintraege=ergebnis.treffer,
        nummer=nummer,
        gesamt=ergebnis.gesamt,
        pro_seite=selectors.PRO_SEITE,
    )
    if ergebnis.gesamt and nummer > seite.seiten:
        raise Http404(_("Diese Seite gibt es nicht."))
    context.update(
        anfrage=anfrage,
        themenfeld=themenfeld,
        ergebnis=ergebnis,
        seite=seite,
        online_ids=selectors.mit_onlineantrag(seite.eintraege),
        korrigiert=_korrigiert(anfrage, ergebnis.korrekturen),
    )
    return render(request, "portal/suche.html", context)


def _leistung_kontext(slug: str) -> dict[str, object]:
    try:
        daten = selectors.leistung_seite(slug=slug)
    except ObjectDoesNotExist:
        raise Http404(_("Diese Leistung gibt es nicht.")) from None
    krumen = []
    if daten.lebenslage is not None:
        krumen.append(
            krume(
                daten.lebenslage,
                reverse("portal:lebenslage", kwargs={"slug": daten.lebenslage.slug}),
            )
        )
    krumen.append(krume(daten.leistung))
    # Appointments: the city's own booking where an office offers this service, else the
    # catalogue's external address (another authority's booking), if any.
    termin_url = daten.leistung.termin_url
    if terminorte_of_leistung(leistung_id=daten.leistung.pk).exists():
        termin_url = f"{reverse('termine:start')}?leistung={daten.leistung.pk}"
    return {
        "seite": daten,
        "leistung": daten.leistung,
        "termin_url": termin_url,
        "termin_extern": termin_url != "" and termin_url == daten.leistung.termin_url,
        "brotkrumen": brotkrumen(*krumen),
    }


@require_GET
def leistung(request: HttpRequest, slug: str) -> HttpResponse:
    return gecachte_seite(
        request,
        schluessel=f"leistung:{slug}",
        template="portal/leistung.html",
        kontext=lambda: _leistung_kontext(slug),
    )


@require_GET
def themenfeld(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        feld = katalog.themenfeld_detail(slug=slug)
    except ObjectDoesNotExist:
        raise Http404(_("Dieses Themenfeld gibt es nicht.")) from None
    return render(
        request,
        "portal/themenfeld.html",
        {"themenfeld": feld, "brotkrumen": brotkrumen(krume(feld))},
    )


@require_GET
def lebenslage(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        lage = katalog.lebenslage_detail(slug=slug)
    except ObjectDoesNotExist:
        raise Http404(_("Diese Lebenslage gibt es nicht.")) from None
    try:
        seite = selectors.seite_of(
            katalog.leistungen_of_lebenslage(lebenslage=lage), nummer=seitennummer(request)
        )
    except selectors.SeiteNichtVorhanden:
        raise Http404(_("Diese Seite gibt es nicht.")) from None
    feld = lage.themenfeld
    return render(
        request,
        "portal/lebenslage.html",
        {
            "lebenslage": lage,
            "seite": seite,
            "online_ids": selectors.mit_onlineantrag(seite.eintraege),
            "brotkrumen": brotkrumen(
                krume(feld, reverse("portal:themenfeld", kwargs={"slug": feld.slug})),
                krume(lage),
            ),
        },
    )


@require_GET
def az(request: HttpRequest, buchstabe: str | None = None) -> HttpResponse:
    buchstaben = katalog.az_buchstaben()
    if buchstabe is not None:
        buchstabe = buchstabe.upper()
        if buchstabe not in {b.buchstabe for b in buchstaben}:
            raise Http404(_("Diesen Buchstaben gibt es im Index nicht."))
    try:
        seite = selectors.seite_of(
            katalog.leistungen_az(buchstabe=buchstabe), nummer=seitennummer(request)
        )
    except selectors.SeiteNichtVorhanden:
        raise Http404(_("Diese Seite gibt es nicht.")) from None
    krumen = [Krume(_("Leistungen A–Z"), reverse("portal:az") if buchstabe else None)]
    if buchstabe:
        krumen.append(Krume(buchstabe))
    return render(
        request,
        "portal/az.html",
        {
            "buchstaben": buchstaben,
            "buchstabe": buchstabe,
            "seite": seite,
            "online_ids": selectors.mit_onlineantrag(seite.eintraege),
            "brotkrumen": brotkrumen(*krumen),
        },
    )
