"""Aussonderung after retention (xdomea 3.0.0): offer (0501), evaluation (0502),
hand-over (0503), confirmation (0506, receipts 0504/0507), destruction with proof.

States of an Aussonderungsvorgang: angeboten → bewertet → abgegeben → bestaetigt.
Nothing is deleted before its retention ends or before the archive confirmed what it took.
"""

from .abbildung import xdomea_id
from .abgabe import aussonderung_abgeben, aussonderung_bestaetigen, inhalt_lesen
from .angebot import (
    anzubietende_akten,
    aussonderung_anbieten,
    aussonderung_bewerten,
    faellige_akten,
)
from .loeschen import akte_inhalt_loeschen
from .vernichtung import akten_vernichten, zu_vernichtende_akten

__all__ = [
    "akte_inhalt_loeschen",
    "akten_vernichten",
    "anzubietende_akten",
    "aussonderung_abgeben",
    "aussonderung_anbieten",
    "aussonderung_bestaetigen",
    "aussonderung_bewerten",
    "faellige_akten",
    "inhalt_lesen",
    "xdomea_id",
    "zu_vernichtende_akten",
]
