"""Reading what a citizen submitted at a level of assurance (issue 10).

An Antrag records the level (Vertrauensniveau) of the login it was submitted with. Reading
it again – its page, its receipt and Anlagen, the Postfach messages about it and its
Bescheid – asks the session for at least that level. Below it, :func:`verweigert` answers
instead of the content: a page (403) that names the level and offers the login at that
level, the step-up the forms use (``sitzung.anmelde_url``), which returns to the page.
Lists (Mein Konto, Postfach) still name such an item (title, Aktenzeichen, date) but show
none of its content (:func:`fehlendes_niveau` tells them which items).

Which Antrag a Postfach message belongs to is known to the apps above (antraege,
verfahren), and dependencies point from them to this app: verfahren installs the source
of the messages' levels when it starts (:func:`quelle_setzen`), as it installs the source
of their Dokumente (``postfachdokument``). Without one, every message counts as *basis*.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .niveau import RANG, Vertrauensniveau, niveau_parse, reicht
from .sitzung import aktuelles_niveau, anmelde_url, vertrauensniveau_redirect

if TYPE_CHECKING:
    from .models import Buerger, Postfachnachricht

__all__ = [
    "Niveauquelle",
    "Vertrauensniveau",
    "aktuelles_niveau",
    "fehlendes_niveau",
    "hoechstes",
    "lesen_erlaubt",
    "nachrichten_niveaus",
    "niveau_parse",
    "quelle_setzen",
    "vertrauensniveau_redirect",
    "verweigert",
]

security_logger = logging.getLogger("rathaus.security")

TEMPLATE = "konten/niveau_erforderlich.html"


def hoechstes(*niveaus: object) -> Vertrauensniveau:
    """The highest of the levels given; a missing or unknown value counts as *basis*, so
    it never lowers what the others ask for."""
    bekannt = [n for n in map(niveau_parse, niveaus) if n is not None]
    return max(bekannt, key=RANG.__getitem__, default=Vertrauensniveau.BASIS)


def fehlendes_niveau(
    vorhanden: Vertrauensniveau | None, erforderlich: Vertrauensniveau
) -> Vertrauensniveau | None:
    """None if a session at `vorhanden` may read what was submitted at `erforderlich`,
    else the level it lacks.

    *basis* asks for nothing beyond the citizen's login (the views check that): the forms
    ask nothing more for it either."""
    if erforderlich == Vertrauensniveau.BASIS or reicht(vorhanden, erforderlich):
        return None
    return erforderlich


def lesen_erlaubt(request: HttpRequest, erforderlich: Vertrauensniveau) -> bool:
    """Whether the citizen's current session may read what was submitted at this level."""
    return fehlendes_niveau(aktuelles_niveau(request), erforderlich) is None


def verweigert(
    request: HttpRequest,
    *,
    erforderlich: Vertrauensniveau,
    ziel: str,
    bezeichnung: str,
    art: Literal["antrag", "nachricht"],
) -> HttpResponse:
    """The answer instead of the content (403): what is asked for and the login at that
    level, which comes back to `ziel` (a local path). `bezeichnung` names the item as the
    lists do (Aktenzeichen or Betreff); nothing of its content is shown. Logged as a
    security event without personal data."""
    vorhanden = aktuelles_niveau(request)
    security_logger.warning(
        "niveau_refused",
        extra={
            "event": "niveau_refused",
            "path": request.path[:300],
            "method": request.method,
            "user_id": request.user.pk,
            "erforderlich": str(erforderlich),
            "vorhanden": str(vorhanden or ""),
        },
    )
    return render(
        request,
        TEMPLATE,
        {
            "art": art,
            "bezeichnung": bezeichnung,
            "erforderlich": erforderlich,
            "vorhanden": vorhanden,
            "anmelden_url": anmelde_url(next_url=ziel, niveau=erforderlich),
            "brotkrumen": [
                {"text": _("Startseite"), "url": reverse("portal:home")},
                {"text": _("Mein Konto"), "url": reverse("konten:konto")},
                {"text": bezeichnung, "url": None},
            ],
        },
        status=403,
    )


# --- the levels of Postfach messages ------------------------------------------------------

Niveauquelle = Callable[["Buerger", Sequence["Postfachnachricht"]], Mapping[int, Vertrauensniveau]]


def _keine(
    buerger: Buerger, nachrichten: Sequence[Postfachnachricht]
) -> dict[int, Vertrauensniveau]:
    return {}


_aktiv: list[Niveauquelle] = [_keine]


def quelle_setzen(neu: Niveauquelle) -> Niveauquelle:
    """Install the source of the messages' levels (the verfahren app's AppConfig.ready
    calls this); returns the one it replaces."""
    alt, _aktiv[0] = _aktiv[0], neu
    return alt


def nachrichten_niveaus(
    buerger: Buerger, nachrichten: Sequence[Postfachnachricht]
) -> dict[int, Vertrauensniveau]:
    """The level reading each of the citizen's messages asks for (by id): that of the
    Antrag it belongs to, *basis* for a message that belongs to none."""
    bekannt = _aktiv[0](buerger, nachrichten) if nachrichten else {}
    return {n.pk: hoechstes(bekannt.get(n.pk)) for n in nachrichten}
