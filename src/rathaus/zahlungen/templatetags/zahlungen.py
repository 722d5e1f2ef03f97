"""Amounts in cents as euros for the pages of the payments."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(cent: int | None) -> str:
    """1550 → "15,50 €" (in English "15.50 €")."""
    if cent is None or isinstance(cent, bool):
        return ""
    return f"{number_format(Decimal(int(cent)).scaleb(-2), 2, force_grouping=True)} €"
