"""The citizen's page of one Antrag ("Mein Antrag"): status history, the authority's
messages, the open Nachforderung and the form to answer it.

Only for the logged-in owner (anyone else: login page or 404), and only in a session at
the level the Antrag was submitted with (below it: a page that offers that login, and
nothing of the Antrag; konten.lesezugang). The views parse the request, call the
selectors and services and map their errors to the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rathaus.antraege.selectors import antrag_niveau, uploadgrenzen
from rathaus.antraege.services import Datei
from rathaus.core.drossel import im_limit
from rathaus.konten.lesezugang import lesen_erlaubt, verweigert
from rathaus.konten.views import buerger_required

from . import services
from .buerger_selectors import MeinAntrag, mein_antrag
from .services.antwort import FELD_DATEIEN, FELD_TEXT, MAX_DATEIEN, MAX_TEXT, fehlercodes

if TYPE_CHECKING:
    from rathaus.konten.models import Buerger

TEMPLATE = "verfahren/buerger/antrag.html"


def _antwort_erlaubt(buerger: Buerger) -> bool:
    """Count this attempt; False once the citizen sent too many answers in the window."""
    return im_limit(
        schluessel=f"verfahren:antwort:{buerger.pk}",
        limit=settings.RATHAUS_VERFAHREN_ANTWORT_LIMIT,
        standard_sekunden=600,
    )


def _seite(request: HttpRequest, buerger: Buerger, pk: int) -> MeinAntrag:
    seite = mein_antrag(buerger=buerger, pk=pk)
    if seite is None:
        raise Http404(_("Diesen Antrag gibt es nicht."))
    return seite


def _render(
    request: HttpRequest,
    seite: MeinAntrag,
    *,
    fehler: dict[str, list[str]] | None = None,
    text: str = "",
    status: int = 200,
) -> HttpResponse:
    fehler = fehler or {}
    grenzen = uploadgrenzen()
    ctx: dict[str, Any] = {
        "seite": seite,
        "antrag": seite.antrag,
        "fehler": bool(fehler),
        "text_fehler": fehler.get(FELD_TEXT, []),
        "dateien_fehler": fehler.get(FELD_DATEIEN, []),
        "allgemein_fehler": [
            m for k, v in fehler.items() if k not in (FELD_TEXT, FELD_DATEIEN) for m in v
        ],
        "text": text,
        "max_text": MAX_TEXT,
        "max_dateien": MAX_DATEIEN,
        "max_mb": f"{grenzen.max_datei_bytes / (1024 * 1024):.0f}",
        "accept": grenzen.accept,
        "endungen": grenzen.endungen,
        "brotkrumen": [
            {"text": _("Startseite"), "url": reverse("portal:home")},
            {"text": _("Mein Konto"), "url": reverse("konten:konto")},
            {"text": _("Antrag %(az)s") % {"az": seite.antrag.aktenzeichen}, "url": None},
        ],
    }
    return render(request, TEMPLATE, ctx, status=status)


def _dateien(request: HttpRequest) -> list[Datei]:
    return [
        Datei(feld="", dateiname=f.name or "", mediatyp=f.content_type or "", inhalt=f)
        for f in request.FILES.getlist(FELD_DATEIEN)
    ]


def _antworten(request: HttpRequest, buerger: Buerger, seite: MeinAntrag) -> HttpResponse:
    text = request.POST.get(FELD_TEXT, "")[: MAX_TEXT * 2]
    fehler: dict[str, list[str]]
    if not _antwort_erlaubt(buerger):
        fehler = {
            NON_FIELD_ERRORS: [
                _(
                    "Sie haben in kurzer Zeit zu oft geantwortet. "
                    "Bitte warten Sie einige Minuten und versuchen Sie es dann noch einmal."
                )
            ]
        }
        return _render(request, seite, fehler=fehler, text=text, status=429)
    if seite.verfahren is None or seite.nachforderung is None:
        fehler = {
            NON_FIELD_ERRORS: [
                _("Zu Ihrem Antrag %(az)s ist keine Nachforderung offen.")
                % {"az": seite.antrag.aktenzeichen}
            ]
        }
        return _render(request, seite, fehler=fehler, status=409)
    try:
        services.nachforderung_answer(
            verfahren=seite.verfahren,
            buerger=buerger,
            text=text,
            dateien=_dateien(request),
            actor=request.user,
        )
    except PermissionDenied:
        raise Http404(_("Diesen Antrag gibt es nicht.")) from None
    except ValidationError as exc:
        neu = _seite(request, buerger, seite.antrag.pk)  # the state may have moved on
        status = 409 if "wartet_nicht" in fehlercodes(exc) else 400
        return _render(request, neu, fehler=exc.message_dict, text=text, status=status)
    messages.success(
        request,
        _("Vielen Dank, Ihre Antwort ist eingegangen. Wir prüfen Ihre Unterlagen."),
    )
    return HttpResponseRedirect(
        reverse("meine_antraege:detail", args=[seite.antrag.pk]) + "#antrag-titel", status=303
    )


@never_cache
@require_http_methods(["GET", "POST"])
@buerger_required
def antrag(request: HttpRequest, buerger: Buerger, pk: int) -> HttpResponse:
    """One of the citizen's Anträge; POST answers its open Nachforderung."""
    seite = _seite(request, buerger, pk)
    erforderlich = antrag_niveau(antrag=seite.antrag)
    if not lesen_erlaubt(request, erforderlich):
        # Neither shown nor answered: an answer below the level changes nothing.
        return verweigert(
            request,
            erforderlich=erforderlich,
            ziel=reverse("meine_antraege:detail", args=[seite.antrag.pk]),
            bezeichnung=_("Antrag %(az)s") % {"az": seite.antrag.aktenzeichen},
            art="antrag",
        )
    if request.method == "POST":
        return _antworten(request, buerger, seite)
    return _render(request, seite)
