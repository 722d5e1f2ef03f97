"""Areas whose pages show personal data: never stored by a browser or a proxy.

``privat(include(...))`` in the root URLconf gives every view of an included URLconf the
answer headers of Django's ``never_cache`` (``Cache-Control: max-age=0, no-cache, no-store,
must-revalidate, private``): a page with someone's answers, messages or files is neither
kept in a shared cache nor shown again from the browser's history after logout. One place
names the areas (Mein Konto, the online forms, the Anträge, the staff workspace), so a new
view in them cannot forget it.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from django.views.decorators.cache import never_cache


def _markieren(muster: list[Any]) -> list[Any]:
    out: list[Any] = []
    for m in muster:
        if isinstance(m, URLPattern):
            out.append(URLPattern(m.pattern, never_cache(m.callback), m.default_args, m.name))
        elif isinstance(m, URLResolver):
            out.append(
                URLResolver(
                    m.pattern,
                    _markieren(list(m.url_patterns)),
                    m.default_kwargs,
                    m.app_name,
                    m.namespace,
                )
            )
        else:
            out.append(m)
    return out


def privat(eingebunden: tuple[Any, str | None, str | None]) -> tuple[list[Any], Any, Any]:
    """The result of ``include()`` with every view marked private and not to be stored."""
    urlconf, app_name, namespace = eingebunden
    muster = getattr(urlconf, "urlpatterns", urlconf)
    return _markieren(list(muster)), app_name, namespace
