"""The limit on failed login callbacks per client address.

Only failures count, and only those of a login this browser really started: a callback
whose state is not in the session is refused before it reaches the limit, so nobody can
use up the budget of an address shared with others (one proxy, one office).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from rathaus.core.client import client_address
from rathaus.core.drossel import fehlschlag_zaehlen, limit_erreicht

STANDARD_SEKUNDEN = 300


def _schluessel(request: HttpRequest) -> str:
    return f"konten:callback:{client_address(request)}"


def callback_gesperrt(request: HttpRequest) -> bool:
    """True while the client's address has used up its failed callbacks in the window."""
    return limit_erreicht(
        schluessel=_schluessel(request),
        limit=settings.RATHAUS_LOGIN_RATE_LIMIT,
        standard_sekunden=STANDARD_SEKUNDEN,
    )


def callback_fehlschlag(request: HttpRequest) -> None:
    """Count a failed callback (checked state, then a rejected code or token)."""
    fehlschlag_zaehlen(
        schluessel=_schluessel(request),
        limit=settings.RATHAUS_LOGIN_RATE_LIMIT,
        standard_sekunden=STANDARD_SEKUNDEN,
    )
