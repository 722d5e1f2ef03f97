"""The offer of a logged-in citizen's saved draft when they start the same form again.

Step 1, opened without a draft in the session, leads here (see :mod:`wiederaufnahme`):
"Gespeicherten Antrag fortsetzen" binds the chosen draft to the session and continues where
input is still needed; "Neu beginnen" posts to ``verwerfen``, which starts a blank draft
and leaves the saved ones as they are.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rathaus.konten.selectors import buerger_of

from . import wiederaufnahme
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
