"""A small cache-based limit on login callbacks per client address."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _limit() -> tuple[int, int]:
    anzahl, _, sekunden = str(settings.RATHAUS_LOGIN_RATE_LIMIT).partition("/")
    return int(anzahl), int(sekunden or 300)


def callback_erlaubt(request: HttpRequest) -> bool:
    """Count this callback; False once the address exceeded the limit in the window."""
    anzahl, sekunden = _limit()
    key = f"konten:callback:{request.META.get('REMOTE_ADDR', '')}"
    # add() starts the window; incr() counts within it without extending it.
    if cache.add(key, 1, sekunden):
        return anzahl >= 1
    try:
        return cache.incr(key) <= anzahl
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, sekunden)
        return True
