"""Template pieces of the citizen accounts that other apps' pages show."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..sitzung import sitzungsstand

register = template.Library()


@register.inclusion_tag("konten/_sitzung_warnung.html", takes_context=True)
def sitzung_warnung(context: template.Context, hinweis: str = "") -> dict[str, Any]:
    """The dialog that warns a citizen before the session's idle limit (WCAG 2.2.1) and
    offers to extend it; konten/sitzung.js opens it. Renders nothing without a citizen
    session. ``hinweis`` is a sentence of the page (e.g. that the input is kept anyway).

    Place it outside other forms: the dialog holds its own form.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"aktiv": False}
    stand = sitzungsstand(request.session)
    if stand is None:
        return {"aktiv": False}
    jetzt = timezone.now().timestamp()
    return {
        "aktiv": True,
        "restzeit": stand.restzeit(jetzt),
        "absolut": stand.absolut_rest(jetzt),
        "warnung": stand.grenze.warnung,
        "hinweis": hinweis,
        "csrf_token": context.get("csrf_token"),
        "csp_nonce": context.get("csp_nonce"),
    }
