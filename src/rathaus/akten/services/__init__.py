"""Public write interface of the E-Akte for the other apps.

Every function takes keyword arguments and an explicit `actor`, runs in one transaction
and writes a Protokoll entry in it.
"""

from ..models import Dokument
from .akten import (
    REOPEN_PERMISSION,
    akte_close,
    akte_create,
    akte_reopen,
    akte_share,
    aufbewahrung_bis,
    vorgang_close,
    vorgang_open,
    vorgang_reopen,
)
from .aktenplan import (
    aktenplan_zuordnung_set,
    aktenplaneinheit_create,
    aktenplaneinheit_retire,
)
from .dokumente import VersionEingabe, anlage_add, dokument_file, version_add, volltext_ocr_run

# The kinds of Dokument that `dokument_file` takes as `art` (eingang, ausgang, intern).
DokumentArt = Dokument.Art

__all__ = [
    "REOPEN_PERMISSION",
    "DokumentArt",
    "VersionEingabe",
    "akte_close",
    "akte_create",
    "akte_reopen",
    "akte_share",
    "aktenplan_zuordnung_set",
    "aktenplaneinheit_create",
    "aktenplaneinheit_retire",
    "anlage_add",
    "aufbewahrung_bis",
    "dokument_file",
    "version_add",
    "volltext_ocr_run",
    "vorgang_close",
    "vorgang_open",
    "vorgang_reopen",
]
