"""Legal pages and the accessibility feedback form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.core.client import client_address

from .. import services
from ..forms import BarrierefreiheitsmeldungForm
from ._common import Krume, brotkrumen

_SESSION_KEY = "portal_bf_eingangsnummer"


def _seite(request: HttpRequest, template: str, titel: str) -> HttpResponse:
    return render(request, template, {"brotkrumen": brotkrumen(Krume(titel))})


@require_GET
def impressum(request: HttpRequest) -> HttpResponse:
    return _seite(request, "portal/impressum.html", _("Impressum"))


@require_GET
def datenschutz(request: HttpRequest) -> HttpResponse:
    return _seite(request, "portal/datenschutz.html", _("Datenschutz"))


@require_GET
def leichte_sprache(request: HttpRequest) -> HttpResponse:
    return _seite(request, "portal/leichte_sprache.html", _("Leichte Sprache"))


def _client(request: HttpRequest) -> str:
    # Behind a proxy, the client as far as the trusted hops vouch for it (core.client).
    return client_address(request) or "unbekannt"


@require_http_methods(["GET", "HEAD", "POST"])
def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"brotkrumen": brotkrumen(Krume(_("Barrierefreiheit")))}
    if request.method != "POST":
        context["form"] = BarrierefreiheitsmeldungForm()
        return render(request, "portal/barrierefreiheit.html", context)
    client = _client(request)
    if services.meldung_rate_exhausted(client=client):
        context["gesperrt"] = True
        response = render(request, "portal/barrierefreiheit.html", context, status=429)
        response["Retry-After"] = "3600"
        return response
    form = BarrierefreiheitsmeldungForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "portal/barrierefreiheit.html", context)
    meldung = services.barrierefreiheitsmeldung_create(
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        seite=form.cleaned_data["seite"],
        nachricht=form.cleaned_data["nachricht"],
        actor=request.user,
    )
    services.meldung_rate_count(client=client)
    request.session[_SESSION_KEY] = meldung.eingangsnummer
    return redirect("portal:barrierefreiheit_danke")


@require_GET
def barrierefreiheit_danke(request: HttpRequest) -> HttpResponse:
    eingangsnummer = request.session.get(_SESSION_KEY)
    if not eingangsnummer:
        return redirect("portal:barrierefreiheit")
    return render(
        request,
        "portal/barrierefreiheit_danke.html",
        {
            "eingangsnummer": eingangsnummer,
            "brotkrumen": brotkrumen(
                Krume(_("Barrierefreiheit"), reverse("portal:barrierefreiheit")),
                Krume(_("Rückmeldung gesendet")),
            ),
        },
    )
