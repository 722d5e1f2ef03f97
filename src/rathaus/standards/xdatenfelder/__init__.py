"""XDatenfelder (FIM data field schemas) 1.x, 2.0 and 3.0.0: read, convert, interpret rules."""

from .errors import XDatenfelderError
from .json_schema import sample_instance, to_json_schema
from .model import (
    Anzahl,
    Bezug,
    Code,
    CodelisteReferenz,
    Datenfeld,
    Datenfeldgruppe,
    Datentyp,
    Ergebnis,
    Feldart,
    Kind,
    Praezisierung,
    Regel,
    Schema,
)
from .reader import parse, parse_schema

__all__ = [
    "Anzahl",
    "Bezug",
    "Code",
    "CodelisteReferenz",
    "Datenfeld",
    "Datenfeldgruppe",
    "Datentyp",
    "Ergebnis",
    "Feldart",
    "Kind",
    "Praezisierung",
    "Regel",
    "Schema",
    "XDatenfelderError",
    "parse",
    "parse_schema",
    "sample_instance",
    "to_json_schema",
]
