"""State of a staff login in the session: the limits of a full login.

Name, password and second factor come in one request (`views.anmeldung`); the account is
logged in (django.contrib.auth.login, which also changes the session key) only once all
three are right, so there is no half-logged-in state to keep.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from . import conf

ANMELDUNG_AM = "arbeitsplatz_anmeldung_am"
AKTIV_AM = "arbeitsplatz_aktiv_am"
ABGELAUFEN = "arbeitsplatz_abgelaufen"
# Activity is written at most this often, not on every request.
AKTIVITAET_AUFLOESUNG = 30


def jetzt() -> float:
    return timezone.now().timestamp()


def sitzung_beginnen(session: SessionBase) -> None:
    """Mark a full staff login (right after django.contrib.auth.login)."""
    session.pop(ABGELAUFEN, None)
    now = jetzt()
    session[ANMELDUNG_AM] = now
    session[AKTIV_AM] = now
    session.set_expiry(conf.sitzung_leerlauf())


def ist_mitarbeitersitzung(session: SessionBase) -> bool:
    return isinstance(session.get(ANMELDUNG_AM), float | int)


def abgelaufen(session: SessionBase, *, now: float) -> bool:
    anmeldung_am = float(session.get(ANMELDUNG_AM, 0))
    aktiv_am = float(session.get(AKTIV_AM, anmeldung_am))
    return now - anmeldung_am >= conf.sitzung_absolut() or now - aktiv_am >= conf.sitzung_leerlauf()


def aktivitaet_vermerken(session: SessionBase, *, now: float) -> None:
    aktiv_am = float(session.get(AKTIV_AM, 0))
    if now - aktiv_am < AKTIVITAET_AUFLOESUNG:
        return
    session[AKTIV_AM] = now
    rest = min(
        conf.sitzung_leerlauf(),
        float(session.get(ANMELDUNG_AM, now)) + conf.sitzung_absolut() - now,
    )
    session.set_expiry(max(1, int(rest)))
