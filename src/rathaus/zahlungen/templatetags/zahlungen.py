"""Amounts in cents as euros for the pages of the payments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(cent: int | None) -> str:
    """1550 → "15,50 €" (in English "15.50 €")."""
    if cent is None or isinstance(cent, bool):
        return ""
    return f"{number_format(Decimal(int(cent)).scaleb(-2), 2, force_grouping=True)} €"


def _zahlung(subjekt: str, pk: Any = None) -> Any:
    """The payment of ``subjekt`` (``"antrag:42"``), or of ``subjekt:pk`` when `pk` is
    given (a template has no string concatenation: ``{% zahlung_stand "antrag" v.antrag_id %}``)."""
    from ..selectors import zahlung_of_subjekt

    if pk is not None:
        if pk == "":
            return None
        subjekt = f"{subjekt}:{pk}"
    return zahlung_of_subjekt(subjekt=str(subjekt)) if subjekt else None


@register.inclusion_tag("zahlungen/_zahlung_hinweis.html")
def zahlung_hinweis(subjekt: str, pk: Any = None, ueberschrift: str = "h2") -> dict[str, Any]:
    """For the citizen (receipt, Mein Antrag, Postfach): the fee of `subjekt`
    (``"antrag:42"``) with "Gebühr bezahlen" while it is open, failed or cancelled."""
    from ..models import ZahlungStatus
    from ..selectors import zahlung_url

    zahlung = _zahlung(subjekt, pk)
    return {
        "zahlung": zahlung,
        "url": zahlung_url(zahlung=zahlung) if zahlung is not None else "",
        "S": ZahlungStatus,
        "ebene": ueberschrift if ueberschrift in ("h2", "h3") else "h2",
    }


@register.inclusion_tag("zahlungen/_zahlung_stand.html")
def zahlung_stand(subjekt: str, pk: Any = None) -> dict[str, Any]:
    """For staff (the Verfahren page): state, amount and Kassenzeichen of the payment of
    `subjekt`; nothing without one."""
    from ..models import ZahlungStatus

    art = str(subjekt).split(":")[0]
    return {"zahlung": _zahlung(subjekt, pk), "S": ZahlungStatus, "art": art}


@register.inclusion_tag("zahlungen/_gebuehr.html")
def gebuehr_vorschau(berechnung: Any, fehler: str = "") -> dict[str, Any]:
    """Before submission: the fee computed on the server from the answers, by position."""
    return {"berechnung": berechnung, "fehler": fehler}


@register.inclusion_tag("zahlungen/_zahlung_hinweis.html", takes_context=True)
def zahlung_in_nachricht(context: Any, text: str) -> dict[str, Any]:
    """For a Postfach message (a fee Bescheid): the payment of the reader's account whose
    Kassenzeichen the message names, with "Gebühr bezahlen" while it is open."""
    import re

    from ..models import Zahlung, ZahlungStatus
    from ..selectors import zahlung_url

    request = context.get("request")
    user = getattr(request, "user", None)
    zahlung = None
    if user is not None and user.is_authenticated and text:
        for kandidat in (
            Zahlung.objects.filter(konto_id=user.pk)
            .exclude(status=ZahlungStatus.ERSTATTET)
            .order_by("-erstellt_am")[:20]
        ):
            muster = rf"(?<![0-9A-Za-z]){re.escape(kandidat.kassenzeichen)}(?![0-9A-Za-z])"
            if re.search(muster, str(text)):
                zahlung = kandidat
                break
    return {
        "zahlung": zahlung,
        "url": zahlung_url(zahlung=zahlung) if zahlung is not None else "",
        "S": ZahlungStatus,
        "ebene": "h2",
    }
