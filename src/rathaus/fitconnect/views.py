"""The callback endpoint of the delivery service (machine to machine, no session)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import conf
from .services import CallbackAbgelehnt, callback_accept

MAX_CALLBACK_BYTES = 256 * 1024


@csrf_exempt
@require_POST
def callback(request: HttpRequest) -> HttpResponse:
    """POST /fitconnect/callback: HMAC-SHA-512 over "<timestamp>.<raw body>" checked in
    constant time, at most 5 minutes old, no replay; then the named submissions are noted."""
    if not conf.aktiv():
        return HttpResponse(status=404)
    if int(request.headers.get("Content-Length") or 0) > MAX_CALLBACK_BYTES:
        return HttpResponse(status=413)
    try:
        callback_accept(
            timestamp=request.headers.get("callback-timestamp"),
            authentication=request.headers.get("callback-authentication"),
            body=request.body,
        )
    except CallbackAbgelehnt:
        return HttpResponse(status=403)
    return HttpResponse(status=200)
