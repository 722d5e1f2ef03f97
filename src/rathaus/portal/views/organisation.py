"""The offices of the city administration."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.katalog import selectors as katalog

from .. import selectors
from ._common import Krume, brotkrumen, krume, seitennummer


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/organisation_list.html",
        {
            "baum": selectors.organisationseinheiten_baum(),
            "brotkrumen": brotkrumen(Krume(_("Ämter und Einrichtungen"))),
        },
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        daten = selectors.organisation_seite(slug=slug)
    except ObjectDoesNotExist:
        raise Http404(_("Diese Stelle gibt es nicht.")) from None
    try:
        leistungen = selectors.seite_of(
            katalog.leistungen_of_organisationseinheit(oe=daten.oe),
            nummer=seitennummer(request),
            pro_seite=50,
        )
    except selectors.SeiteNichtVorhanden:
        raise Http404(_("Diese Seite gibt es nicht.")) from None
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "seite": daten,
            "oe": daten.oe,
            "leistungen": leistungen,
            "online_ids": selectors.mit_onlineantrag(leistungen.eintraege),
            "brotkrumen": brotkrumen(
                Krume(_("Ämter und Einrichtungen"), reverse("portal:organisation_list")),
                krume(daten.oe),
            ),
        },
    )
