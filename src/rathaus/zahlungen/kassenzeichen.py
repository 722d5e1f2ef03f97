"""Kassenzeichen in the city's format (setting RATHAUS_KASSENZEICHEN_FORMAT).

Placeholders: ``{jahr}`` (2026), ``{jj}`` (26), ``{nummer}`` (the year's running number,
any Python format such as ``{nummer:07d}``), ``{pruefziffer}`` (Luhn check digit over all
other digits in their order). The result must fit XBezahldienste's ids: letters, digits,
``-`` and ``_``, at most 36 characters.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import Kassenzeichenfolge

MUSTER = re.compile(r"[A-Za-z0-9_-]{1,36}")


def luhn(ziffern: str) -> int:
    """The Luhn check digit of a string of digits."""
    summe = 0
    for i, z in enumerate(reversed(ziffern)):
        n = int(z)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        summe += n
    return (10 - summe % 10) % 10


def kassenzeichen_format(*, jahr: int, nummer: int, muster: str | None = None) -> str:
    """The Kassenzeichen of `nummer` in `jahr`; ImproperlyConfigured for a bad format."""
    muster = settings.RATHAUS_KASSENZEICHEN_FORMAT if muster is None else muster
    if "{nummer" not in muster:
        raise ImproperlyConfigured("RATHAUS_KASSENZEICHEN_FORMAT: {nummer} is required")
    werte = {"jahr": f"{jahr:04d}", "jj": f"{jahr % 100:02d}", "nummer": nummer}
    try:
        ohne = muster.format(**werte, pruefziffer="")
        text = muster.format(**werte, pruefziffer=luhn(re.sub(r"\D", "", ohne)))
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise ImproperlyConfigured(f"RATHAUS_KASSENZEICHEN_FORMAT: {exc!r}") from exc
    if not MUSTER.fullmatch(text):
        raise ImproperlyConfigured(
            f"RATHAUS_KASSENZEICHEN_FORMAT gives {text!r}: only letters, digits, - and _, "
            "at most 36 characters"
        )
    return text


def kassenzeichen_pruefen(text: str, *, muster: str | None = None) -> bool:
    """Whether the check digit of a Kassenzeichen in a format with {pruefziffer} is right
    (True for formats without one)."""
    muster = settings.RATHAUS_KASSENZEICHEN_FORMAT if muster is None else muster
    if "{pruefziffer}" not in muster:
        return True
    # The check digit's place: the format rendered with a marker shows where it stands.
    probe = muster.format(jahr="0000", jj="00", nummer=0, pruefziffer="\x00")
    hinten = probe.split("\x00")[1]
    stelle = len(text) - len(hinten) - 1
    if stelle < 0 or not text[stelle].isdigit():
        return False
    rest = text[:stelle] + text[stelle + 1 :]
    return luhn(re.sub(r"\D", "", rest)) == int(text[stelle])


def kassenzeichen_next(*, jahr: int) -> str:
    """The next Kassenzeichen of `jahr` (the year's row is locked while counting)."""
    with transaction.atomic():
        Kassenzeichenfolge.objects.bulk_create(
            [Kassenzeichenfolge(jahr=jahr)], ignore_conflicts=True
        )
        folge = Kassenzeichenfolge.objects.select_for_update().get(jahr=jahr)
        folge.letzte += 1
        folge.save(update_fields=["letzte"])
        return kassenzeichen_format(jahr=jahr, nummer=folge.letzte)
