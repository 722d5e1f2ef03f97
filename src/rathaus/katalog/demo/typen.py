"""Shapes of the demo data (plain frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rathaus.katalog.services.redaktion import GebuehrEintrag

__all__ = ["TEXT_FELDER", "D", "GebuehrEintrag", "LeistungDemo", "g"]

# The XZuFi text modules every demo Leistung fills.
TEXT_FELDER = (
    "kurztext",
    "volltext",
    "voraussetzungen",
    "unterlagen",
    "kosten",
    "verfahrensablauf",
    "bearbeitungsdauer",
    "fristen",
    "formulare",
    "hinweise",
    "rechtsgrundlagen",
)


def D(betrag: str) -> Decimal:
    return Decimal(betrag)


def g(
    bezeichnung: str, betrag: str | None = None, bis: str | None = None, hinweis: str = ""
) -> GebuehrEintrag:
    """One fee line, amounts as strings ("37.00") so no float ever touches money."""
    return GebuehrEintrag(
        bezeichnung=bezeichnung,
        betrag=D(betrag) if betrag is not None else None,
        betrag_bis=D(bis) if bis is not None else None,
        hinweis=hinweis,
    )


@dataclass(frozen=True)
class LeistungDemo:
    """A fully described sample service of the Hansestadt Stralsund.

    Only content: whether the service can be applied for online, its OZG maturity and how
    the Bescheid arrives follow from what the system offers (an active Formular), never
    from here. `name_buerger` is the citizen-friendly name (Leistungsbezeichnung II) beside
    the catalogue's; `termin_url` is an appointment booking and nothing else.
    """

    leika: str
    name_buerger: str
    name_en: str
    zustaendig: str  # slug of the Organisationseinheit
    kurztext: str
    kurztext_en: str
    volltext: str
    voraussetzungen: str
    unterlagen: str
    kosten: str
    verfahrensablauf: str
    bearbeitungsdauer: str
    fristen: str
    formulare: str
    hinweise: str
    rechtsgrundlagen: str
    synonyme: tuple[str, ...]
    gebuehren: tuple[GebuehrEintrag, ...]
    nachfrage: int
    termin_url: str = ""
    zustaendig_hinweis: str = ""
