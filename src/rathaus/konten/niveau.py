"""Vertrauensniveau (level of assurance) of a login, its `acr` values and session limits.

BundID and the brokers in front of it state the level in the `acr` claim with the STORK
QAA names. A missing or unknown `acr` counts as *basis*, the lowest level: assuming more
than the identity provider vouched for would be the unsafe answer.
"""

from __future__ import annotations

from dataclasses import dataclass

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


GRENZEN = {
    Vertrauensniveau.HOCH: Sitzungsgrenze(absolut=30 * 60, leerlauf=5 * 60),
    Vertrauensniveau.SUBSTANTIELL: Sitzungsgrenze(absolut=2 * 3600, leerlauf=30 * 60),
    Vertrauensniveau.BASIS: Sitzungsgrenze(absolut=12 * 3600, leerlauf=60 * 60),
}


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
