from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .sitzung import ABGELAUFEN, aktivitaet_vermerken, sitzungsstand

logger = logging.getLogger(__name__)


def _jetzt() -> float:
    return timezone.now().timestamp()


class SitzungsgrenzeMiddleware:
    """End a citizen's session after its level's absolute or idle limit (see niveau.grenze).

    Runs after AuthenticationMiddleware. Staff sessions carry no level and are untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            stand = sitzungsstand(request.session)
            if stand is not None:
                jetzt = _jetzt()
                if stand.abgelaufen(jetzt):
                    logger.info("citizen session expired", extra={"niveau": str(stand.niveau)})
                    auth.logout(request)
                    request.session[ABGELAUFEN] = True
                else:
                    aktivitaet_vermerken(request.session, stand, jetzt=jetzt)
        return self.get_response(request)
