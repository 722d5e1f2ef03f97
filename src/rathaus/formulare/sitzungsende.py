"""A step sent after the citizen's session ended: keep the input, give it back after login.

A citizen's session ends after the idle limit of its level (``konten.niveau.grenze``; five
minutes at "hoch"). Someone filling in a long step may press "Weiter" later than that: the
POST then arrives without a login. The citizen's draft may not be written by such a request
(whoever holds an old page could write into someone's draft), and dropping the input loses
the work. So :func:`sichern` keeps the step's input in the browser's new, anonymous session,
together with the citizen and the draft the page was made for (signed into the page as the
hidden input ``_sitzung``, see :func:`referenz`), and sends the browser to the login.

After the login the step page asks :func:`abholen`: the input comes back only if the person
now logged in is that citizen (the same Buerger, i.e. the same issuer and subject) and the
draft is still theirs; for anyone else it is dropped. As the input never leaves the
session of the browser that sent it, nobody can place input into another person's draft.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from rathaus.konten.selectors import buerger_of
from rathaus.konten.services import sitzung_abgelaufen_vermerken

from . import selectors
from .definition import definition
from .eingabe import schritt_lesen
from .models import ENTWURF_GUELTIGKEIT, Entwurf, Formular

logger = logging.getLogger(__name__)

FELD = "_sitzung"
SESSION_KEY = "formulare.nach_sitzungsende"
SALT = "rathaus.formulare.sitzungsende"
# The anonymous session holding someone's input lives one day at most.
AUFBEWAHRUNG = 24 * 3600


@dataclass(frozen=True)
class Gesichert:
    """Input of step ``schritt`` as typed (raw values and repetition counts)."""

    schritt: int
    roh: dict[str, str]
    anzahl: dict[str, int]
    entwurf: Entwurf | None


def referenz(
    *, user: AbstractBaseUser | AnonymousUser, formular: Formular, entwurf: Entwurf | None
) -> str:
    """The value of the step page's hidden input ``_sitzung``: the citizen and the draft the
    page was made for, signed. Empty for anyone not logged in as a citizen."""
    buerger = buerger_of(user=user)
    if buerger is None:
        return ""
    inhalt = {"f": formular.pk, "b": buerger.pk, "e": entwurf.pk if entwurf else None}
    return signing.dumps(inhalt, salt=SALT, compress=True)


def _referenz_lesen(wert: object) -> dict[str, Any] | None:
    if not isinstance(wert, str) or not wert or len(wert) > 500:
        return None
    try:
        inhalt = signing.loads(wert, salt=SALT, max_age=ENTWURF_GUELTIGKEIT)
    except signing.BadSignature:
        return None
    if not isinstance(inhalt, dict):
        return None
    f, b, e = inhalt.get("f"), inhalt.get("b"), inhalt.get("e")
    if not isinstance(f, int) or not isinstance(b, int) or not (e is None or isinstance(e, int)):
        return None
    return {"f": f, "b": b, "e": e}


def sichern(
    request: HttpRequest, *, formular: Formular, schritt: int
) -> HttpResponseRedirect | None:
    """Keep a step posted by a citizen whose session has ended, and send them to the login.

    None (nothing done) when the request is logged in or the page was not made for a
    logged-in citizen: then the step is handled as usual.
    """
    if request.user.is_authenticated:
        return None
    ref = _referenz_lesen(request.POST.get(FELD))
    if ref is None or ref["f"] != formular.pk:
        return None
    eingabe = schritt_lesen(definition(formular).schritt(schritt), request.POST)
    request.session[SESSION_KEY] = {
        **ref,
        "s": schritt,
        "roh": eingabe.roh,
        "anzahl": eingabe.anzahl,
    }
    request.session.set_expiry(AUFBEWAHRUNG)
    sitzung_abgelaufen_vermerken(request.session, eingaben_gesichert=True)
    logger.info("step kept after the session ended", extra={"formular": formular.pk})
    ziel = reverse("formulare:schritt", kwargs={"formular_id": formular.pk, "schritt": schritt})
    query = urlencode({"next": ziel, "niveau": formular.vertrauensniveau})
    return HttpResponseRedirect(f"{reverse('konten:anmelden')}?{query}", status=303)


def abholen(request: HttpRequest, *, formular: Formular) -> Gesichert | None:
    """The kept input of ``formular`` for the citizen now logged in, taken out of the session.

    None when nothing is kept, or nobody is logged in yet (then it stays for after the
    login). Kept input of another citizen, or for a draft that is no longer theirs, is
    dropped and None returned.
    """
    gespeichert = request.session.get(SESSION_KEY)
    if not isinstance(gespeichert, dict) or gespeichert.get("f") != formular.pk:
        return None
    buerger = buerger_of(user=request.user)
    if buerger is None:
        return None
    del request.session[SESSION_KEY]
    if buerger.pk != gespeichert.get("b"):
        logger.warning("kept step input refused: another citizen logged in")
        return None
    entwurf = None
    if isinstance(gespeichert.get("e"), int):
        entwurf = selectors.entwurf_get(pk=gespeichert["e"], formular=formular)
        if entwurf is None or entwurf.buerger_id not in (None, buerger.pk):
            logger.warning("kept step input refused: the draft is gone or not the citizen's")
            return None
    schritt = gespeichert.get("s")
    if not isinstance(schritt, int) or not 1 <= schritt <= len(definition(formular).schritte):
        return None
    roh = gespeichert.get("roh")
    anzahl = gespeichert.get("anzahl")
    return Gesichert(
        schritt=schritt,
        roh={str(k): str(v) for k, v in roh.items()} if isinstance(roh, dict) else {},
        anzahl=(
            {str(k): v for k, v in anzahl.items() if isinstance(v, int)}
            if isinstance(anzahl, dict)
            else {}
        ),
        entwurf=entwurf,
    )
