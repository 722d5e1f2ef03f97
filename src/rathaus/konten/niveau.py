"""Vertrauensniveau (level of assurance) of a login, its `acr` values and session limits.

BundID and the brokers in front of it state the level in the `acr` claim with the STORK
QAA names. A missing or unknown `acr` counts as *basis*, the lowest level: assuming more
than the identity provider vouched for would be the unsafe answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Vertrauensniveau(models.TextChoices):
    BASIS = "basis", _("basis")
    SUBSTANTIELL = "substantiell", _("substantiell")
    HOCH = "hoch", _("hoch")


RANG = {Vertrauensniveau.BASIS: 1, Vertrauensniveau.SUBSTANTIELL: 2, Vertrauensniveau.HOCH: 3}

ACR = {
    Vertrauensniveau.BASIS: "STORK-QAA-Level-1",
    Vertrauensniveau.SUBSTANTIELL: "STORK-QAA-Level-3",
    Vertrauensniveau.HOCH: "STORK-QAA-Level-4",
}
# STORK-QAA-Level-2 exists in the STORK scheme but is not used by BundID; it maps down.
_AUS_ACR = {
    "STORK-QAA-Level-1": Vertrauensniveau.BASIS,
    "STORK-QAA-Level-2": Vertrauensniveau.BASIS,
    "STORK-QAA-Level-3": Vertrauensniveau.SUBSTANTIELL,
    "STORK-QAA-Level-4": Vertrauensniveau.HOCH,
}


@dataclass(frozen=True)
class Sitzungsgrenze:
    """How long a session at this level may last in total and without activity (seconds)."""

    absolut: int
    leerlauf: int

    @property
    def warnung(self) -> int:
        """Seconds before the idle limit when the citizen is warned and may extend
        (WCAG 2.2.1): two minutes, or two fifths of a shorter idle limit."""
        return max(1, min(120, self.leerlauf * 2 // 5))


GRENZEN = {
    Vertrauensniveau.HOCH: Sitzungsgrenze(absolut=30 * 60, leerlauf=5 * 60),
    Vertrauensniveau.SUBSTANTIELL: Sitzungsgrenze(absolut=2 * 3600, leerlauf=30 * 60),
    Vertrauensniveau.BASIS: Sitzungsgrenze(absolut=12 * 3600, leerlauf=60 * 60),
}


def grenze(niveau: Vertrauensniveau) -> Sitzungsgrenze:
    """The limits of a session at this level.

    RATHAUS_CITIZEN_SESSION_IDLE_MINUTES may set other idle limits, e.g.
    ``hoch=10,substantiell=45``; a level it does not name keeps its default, and no idle
    limit exceeds the level's absolute limit.
    """
    standard = GRENZEN[niveau]
    minuten = _leerlauf_minuten(str(settings.RATHAUS_CITIZEN_SESSION_IDLE_MINUTES))
    if niveau not in minuten:
        return standard
    return replace(standard, leerlauf=max(1, min(standard.absolut, int(minuten[niveau] * 60))))


@lru_cache(maxsize=8)
def _leerlauf_minuten(wert: str) -> dict[Vertrauensniveau, float]:
    out: dict[Vertrauensniveau, float] = {}
    for teil in filter(None, (t.strip() for t in wert.split(","))):
        name, _sep, zahl = teil.partition("=")
        niveau = niveau_parse(name.strip())
        try:
            minuten = float(zahl)
        except ValueError:
            minuten = 0.0
        if niveau is None or not (minuten > 0 and math.isfinite(minuten)):
            raise ImproperlyConfigured(
                f"RATHAUS_CITIZEN_SESSION_IDLE_MINUTES: {teil!r} is not <level>=<minutes> "
                "with a level of basis, substantiell, hoch and a positive number"
            )
        out[niveau] = minuten
    return out


def niveau_from_acr(acr: object) -> Vertrauensniveau:
    """The level an `acr` claim vouches for; anything unknown is *basis*."""
    if isinstance(acr, str):
        return _AUS_ACR.get(acr.strip(), Vertrauensniveau.BASIS)
    return Vertrauensniveau.BASIS


def niveau_parse(value: object) -> Vertrauensniveau | None:
    """A level from a stored or requested value; None for anything else."""
    if isinstance(value, str) and value in Vertrauensniveau.values:
        return Vertrauensniveau(value)
    return None


def reicht(vorhanden: Vertrauensniveau | None, erforderlich: Vertrauensniveau) -> bool:
    return vorhanden is not None and RANG[vorhanden] >= RANG[erforderlich]


def acr_values_for(niveau: Vertrauensniveau) -> str:
    """`acr_values` asking for at least this level, the wanted level first."""
    return " ".join(ACR[n] for n in Vertrauensniveau if RANG[n] >= RANG[niveau])
