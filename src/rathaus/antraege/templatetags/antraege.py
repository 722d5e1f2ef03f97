"""Template pieces other apps' pages show: the submit form on the review page (formulare)
and "Meine Anträge" in Mein Konto (konten)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse

from rathaus.formulare.models import Entwurf
from rathaus.formulare.selectors import entwurf_link_token
from rathaus.konten.models import Buerger
from rathaus.konten.selectors import buerger_of

from .. import selectors

register = template.Library()


def absenden_kontext(
    request: HttpRequest,
    entwurf: Entwurf,
    *,
    fehler: dict[str, list[str]] | None = None,
    email: str = "",
    gesperrt: bool = False,
) -> dict[str, Any]:
    fehler = fehler or {}
    return {
        "request": request,
        "entwurf": entwurf,
        "url": reverse("antraege:einreichen", kwargs={"entwurf_id": entwurf.pk}),
        "schluessel": selectors.idempotenzschluessel(entwurf=entwurf),
        "email_fehler": fehler.get("email", []),
        # files are chosen on the form's steps; their errors lead back there, as others do
        "allgemein": [m for k, v in fehler.items() if k != "email" for m in v],
        "email": email,
        "anonym": buerger_of(user=request.user) is None,
        "gesperrt": gesperrt,
    }


@register.inclusion_tag("antraege/_absenden.html", takes_context=True)
def antrag_absenden(
    context: template.Context, entwurf: Entwurf, gesperrt: Any = False
) -> dict[str, Any]:
    """The review page's submit form: hidden idempotency key, email, button (the files
    were chosen on the form's steps)."""
    return absenden_kontext(context["request"], entwurf, gesperrt=bool(gesperrt))


@register.inclusion_tag("antraege/_meine_antraege.html")
def meine_antraege(buerger: Buerger) -> dict[str, Any]:
    entwuerfe = list(selectors.entwuerfe_of(buerger=buerger)[:20])
    return {
        "antraege": list(selectors.antraege_of(buerger=buerger)[:50]),
        "entwuerfe": [
            (e, reverse("formulare:fortsetzen", args=[entwurf_link_token(entwurf=e)]))
            for e in entwuerfe
        ],
    }
