"""A fixed-window limit kept in the cache ("10/600": at most 10 in 600 seconds)."""

from __future__ import annotations

from django.core.cache import cache


def im_limit(*, schluessel: str, limit: str, standard_sekunden: int) -> bool:
    """Count one more attempt under `schluessel`; False once the window's limit is passed.

    `limit` is "ANZAHL/SEKUNDEN" (the seconds may be left out: `standard_sekunden`).
    """
    anzahl_text, _sep, sekunden_text = str(limit).partition("/")
    anzahl, sekunden = int(anzahl_text), int(sekunden_text or standard_sekunden)
    # add() starts the window; incr() counts within it without extending it.
    if cache.add(schluessel, 1, sekunden):
        return anzahl >= 1
    try:
        return cache.incr(schluessel) <= anzahl
    except ValueError:  # expired between add() and incr()
        cache.add(schluessel, 1, sekunden)
        return True
