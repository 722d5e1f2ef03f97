"""The citizen's session: level of the current login, limits, and the level check for views.

A citizen's session carries the level (Vertrauensniveau) of *this* login, the time of the
login and of the last activity. `require_vertrauensniveau` sends anyone below a level to
the identity provider again, asking for that level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from .niveau import Sitzungsgrenze, Vertrauensniveau, grenze, niveau_parse, reicht

NIVEAU = "konten_niveau"
ANMELDUNG_AM = "konten_anmeldung_am"
AKTIV_AM = "konten_aktiv_am"
ANGEFORDERT = "konten_angefordertes_niveau"
ABGELAUFEN = "konten_sitzung_abgelaufen"
# Set beside ABGELAUFEN when the page the citizen sent after the end kept their input.
EINGABEN_GESICHERT = "konten_eingaben_gesichert"
# Activity is written at most this often (or a tenth of a shorter idle limit): one session
# write per request would be wasteful.
AKTIVITAET_AUFLOESUNG = 30


@dataclass(frozen=True)
class Sitzungsstand:
    niveau: Vertrauensniveau
    anmeldung_am: float
    aktiv_am: float

    @property
    def grenze(self) -> Sitzungsgrenze:
        return grenze(self.niveau)

    @property
    def endet_spaetestens(self) -> datetime:
        return datetime.fromtimestamp(
            self.anmeldung_am + self.grenze.absolut, tz=timezone.get_current_timezone()
        )

    @property
    def leerlauf_minuten(self) -> int:
        return self.grenze.leerlauf // 60

    def abgelaufen(self, jetzt: float) -> bool:
        g = self.grenze
        return jetzt - self.anmeldung_am >= g.absolut or jetzt - self.aktiv_am >= g.leerlauf

    def absolut_rest(self, jetzt: float) -> int:
        """Seconds until the absolute end, which no activity moves."""
        return max(0, int(self.anmeldung_am + self.grenze.absolut - jetzt))

    def restzeit(self, jetzt: float) -> int:
        """Seconds until the session ends if the citizen does nothing."""
        g = self.grenze
        return max(0, int(min(self.anmeldung_am + g.absolut, self.aktiv_am + g.leerlauf) - jetzt))


def sitzungsstand(session: SessionBase) -> Sitzungsstand | None:
    niveau = niveau_parse(session.get(NIVEAU))
    anmeldung_am = session.get(ANMELDUNG_AM)
    aktiv_am = session.get(AKTIV_AM)
    if niveau is None or not isinstance(anmeldung_am, float | int):
        return None
    if not isinstance(aktiv_am, float | int):
        aktiv_am = anmeldung_am
    return Sitzungsstand(niveau=niveau, anmeldung_am=anmeldung_am, aktiv_am=aktiv_am)


def sitzung_beginnen(session: SessionBase, *, niveau: Vertrauensniveau, jetzt: float) -> None:
    """Record a fresh login at this level (called right after django.contrib.auth.login)."""
    session[NIVEAU] = str(niveau)
    session[ANMELDUNG_AM] = jetzt
    session[AKTIV_AM] = jetzt
    session.pop(ANGEFORDERT, None)
    session.set_expiry(grenze(niveau).leerlauf)


def aktivitaet_vermerken(
    session: SessionBase, stand: Sitzungsstand, *, jetzt: float, sofort: bool = False
) -> None:
    """Move the idle deadline to ``jetzt`` (coarsely, unless ``sofort``: the citizen
    asked to extend the session)."""
    g = stand.grenze
    if not sofort and jetzt - stand.aktiv_am < min(AKTIVITAET_AUFLOESUNG, g.leerlauf / 10):
        return
    session[AKTIV_AM] = jetzt
    # The server-side session row expires with the idle limit (or the absolute end).
    rest = min(g.leerlauf, stand.anmeldung_am + g.absolut - jetzt)
    session.set_expiry(max(1, int(rest)))


def sitzung_abgelaufen_vermerken(session: SessionBase, *, eingaben_gesichert: bool) -> None:
    """Let the login page say that the session ended (and whether the input was kept)."""
    session[ABGELAUFEN] = True
    session[EINGABEN_GESICHERT] = eingaben_gesichert


def aktuelles_niveau(request: HttpRequest) -> Vertrauensniveau | None:
    """The level of the current citizen login, None if nobody logged in through OIDC."""
    if not request.user.is_authenticated:
        return None
    stand = sitzungsstand(request.session)
    return stand.niveau if stand else None


def anmelde_url(*, next_url: str, niveau: Vertrauensniveau | None = None) -> str:
    params = {"next": next_url}
    if niveau is not None:
        params["niveau"] = str(niveau)
    params["sprache"] = get_language() or "de"
    return f"{reverse('konten_oidc:start')}?{urlencode(params)}"


def vertrauensniveau_redirect(
    request: HttpRequest, niveau: Vertrauensniveau
) -> HttpResponseRedirect | None:
    """None if the session's level suffices, else the redirect to log in at that level.

    For views that learn the required level only at run time (the Leistung states it).
    """
    if reicht(aktuelles_niveau(request), niveau):
        return None
    return HttpResponseRedirect(anmelde_url(next_url=request.get_full_path(), niveau=niveau))


def require_vertrauensniveau(
    niveau: Vertrauensniveau | str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: the citizen must be logged in at this level or higher."""
    erforderlich = niveau_parse(str(niveau))
    if erforderlich is None:
        raise ValueError(f"unknown Vertrauensniveau {niveau!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            redirect = vertrauensniveau_redirect(request, erforderlich)
            if redirect is not None:
                return redirect
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
