"""Limits kept in the cache: a fixed window ("10/600": at most 10 in 600 seconds) and a
backoff that doubles with every failure.

Keys of limits per client are built with `rathaus.core.client.client_address`, so every
limit agrees on who the client is behind the proxy. With Redis (`REDIS_URL`) the counts are
shared by all web processes; without it each process counts for itself.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def _fenster(limit: str, standard_sekunden: int) -> tuple[int, int]:
    anzahl_text, _sep, sekunden_text = str(limit).partition("/")
    return int(anzahl_text), int(sekunden_text or standard_sekunden)


def im_limit(*, schluessel: str, limit: str, standard_sekunden: int) -> bool:
    """Count one more attempt under `schluessel`; False once the window's limit is passed.

    `limit` is "ANZAHL/SEKUNDEN" (the seconds may be left out: `standard_sekunden`).
    """
    anzahl, sekunden = _fenster(limit, standard_sekunden)
    # add() starts the window; incr() counts within it without extending it.
    if cache.add(schluessel, 1, sekunden):
        return anzahl >= 1
    try:
        return cache.incr(schluessel) <= anzahl
    except ValueError:  # expired between add() and incr()
        cache.add(schluessel, 1, sekunden)
        return True


def limit_erreicht(*, schluessel: str, limit: str, standard_sekunden: int) -> bool:
    """True while `schluessel` has used up the window's limit; counts nothing.

    With `fehlschlag_zaehlen` this limits failures only: check before the work, count
    after it failed, so a successful attempt costs nothing.
    """
    anzahl, _sekunden = _fenster(limit, standard_sekunden)
    return int(cache.get(schluessel) or 0) >= anzahl


def fehlschlag_zaehlen(*, schluessel: str, limit: str, standard_sekunden: int) -> None:
    """Count one failure under `schluessel` in the current window (see `limit_erreicht`)."""
    im_limit(schluessel=schluessel, limit=limit, standard_sekunden=standard_sekunden)


def verdeckt(text: str) -> str:
    """A keyed digest of `text` for a cache key: an email address or a session key never
    stands in the cache in clear, and without the SECRET_KEY no guess can be checked."""
    return salted_hmac("rathaus.core.drossel", text, algorithm="sha256").hexdigest()[:32]


@dataclass(frozen=True)
class Grenze:
    """One limit of an action: `name` says which in the log (never a value of the key)."""

    name: str
    schluessel: str
    limit: str

    def sekunden(self, standard_sekunden: int) -> int:
        return _fenster(self.limit, standard_sekunden)[1]


def erste_ueberschrittene(grenzen: Iterable[Grenze], *, standard_sekunden: int) -> Grenze | None:
    """Count one attempt under every limit in `grenzen`; the first one passed, or None.

    Every limit counts every attempt, refused ones too: whoever is over one limit uses up
    the others as well instead of trying along them.
    """
    ueberschritten: Grenze | None = None
    for grenze in grenzen:
        frei = im_limit(
            schluessel=grenze.schluessel, limit=grenze.limit, standard_sekunden=standard_sekunden
        )
        if not frei and ueberschritten is None:
            ueberschritten = grenze
    return ueberschritten


@dataclass(frozen=True)
class Bremse:
    """A backoff per name (e.g. a user name) that holds across all client addresses.

    The first `frei` failures cost nothing. From then on each failure closes the name for
    2^(failures − frei) seconds, at most `hoechstens`; while it is closed, `einlass` answers
    the seconds still to wait, and once it opens exactly one attempt gets through (an atomic
    `cache.add`) until that attempt failed — which closes it for twice as long — or its
    time passed. The count is forgotten `gedaechtnis` seconds after the last failure.
    Names are stored hashed, so any text is a safe name.
    """

    bereich: str
    frei: int
    hoechstens: int
    gedaechtnis: int = 24 * 3600

    def _schluessel(self, name: str, art: str) -> str:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"bremse:{self.bereich}:{art}:{digest}"

    def _wartezeit(self, fehlschlaege: int) -> int:
        stufe = min(fehlschlaege - self.frei, 40)  # 2**40 s is far past any cap
        return max(1, min(2**stufe, self.hoechstens))

    def fehlschlaege(self, name: str) -> int:
        return int(cache.get(self._schluessel(name, "n")) or 0)

    def einlass(self, name: str) -> int:
        """0 if an attempt for `name` may go ahead now, else the seconds to wait.

        Refused attempts are not counted: only a tried and failed attempt makes the wait
        longer, so hammering a closed name changes nothing.
        """
        fehlschlaege = self.fehlschlaege(name)
        if fehlschlaege < self.frei:
            return 0
        jetzt = time.time()
        warten = self._wartezeit(fehlschlaege)
        tor = self._schluessel(name, "tor")
        if cache.add(tor, jetzt + warten, warten):
            return 0
        offen_ab = cache.get(tor)
        if offen_ab is None:  # opened between add() and get(): the next try gets through
            return 1
        return max(1, math.ceil(float(offen_ab) - jetzt))

    def fehlschlag(self, name: str) -> int:
        """Count a failed attempt for `name`; the number of failures now."""
        zaehler = self._schluessel(name, "n")
        if cache.add(zaehler, 1, self.gedaechtnis):
            fehlschlaege = 1
        else:
            try:
                fehlschlaege = cache.incr(zaehler)
            except ValueError:  # expired between add() and incr()
                cache.add(zaehler, 1, self.gedaechtnis)
                fehlschlaege = 1
            cache.touch(zaehler, self.gedaechtnis)
        if fehlschlaege >= self.frei:
            warten = self._wartezeit(fehlschlaege)
            cache.set(self._schluessel(name, "tor"), time.time() + warten, warten)
        return fehlschlaege
