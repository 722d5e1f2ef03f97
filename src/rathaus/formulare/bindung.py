"""Which draft a browser session works on: the session's binding to a draft.

The steps of a form find their draft through the session. An anonymous draft has no owner,
only its secret token (in the resume link), so the binding holds the draft's id *and* a
fingerprint of its token at the time of binding: once the token changes, every session
bound to the old one loses the draft. The token changes when a resume link is used
(``services.entwurf_resume``: each link works once) and when a logged-in citizen saves
the draft (``services.entwurf_save`` claims it). Without this, whoever sent someone a resume
link kept the draft in his own session and read, or submitted, what the other person typed
into it (session fixation of the draft).

A citizen's own draft is theirs by login; the token plays no part for it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Entwurf

# The antraege app removes a submitted draft's entry under the same key.
SESSION_KEY = "formulare.entwuerfe"
SALT = "rathaus.formulare.bindung"


def fingerabdruck(token: str) -> str:
    """A keyed hash of a draft token: the session and the outbox hold this, never the token."""
    return salted_hmac(SALT, token, algorithm="sha256").hexdigest()


def _eintraege(session: SessionBase) -> dict[str, Any]:
    wert = session.get(SESSION_KEY, {})
    return dict(wert) if isinstance(wert, dict) else {}


def binden(session: SessionBase, entwurf: Entwurf) -> None:
    """Bind ``entwurf`` (with its current token) to the session, in place of an earlier
    draft of the same form."""
    eintraege = _eintraege(session)
    eintraege[str(entwurf.formular_id)] = {"e": entwurf.pk, "t": fingerabdruck(entwurf.token)}
    session[SESSION_KEY] = eintraege


def loesen(session: SessionBase, formular_id: int) -> None:
    """Forget the session's draft of the form ``formular_id``."""
    eintraege = _eintraege(session)
    eintraege.pop(str(formular_id), None)
    session[SESSION_KEY] = eintraege


def _lesen(wert: object) -> tuple[int, str] | None:
    if isinstance(wert, dict):
        pk, fp = wert.get("e"), wert.get("t")
        if isinstance(pk, int) and isinstance(fp, str):
            return pk, fp
    elif isinstance(wert, int) and not isinstance(wert, bool):
        return wert, ""  # bound before the fingerprint was kept: opens a citizen's own only
    return None


def gebunden(session: SessionBase) -> list[tuple[int, int]]:
    """(form id, draft id) of every draft the session names (not yet checked)."""
    out = []
    for formular_id, wert in _eintraege(session).items():
        gelesen = _lesen(wert)
        if gelesen is not None and str(formular_id).isascii() and str(formular_id).isdigit():
            out.append((int(formular_id), gelesen[0]))
    return out


def gebundene_id(session: SessionBase, formular_id: int) -> int | None:
    """The id of the draft of ``formular_id`` the session names (not yet checked)."""
    gelesen = _lesen(_eintraege(session).get(str(formular_id)))
    return gelesen[0] if gelesen else None


def erlaubt(session: SessionBase, entwurf: Entwurf, buerger: Any) -> bool:
    """Whether the session may work on ``entwurf``: a citizen's draft for that citizen
    (``buerger``, None when nobody is logged in) only; an anonymous draft only while the
    session was bound to it with its current token."""
    if entwurf.buerger_id is not None:
        return buerger is not None and buerger.pk == entwurf.buerger_id
    gelesen = _lesen(_eintraege(session).get(str(entwurf.formular_id)))
    if gelesen is None or gelesen[0] != entwurf.pk or not gelesen[1]:
        return False
    return constant_time_compare(gelesen[1], fingerabdruck(entwurf.token))
