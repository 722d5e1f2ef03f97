"""The waiting room's call display: public, one per Terminort behind an unguessable path,
showing only called numbers and counters (no names). The page works without script (it
reloads itself every 30 seconds); `static/termine/aufruf.js` instead polls the JSON and
updates the list and the live region that screen readers announce."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import auswertung
from ..models import Terminort
from ..selectors import LOCAL_TZ


def _ort(token: str) -> Terminort:
    ort = auswertung.terminort_by_aufruf_token(token=token)
    if ort is None:
        raise Http404
    return ort


def _ansage(aufruf: auswertung.Aufruf) -> str:
    return _("Nummer %(nummer)s bitte zu %(schalter)s") % {
        "nummer": aufruf.nummer,
        "schalter": aufruf.schalter,
    }


@require_GET
def aufruf(request: HttpRequest, token: str) -> HttpResponse:
    ort = _ort(token)
    aufrufe = auswertung.aufrufe_of(terminort=ort)
    return render(
        request,
        "termine/aufruf.html",
        {
            "ort": ort,
            "aufrufe": aufrufe,
            "ansage": _ansage(aufrufe[0]) if aufrufe else "",
            "token": token,
        },
    )


@require_GET
def aufrufe(request: HttpRequest, token: str) -> JsonResponse:
    ort = _ort(token)
    return JsonResponse(
        {
            "aufrufe": [
                {
                    "nummer": a.nummer,
                    "schalter": a.schalter,
                    "zeit": timezone.localtime(a.zeit, LOCAL_TZ).strftime("%H:%M"),
                    "ansage": _ansage(a),
                }
                for a in auswertung.aufrufe_of(terminort=ort)
            ]
        }
    )
