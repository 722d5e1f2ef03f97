from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from .client import client_address
from .logpfad import pfad_fuer_log

logger = logging.getLogger("rathaus.request")
security_logger = logging.getLogger("rathaus.security")


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        # Usually evaluated already by the view; a failing session store must not turn
        # a finished answer into an error.
        return user.pk if user.is_authenticated else None
    except DatabaseError:
        return None


class RequestLogMiddleware:
    """Log one structured line per request: method, path, status, duration, the client's
    address (behind the proxy, `core.client`) and the user id; a refusal for too many
    requests (429) is also logged as a security event (`rathaus.security`), with the name of
    the limit if the view set `response.rathaus_limit`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        felder = {
            "method": request.method,
            "path": pfad_fuer_log(request)[:300],  # no tokens in the log
            "status": response.status_code,
            "client": client_address(request),
            "user_id": _user_id(request),
        }
        logger.info(
            "request",
            extra={**felder, "duration_ms": round((time.perf_counter() - start) * 1000, 1)},
        )
        if response.status_code == 429:
            # which limit, if the view says so (e.g. "entwurf_link.email"), never its key
            limit = getattr(response, "rathaus_limit", None)
            security_logger.warning(
                "rate_limited", extra={**felder, "event": "rate_limited", "limit": limit}
            )
        return response
