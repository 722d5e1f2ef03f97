"""Views of the public portal: they parse the request, call selectors or services and map
errors to pages. They hold no rule of their own."""

from .katalog import az, home, lebenslage, leistung, suche, themenfeld
from .organisation import organisation_detail, organisation_list
from .rechtliches import (
    barrierefreiheit,
    barrierefreiheit_danke,
    datenschutz,
    impressum,
    leichte_sprache,
)

__all__ = [
    "az",
    "barrierefreiheit",
    "barrierefreiheit_danke",
    "datenschutz",
    "home",
    "impressum",
    "lebenslage",
    "leichte_sprache",
    "leistung",
    "organisation_detail",
    "organisation_list",
    "suche",
    "themenfeld",
]
