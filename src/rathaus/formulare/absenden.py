"""The submit form under the review page of a draft.

Submitting is the antraege app's (it holds the Anträge, and dependencies point from it to
this app), so antraege installs the form's HTML when it starts (``absenden_setzen``) and
the review page shows :func:`absenden`. Without one, the page says that submitting is
being set up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import Entwurf

# (request, draft, gesperrt: the review found errors) -> the form's HTML, "" for none
Absenden = Callable[[HttpRequest, "Entwurf", bool], str]


def _keines(request: HttpRequest, entwurf: Entwurf, gesperrt: bool) -> str:
    return ""


_aktiv: list[Absenden] = [_keines]


def absenden_setzen(neu: Absenden) -> Absenden:
    """Install the submit form (the antraege app's AppConfig.ready calls this); returns
    the one it replaces."""
    alt, _aktiv[0] = _aktiv[0], neu
    return alt


def absenden(request: HttpRequest, entwurf: Entwurf, *, gesperrt: bool) -> str:
    return _aktiv[0](request, entwurf, gesperrt)
