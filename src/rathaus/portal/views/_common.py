from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rathaus.katalog.selectors import katalog_version


@dataclass(frozen=True)
class Krume:
    """One step of the breadcrumb; `lang` is set when German text shows in English."""

    text: str
    url: str | None = None
    lang: str = ""


def sprache() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def seitennummer(request: HttpRequest) -> int:
    """The `seite` parameter; anything but a positive number is a page that does not exist."""
    raw = request.GET.get("seite", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise Http404(_("Diese Seite gibt es nicht."))
    return int(raw)


def krume(obj: object, url: str | None = None) -> Krume:
    """A breadcrumb step for a catalogue object, named in the page's language.

    A Leistung is named as citizens see it (Leistungsbezeichnung II where set).
    """
    name = str(getattr(obj, "anzeigename", None) or getattr(obj, "name", obj))
    if sprache() == "en":
        name_en = getattr(obj, "name_en", "")
        if name_en:
            return Krume(name_en, url)
        return Krume(name, url, lang="de")
    return Krume(name, url)


def brotkrumen(*items: Krume) -> list[Krume]:
    return [Krume(_("Startseite"), reverse("portal:home")), *items]


# Public pages are the same for every visitor except the CSRF token of the language form.
# They are cached rendered for the current minute (opening status is minute-exact) with a
# placeholder where the token goes; each response gets its own token.
_TOKEN_PLATZHALTER = "__rathaus-csrf-token-platzhalter__"  # noqa: S105 - not a secret
SEITEN_CACHE_SEKUNDEN = 90


def gecachte_seite(
    request: HttpRequest,
    *,
    schluessel: str,
    template: str,
    kontext: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """Render `template` with `kontext()` at most once a minute per page and language.

    Pages with a query string are rendered every time (no cache entries for arbitrary
    parameters). `kontext` may raise Http404; nothing is cached then.
    """
    if request.GET:
        return render(request, template, kontext())
    jetzt = timezone.localtime()
    # The catalogue version changes with every editorial edit (search index update), so an
    # edited service shows at once where the cache is shared (Redis).
    key = f"portal:seite:{katalog_version()}:{sprache()}:{schluessel}:{jetzt:%Y%m%d%H%M}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**kontext(), "csrf_token": _TOKEN_PLATZHALTER}, request=request
        )
        cache.set(key, html, SEITEN_CACHE_SEKUNDEN)
    return HttpResponse(html.replace(_TOKEN_PLATZHALTER, get_token(request)))
