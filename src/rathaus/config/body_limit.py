"""The largest request body the application takes, decided on the Content-Length header
before anything (the CSRF check, a form, DRF) reads a byte of the body.

Routes that take the files of an Antrag may carry all its Anlagen plus the form's fields
(RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES + RATHAUS_MAX_REQUEST_BYTES); every other request at
most RATHAUS_MAX_REQUEST_BYTES. nginx's client_max_body_size is a second fence in front,
not the only one. A request without Content-Length has no body for Django (it reads
exactly that many bytes), so chunked uploads cannot get around the limit.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# URL names (namespace:name) of the routes that receive uploads.
UPLOAD_ROUTES = frozenset(
    {
        "formulare:schritt",  # a step of an online form, with its file fields
        "meine_antraege:detail",  # the citizen's answer to a Nachforderung
        "api:antrag-create",  # an Antrag from another online service, with Anlagen
        "arbeitsplatz:posteingang",  # incoming post scanned in by staff
        "admin:verfahren_prozessmodell_add",  # a BPMN model (2 MB) of the Fachadministration
    }
)


def _content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # Django reads such a request as one without a body


def upload_limit() -> int:
    return int(settings.RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES) + int(settings.RATHAUS_MAX_REQUEST_BYTES)


def limit_for(request: HttpRequest) -> int:
    """The largest body `request`'s route accepts, in bytes."""
    try:
        route = resolve(request.path_info).view_name
    except Resolver404:
        route = ""
    return upload_limit() if route in UPLOAD_ROUTES else int(settings.RATHAUS_MAX_REQUEST_BYTES)


def _lesbar(anzahl: int) -> str:
    if anzahl >= 1024 * 1024:
        return f"{anzahl / (1024 * 1024):.0f} MB"
    return f"{anzahl / 1024:.0f} KB"


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """413: a short page (JSON for the API) saying how much is allowed. The announced body
    stays unread; the WSGI server discards or closes (an application may not send
    `Connection: close`, a hop-by-hop header)."""
    text = _("Die gesendeten Daten sind zu groß (höchstens %(grenze)s).") % {
        "grenze": _lesbar(limit)
    }
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": text}, status=413)
    else:
        kontext = {"text": text, "kommune": settings.RATHAUS_KOMMUNE}
        response = HttpResponse(render_to_string("413.html", kontext, request), status=413)
    response["Cache-Control"] = "no-store"
    # The answer leaves before the CSP and clickjacking middleware further in: their
    # headers, for a page without script or form.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    response["X-Frame-Options"] = "DENY"
    return response


class BodyLimitMiddleware:
    """Answer 413 to a request whose announced body is larger than its route allows.

    Placed after LocaleMiddleware, so that /en/… paths resolve and the page is in the
    visitor's language, and before everything that reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        laenge = _content_length(request)
        # Most requests are below the small limit: no URL resolving for them.
        if laenge > settings.RATHAUS_MAX_REQUEST_BYTES:
            limit = limit_for(request)
            if laenge > limit:
                return too_large(request, limit)
        return self.get_response(request)
