from __future__ import annotations

from typing import Any

from django import template

from ..ansicht import zahl as _zahl

register = template.Library()


@register.filter
def zahl(wert: Any) -> str:
    """A published figure in the active language ("–" where none may be shown)."""
    return _zahl(wert)
