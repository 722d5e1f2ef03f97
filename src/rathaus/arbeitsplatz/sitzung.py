"""State of a staff login in the session: the pending first step, limits of a full login.

Password and second factor are two requests. Between them the session only holds the
user's id ("pending"); the account is logged in (django.contrib.auth.login, which also
changes the session key) only once the second factor is verified.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from . import conf

VORLAEUFIG = "arbeitsplatz_vorlaeufig"
ANMELDUNG_AM = "arbeitsplatz_anmeldung_am"
AKTIV_AM = "arbeitsplatz_aktiv_am"
ABGELAUFEN = "arbeitsplatz_abgelaufen"
# Activity is written at most this often, not on every request.
AKTIVITAET_AUFLOESUNG = 30


def jetzt() -> float:
    return timezone.now().timestamp()


def vorlaeufig_setzen(session: SessionBase, *, user: User, weiter: str) -> None:
    session.cycle_key()
    session[VORLAEUFIG] = {"user": user.pk, "am": jetzt(), "weiter": weiter}


def vorlaeufig(session: SessionBase) -> dict[str, Any] | None:
    """The pending first step, None if there is none or it is older than 5 minutes."""
    stand = session.get(VORLAEUFIG)
    if not isinstance(stand, dict) or not isinstance(stand.get("am"), float | int):
        return None
    if jetzt() - stand["am"] > conf.anmeldung_gueltig():
        session.pop(VORLAEUFIG, None)
        return None
    return stand


def vorlaeufiger_user(session: SessionBase) -> User | None:
    stand = vorlaeufig(session)
    if stand is None:
        return None
    pk = stand.get("user")
    if not isinstance(pk, int):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def sitzung_beginnen(session: SessionBase) -> None:
    """Mark a full staff login (right after django.contrib.auth.login)."""
    session.pop(VORLAEUFIG, None)
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
