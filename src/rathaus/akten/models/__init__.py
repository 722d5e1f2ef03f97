"""E-Akte models, named after the xdomea 3.0.0 Schriftgutobjekte.

Aktenplaneinheit ▸ Akte ▸ Vorgang ▸ Dokument (▸ Anlage) ▸ Version → Blob; Volltext per
Version and a Suchindex row per Dokument are derived data.
"""

from .aktenplan import Aktenplaneinheit, AktenplanZuordnung, Aussonderungsart
from .aussonderung import (
    Aussonderungsposten,
    Aussonderungsvorgang,
    Loeschfreigabe,
    Loeschlauf,
    Loeschnachweis,
)
from .inhalt import Blob, Suchindex, Version, Volltext
from .schriftgut import Akte, Anlage, Dokument, Vertraulichkeitsstufe, Vorgang

__all__ = [
    "Akte",
    "AktenplanZuordnung",
    "Aktenplaneinheit",
    "Anlage",
    "Aussonderungsart",
    "Aussonderungsposten",
    "Aussonderungsvorgang",
    "Blob",
    "Dokument",
    "Loeschfreigabe",
    "Loeschlauf",
    "Loeschnachweis",
    "Suchindex",
    "Version",
    "Vertraulichkeitsstufe",
    "Volltext",
    "Vorgang",
]
