"""Continuing a saved draft: the offer to a logged-in citizen, and the resume link.

Step 1, opened without a draft in the session, leads a citizen to ``gespeichert`` (see
:mod:`wiederaufnahme`): "Gespeicherten Antrag fortsetzen" binds the chosen draft to the
session and continues where input is still needed; "Neu beginnen" posts to ``verwerfen``,
which starts a blank draft and leaves the saved ones as they are.

``fortsetzen`` is the resume link of a draft (mailed by "Zwischenspeichern", listed in
Mein Konto); each link of an anonymous draft works once (see :mod:`bindung`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rathaus.konten.selectors import buerger_of

from . import selectors, services, wiederaufnahme
from .models import Entwurf
from .views import _formular, _merken


@never_cache
@require_http_methods(["GET", "POST"])
def gespeichert(request: HttpRequest, formular_id: int) -> HttpResponse:
    formular = _formular(formular_id)
    buerger = buerger_of(user=request.user)
    if buerger is None:  # anonymous drafts are resumed through their link only
        return redirect("formulare:schritt", formular_id=formular.pk, schritt=1)
    fehler = ""
    if request.method == "POST":
        entwurf = wiederaufnahme.gespeicherter_entwurf(
            pk=request.POST.get("entwurf", ""), formular=formular, buerger=buerger
        )
        if entwurf is not None:
            _merken(request, entwurf)
            return redirect(
                "formulare:schritt",
                formular_id=entwurf.formular_id,
                schritt=wiederaufnahme.fortsetzen_bei(entwurf),
            )
        # another citizen's, expired, submitted meanwhile or made up: the same answer
        fehler = _(
            "Diesen gespeicherten Antrag gibt es nicht mehr. Er ist abgelaufen oder wurde "
            "bereits abgesendet."
        )
    angebote = wiederaufnahme.gespeicherte_entwuerfe(formular=formular, buerger=buerger)
    if not angebote and not fehler:
        return redirect("formulare:schritt", formular_id=formular.pk, schritt=1)
    return render(
        request,
        "formulare/gespeichert.html",
        {"formular": formular, "angebote": angebote, "fehler": fehler},
        status=404 if fehler else 200,
    )


def _weiter_bei(entwurf: Entwurf) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse(
            "formulare:schritt",
            kwargs={"formular_id": entwurf.formular_id, "schritt": entwurf.aktueller_schritt},
        )
    )


@require_http_methods(["GET", "POST"])
def fortsetzen(request: HttpRequest, token: str) -> HttpResponse:
    """The resume link. GET asks to continue and changes nothing (a mail scanner opening
    the link does not use it up); the button POSTs the token to ``fortsetzen_basis``,
    which binds the draft to this session with a new token, so the link works once.

    A citizen's own draft opens for that citizen only, without a new token; a visitor not
    logged in is asked to log in and is then offered their saved drafts.
    """
    if request.method == "POST":
        token = request.POST.get("token", "") or token
    buerger = buerger_of(user=request.user)
    schon = selectors.entwurf_link_ziel(token=token)
    if schon is not None and selectors.entwurf_sitzung_erlaubt(
        session=request.session, entwurf=schon, buerger=buerger
    ):
        # the citizen's own draft, or a second click in the browser that used the link
        _merken(request, schon)
        return _weiter_bei(schon)
    entwurf = selectors.entwurf_by_token(token=token)
    if entwurf is None:
        return render(request, "formulare/link_ungueltig.html", status=404)
    if entwurf.buerger_id is not None:  # another citizen's, or nobody logged in
        if buerger is None:
            return _anmelden_fuer(entwurf)
        return render(request, "formulare/link_ungueltig.html", status=404)
    if request.method == "GET":
        return render(request, "formulare/fortsetzen.html", {"entwurf": entwurf, "token": token})
    entwurf = services.entwurf_resume(token=token, actor=request.user)
    if entwurf is None:  # used by another request a moment ago
        return render(request, "formulare/link_ungueltig.html", status=404)
    _merken(request, entwurf)
    return _weiter_bei(entwurf)


def _anmelden_fuer(entwurf: Entwurf) -> HttpResponseRedirect:
    """To the login, then to step 1 of the form, which offers the citizen's saved drafts;
    the link's token goes nowhere."""
    ziel = reverse("formulare:schritt", kwargs={"formular_id": entwurf.formular_id, "schritt": 1})
    query = urlencode({"next": ziel, "niveau": entwurf.formular.vertrauensniveau})
    return HttpResponseRedirect(f"{reverse('konten:anmelden')}?{query}")
