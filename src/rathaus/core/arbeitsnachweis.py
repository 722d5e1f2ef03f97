"""Proof of work for anonymous actions, and the time lock for browsers that cannot do it.

The browser proves that it spent about a second of computing before an anonymous action
(e.g. submitting an Antrag): the server hands out an HMAC-signed, expiring challenge of
ALTCHA's proof of work v2 (PBKDF2/SHA-256, the `altcha` library, MIT), the page's script
solves it in a Web Worker (ALTCHA's own worker, served from our static files) and sends
the payload with the form; the server checks signature, expiry, purpose and solution and
marks it used, so each solution counts once. Nothing is asked of any outside service.

The challenges are "deterministic" (ALTCHA's term): the server draws the counter the
browser has to reach from [VERSUCHE, 2·VERSUCHE), so the work is bounded on both sides
(no unlucky citizen waits ten times as long), and checking it costs one HMAC.

Without JavaScript (or without WebCrypto) the same form carries a *Wartemarke*: a signed
time stamp that opens WARTEZEIT seconds after the page was delivered. A person reading
their answers on the review page rarely notices it; a script has to hold each submission
for that long. Both are used once and both name the purpose and the object they are for
(a challenge for draft 7 does not open draft 8).

Used marks live in the cache (with Redis shared by all web processes; without it each
process remembers its own, like every other limit of `core.drossel`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import altcha
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

ALGORITHMUS = "PBKDF2/SHA-256"
# How long a challenge or a Wartemarke is good for: a review page left open for an hour
# gets a fresh one with the answer that the old one expired.
GUELTIGKEIT = 3600
# A payload is a few hundred characters; anything far larger is refused before parsing.
MAX_LAENGE = 4096
_WARTEMARKE_SALT = "rathaus.core.arbeitsnachweis.wartemarke"


class Ergebnis(StrEnum):
    """The answer to a submitted proof; only OK lets the action go ahead."""

    OK = "ok"
    FEHLT = "fehlt"  # neither a solution nor a Wartemarke
    ZU_FRUEH = "zu_frueh"  # a Wartemarke that is not open yet
    ABGELAUFEN = "abgelaufen"
    UNGUELTIG = "ungueltig"  # unreadable, forged signature or wrong solution
    FREMD = "fremd"  # signed by us, but for another purpose or object
    VERBRAUCHT = "verbraucht"  # used before


@dataclass(frozen=True)
class Pruefung:
    ergebnis: Ergebnis
    # for ZU_FRUEH: the seconds still to wait
    warten: int = 0

    @property
    def ok(self) -> bool:
        return self.ergebnis is Ergebnis.OK


def _geheimnis(wofuer: str) -> str:
    return salted_hmac("rathaus.core.arbeitsnachweis", wofuer, algorithm="sha256").hexdigest()


def _daten(zweck: str, bindung: str) -> dict[str, str]:
    return {"zweck": zweck, "bindung": bindung}


def aufgabe_erstellen(
    *, zweck: str, bindung: str, gueltig_bis: int | None = None
) -> dict[str, Any]:
    """A new signed challenge for `zweck` (e.g. "antrag.einreichen") and the object it
    protects (`bindung`, e.g. the draft's id), as the JSON object ALTCHA's worker takes;
    good until `gueltig_bis` (Unix time), by default for GUELTIGKEIT seconds."""
    versuche = int(settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE)
    aufgabe = altcha.create_challenge(
        algorithm=ALGORITHMUS,
        cost=int(settings.RATHAUS_ARBEITSNACHWEIS_ITERATIONEN),
        counter=versuche + secrets.randbelow(versuche),
        expires_at=gueltig_bis if gueltig_bis is not None else int(time.time()) + GUELTIGKEIT,
        data=_daten(zweck, bindung),
        hmac_secret=_geheimnis("aufgabe"),
        hmac_key_secret=_geheimnis("schluessel"),
    )
    return aufgabe.to_dict()


def _verbraucht_schluessel(art: str, kennung: str) -> str:
    return f"arbeitsnachweis:{art}:{hashlib.sha256(kennung.encode()).hexdigest()[:40]}"


def _verbrauchen(art: str, kennung: str, bis: float) -> bool:
    """Mark `kennung` used until `bis` (a Unix time); False if it was used before."""
    schluessel = _verbraucht_schluessel(art, kennung)
    return bool(cache.add(schluessel, 1, max(1, math.ceil(bis - time.time()) + 60)))


def _lesen(nutzlast: str) -> altcha.Payload | None:
    """The payload as ALTCHA's verifier reads it (base64 of JSON), None if it is none."""
    try:
        daten = json.loads(base64.b64decode(nutzlast).decode("utf-8"))
        return altcha.Payload.from_dict(daten)
    except (ValueError, binascii.Error, KeyError, TypeError, AttributeError, RecursionError):
        return None


def loesung_pruefen(nutzlast: str, *, zweck: str, bindung: str) -> Pruefung:
    """Check a solved challenge (base64 JSON as ALTCHA builds it) and use it up."""
    if not nutzlast:
        return Pruefung(Ergebnis.FEHLT)
    gelesen = _lesen(nutzlast) if len(nutzlast) <= MAX_LAENGE else None
    if gelesen is None:
        return Pruefung(Ergebnis.UNGUELTIG)
    ergebnis = altcha.verify_solution(
        gelesen, _geheimnis("aufgabe"), hmac_key_secret=_geheimnis("schluessel")
    )
    if ergebnis.expired:
        return Pruefung(Ergebnis.ABGELAUFEN)
    if not ergebnis.verified:
        return Pruefung(Ergebnis.UNGUELTIG)
    # verified: the parameters, their data and expiry included, carry our signature
    parameter = gelesen.challenge.parameters
    if parameter.data != _daten(zweck, bindung):
        return Pruefung(Ergebnis.FREMD)
    ablauf = float(parameter.expires_at or time.time() + GUELTIGKEIT)
    if not _verbrauchen("loesung", str(gelesen.challenge.signature), ablauf):
        return Pruefung(Ergebnis.VERBRAUCHT)
    return Pruefung(Ergebnis.OK)


# -- the time lock for browsers without JavaScript ----------------------------------------


def wartezeit() -> int:
    return int(settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT)


def wartemarke_ausstellen(*, zweck: str, bindung: str) -> str:
    """A signed Wartemarke for `zweck` and `bindung`, open `wartezeit()` seconds from now."""
    return signing.dumps(
        {**_daten(zweck, bindung), "n": secrets.token_hex(12), "t": int(time.time())},
        salt=_WARTEMARKE_SALT,
        compress=False,
    )


def _wartemarke_lesen(marke: str, *, zweck: str, bindung: str) -> dict[str, Any] | Pruefung:
    """The contents of a Wartemarke for `zweck` and `bindung`, or why it is none."""
    if not marke:
        return Pruefung(Ergebnis.FEHLT)
    if len(marke) > MAX_LAENGE:
        return Pruefung(Ergebnis.UNGUELTIG)
    try:
        daten = signing.loads(marke, salt=_WARTEMARKE_SALT, max_age=GUELTIGKEIT)
    except signing.SignatureExpired:
        return Pruefung(Ergebnis.ABGELAUFEN)
    except signing.BadSignature:
        return Pruefung(Ergebnis.UNGUELTIG)
    if not isinstance(daten, dict) or not isinstance(daten.get("t"), int):
        return Pruefung(Ergebnis.UNGUELTIG)
    if {k: daten.get(k) for k in ("zweck", "bindung")} != _daten(zweck, bindung):
        return Pruefung(Ergebnis.FREMD)
    return daten


def wartemarke_pruefen(marke: str, *, zweck: str, bindung: str) -> Pruefung:
    """Check a Wartemarke and, if it is open, use it up (a marke that is not open yet
    stays usable: its holder is told how long to wait)."""
    daten = _wartemarke_lesen(marke, zweck=zweck, bindung=bindung)
    if isinstance(daten, Pruefung):
        return daten
    offen_ab = daten["t"] + wartezeit()
    jetzt = time.time()
    if jetzt < offen_ab:
        return Pruefung(Ergebnis.ZU_FRUEH, warten=max(1, math.ceil(offen_ab - jetzt)))
    if not _verbrauchen("wartemarke", str(daten.get("n")), daten["t"] + GUELTIGKEIT):
        return Pruefung(Ergebnis.VERBRAUCHT)
    return Pruefung(Ergebnis.OK)


def wartemarke_weiter(marke: str, *, zweck: str, bindung: str) -> str:
    """The Wartemarke for a form shown again (after an error): the one it was sent with
    while that is still good and unused, so the time already waited counts, else a new one."""
    daten = _wartemarke_lesen(marke, zweck=zweck, bindung=bindung)
    if isinstance(daten, Pruefung) or cache.get(
        _verbraucht_schluessel("wartemarke", str(daten.get("n")))
    ):
        return wartemarke_ausstellen(zweck=zweck, bindung=bindung)
    return marke


def pruefen(*, loesung: str, wartemarke: str, zweck: str, bindung: str) -> Pruefung:
    """The proof of a form: the solved challenge if the browser sent one (then it alone
    decides: a forged or used one is refused, whatever else came), else the Wartemarke."""
    if loesung:
        return loesung_pruefen(loesung, zweck=zweck, bindung=bindung)
    return wartemarke_pruefen(wartemarke, zweck=zweck, bindung=bindung)


# -- a protected form ---------------------------------------------------------------------

FELD_LOESUNG = "arbeitsnachweis"
FELD_WARTEMARKE = "wartemarke"


def formularfelder(*, zweck: str, bindung: str, wartemarke: str = "") -> dict[str, Any]:
    """What a protected form carries: a fresh challenge for the page's script
    (`aufgabe`), a Wartemarke for a browser without it (`wartemarke`: the one the form was
    sent with while it is still good, so the time waited counts) and `wartezeit`."""
    return {
        "aufgabe": aufgabe_erstellen(zweck=zweck, bindung=bindung),
        "wartemarke": wartemarke_weiter(wartemarke, zweck=zweck, bindung=bindung),
        "wartezeit": wartezeit(),
    }


def formular_pruefen(daten: Mapping[str, str], *, zweck: str, bindung: str) -> Pruefung:
    """Check and use up the proof a protected form sent (`daten`: its POST data)."""
    return pruefen(
        loesung=daten.get(FELD_LOESUNG, "").strip(),
        wartemarke=daten.get(FELD_WARTEMARKE, "").strip(),
        zweck=zweck,
        bindung=bindung,
    )
