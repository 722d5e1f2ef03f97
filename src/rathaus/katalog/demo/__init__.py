"""Sample content of the Hansestadt Stralsund for `rathaus load_demo`.

Everything here is realistic but invented sample content (beispielinhalt=True), written to
enrich the real LeiKa catalogue entries with the same keys. Only the addresses and telephone
numbers of the Rathaus, the Ordnungsamt (Schillstraße 5-7), the Bürgerbüro, the
Kfz-Zulassungsstelle, the Standesamt and the Wohngeldstelle (Wiesenstraße 9) follow the
real city.
"""

from __future__ import annotations

from .feiertage import feiertage_mv, ostersonntag, schliesstage
from .leistungen_bescheinigungen import LEISTUNGEN as _BESCHEINIGUNGEN
from .leistungen_buergerbuero import LEISTUNGEN as _BUERGERBUERO
from .leistungen_gewerbe import LEISTUNGEN as _GEWERBE
from .leistungen_ordnung import LEISTUNGEN as _ORDNUNG
from .leistungen_standesamt import LEISTUNGEN as _STANDESAMT
from .leistungen_verkehr import LEISTUNGEN as _VERKEHR
from .leistungen_weitere import LEISTUNGEN as _WEITERE
from .oeffnungszeiten import OEFFNUNGSZEITEN, SONDEROEFFNUNGEN
from .organisation import (
    ORGANISATIONSEINHEITEN,
    STANDORTE,
    OrganisationseinheitDemo,
    StandortDemo,
)
from .synonyme import SYNONYME
from .typen import TEXT_FELDER, LeistungDemo

GEBIET_AGS = "13073088"
# Years for which the closure days (holidays, 24 and 31 December) are loaded.
SCHLIESSTAG_JAHRE = (2026, 2027)

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    *_BUERGERBUERO,
    *_BESCHEINIGUNGEN,
    *_GEWERBE,
    *_STANDESAMT,
    *_VERKEHR,
    *_ORDNUNG,
    *_WEITERE,
)

__all__ = [
    "GEBIET_AGS",
    "LEISTUNGEN",
    "OEFFNUNGSZEITEN",
    "ORGANISATIONSEINHEITEN",
    "SCHLIESSTAG_JAHRE",
    "SONDEROEFFNUNGEN",
    "STANDORTE",
    "SYNONYME",
    "TEXT_FELDER",
    "LeistungDemo",
    "OrganisationseinheitDemo",
    "StandortDemo",
    "feiertage_mv",
    "ostersonntag",
    "schliesstage",
]
