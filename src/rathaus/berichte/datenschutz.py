"""The privacy rule of every published figure: aggregates only, small counts hidden.

A count of people's Anträge, Verfahren, appointments or payments from 1 to 4 is published
as "< 5" (0 stays 0: it names no one); a duration or rate computed from fewer than 5 cases
is not published at all. Counts of catalogue entries (services, OZG-Leistungen) describe
no person and are shown as they are.
"""

from __future__ import annotations

from typing import Any

KLEIN = "< 5"
SCHWELLE = 5


def maskiert(n: int) -> int | str:
    """`n` as published: the number, or "< 5" for 1–4."""
    return KLEIN if 0 < n < SCHWELLE else n


def genug(n: int) -> bool:
    """Whether a duration or rate of `n` cases may be published."""
    return n >= SCHWELLE


def als_zahl(wert: Any) -> int | None:
    """A published count as a number for a chart (None for "< 5")."""
    return wert if isinstance(wert, int) else None
