"""Read FIM schema files into everything a Formular row holds (no database access)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from rathaus.standards.xdatenfelder import Schema, XDatenfelderError, parse_schema, to_json_schema
from rathaus.standards.xdatenfelder.regeln import Regelwerk

from . import struktur


class ImportFehler(Exception):
    """A file cannot be imported; the message names the file and the element path."""


@dataclass(frozen=True)
class Gelesen:
    datei: Path
    schema: Schema
    xdf_version: str
    sha256: str
    struktur: dict[str, Any]
    json_schema: dict[str, Any]
    regeln: dict[str, Any]
    hinweise: str
    regeln_gesamt: int
    regeln_ausfuehrbar: int
    warnungen: tuple[str, ...]


def codelisten_ordner(*weitere: Path) -> tuple[Path, ...]:
    """Where the genericode lists the schemas reference are looked up (besides next to
    each schema): ``weitere``, then ``<RATHAUS_SHARED_DATA>/fim/codelisten``."""
    geteilt = Path(settings.SHARED_DATA_DIR) / "fim" / "codelisten"
    return tuple(dict.fromkeys(d for d in (*weitere, geteilt) if d.is_dir()))


def lesen(datei: Path, *, codelisten: Sequence[Path] = ()) -> Gelesen:
    """Parse one file; raises :class:`ImportFehler` naming file and element path.

    The code lists the schema references are resolved from :func:`codelisten_ordner`
    and stored with the form (``struktur``); a list not found leaves a text field and a
    warning.
    """
    try:
        inhalt = datei.read_bytes()
    except OSError as exc:
        raise ImportFehler(f"{datei}: {exc.strerror or exc}") from exc
    try:
        ergebnis = parse_schema(datei, codelist_dirs=codelisten_ordner(*codelisten))
    except XDatenfelderError as exc:
        raise ImportFehler(f"{datei}: {exc.path}: {exc.message}") from exc
    schema = ergebnis.schema
    if not schema.id:  # XDF 1 schemas may lack a version: that is stored as ""
        raise ImportFehler(f"{datei}: /stammdatenschema/identifikation: id required")
    werk = Regelwerk(schema, land=settings.RATHAUS_LAND)
    hinweise = "\n\n".join(f"{r.regel_id}: {r.text}".strip() for r in werk.unreadable)
    return Gelesen(
        datei=datei,
        schema=schema,
        xdf_version=ergebnis.xdf_version,
        sha256=hashlib.sha256(inhalt).hexdigest(),
        struktur=struktur.encode(schema),
        json_schema=to_json_schema(schema),
        regeln=werk.to_json(),
        hinweise=hinweise,
        regeln_gesamt=len(werk.regeln),
        regeln_ausfuehrbar=len(werk.executable),
        warnungen=ergebnis.warnings,
    )
