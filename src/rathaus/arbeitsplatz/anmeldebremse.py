"""Staff logins under attack: growing waits per user name instead of a lock for everyone.

Two rules, both keyed on the client address of `rathaus.core.client`:

* django-axes locks one pair of user name and client address after
  `RATHAUS_STAFF_LOGIN_FAILURES` failures (password or code) for
  `RATHAUS_STAFF_LOCKOUT_MINUTES`. Only that address is locked out for that name.
* Across addresses a user name is never locked. After the same number of failures in total,
  each further failure closes the name for 1, 2, 4 … seconds, at most the lock's minutes
  (`core.drossel.Bremse`). While it is closed, a password from an address this person
  has not completed a login from gets "try again in N seconds" (HTTP 429) without being
  looked at: no guess is tried, nothing is counted, and once the wait is over exactly one
  attempt gets through. An attacker with many addresses thus gets a few guesses per
  quarter of an hour at most, and no way to keep the staff out: an address from which the
  person completed a login (password and code) in the last 90 days skips the wait, and
  everyone else waits at most the cap.

A short sleep in the request would tie up a web process per attacking request; the refusal
costs nothing. The check runs as an authentication backend. There is one login: the admin
site sends to the staff login (`adminsite`), and a wrong code, or a right password of an
account without a confirmed second factor, counts like a wrong password there and during
enrolment through an activation link (`zugang.fehlversuch_melden`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rathaus.core.client import client_address, client_network
from rathaus.core.drossel import Bremse
from rathaus.core.selectors import protokoll_of_actor

# Set on the request when a password was refused unread; django-axes must not count it.
WARTEZEIT_ATTR = "rathaus_anmeldung_wartezeit"
BEKANNT_TAGE = 90
ANMELDUNG_AKTION = "arbeitsplatz.anmeldung"


def bremse() -> Bremse:
    """The backoff per user name, from the settings of the per-address lock."""
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", 0.25)  # hours
    return Bremse(
        bereich="arbeitsplatz.anmeldung",
        frei=int(getattr(settings, "AXES_FAILURE_LIMIT", 5)),
        hoechstens=max(1, round(float(cooloff) * 3600)),
    )


def adresse_merkmal(request: HttpRequest) -> str:
    """The client's address as a keyed hash (its /64 for IPv6): the Protokoll can tell a
    known address again without holding the address itself."""
    netz = client_network(client_address(request))
    return salted_hmac("rathaus.arbeitsplatz.adresse", netz, algorithm="sha256").hexdigest()[:32]


def bekannte_adresse(*, username: str, request: HttpRequest) -> bool:
    """The person behind `username` completed a login from this address lately."""
    modell = get_user_model()
    konten = modell._default_manager.filter(**{modell.USERNAME_FIELD: username})
    akteur_id = konten.values_list("pk", flat=True).first()
    if akteur_id is None:
        return False
    seit = timezone.now() - timedelta(days=BEKANNT_TAGE)
    return (
        protokoll_of_actor(akteur_id=akteur_id, aktion=ANMELDUNG_AKTION, seit=seit)
        .filter(details__adresse=adresse_merkmal(request))
        .exists()
    )


def wartezeit(request: HttpRequest) -> int | None:
    """Seconds to wait if this request's password was refused unread, else None."""
    return getattr(request, WARTEZEIT_ATTR, None)


def code_fehlschlag(username: str) -> None:
    """A wrong second factor counts like a wrong password."""
    bremse().fehlschlag(username)


class GebremsteAnmeldung(ModelBackend):
    """Django's password check behind the per-name backoff (see the module)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if request is None or username is None or password is None:
            return None  # not a password login (a citizen's OIDC callback)
        name = str(username)
        schranke = bremse()
        if schranke.fehlschlaege(name) >= schranke.frei and not bekannte_adresse(
            username=name, request=request
        ):
            warten = schranke.einlass(name)
            if warten:
                setattr(request, WARTEZEIT_ATTR, warten)
                raise PermissionDenied
        user = super().authenticate(request, username=name, password=password, **kwargs)
        if user is None:
            schranke.fehlschlag(name)
            # Checked and wrong: no later backend needs to hash the password again.
            raise PermissionDenied
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # ModelBackend checks passwords in its own async code; this one goes the same way.
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )
