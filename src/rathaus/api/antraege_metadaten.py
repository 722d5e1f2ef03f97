"""FIT-Connect submission metadata: validation against the published JSON Schema and the
hash checks of the data and attachments of an API submission."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DATEI = "fitconnect/fitconnect-metadata.schema.v1.0.0.json"
LEIKA_URN = "urn:de:fim:leika:leistung:"
_SCHEMA_URI = re.compile(r"/formulare/([0-9]{1,18})/schema/?$")


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    pfad = Path(settings.SHARED_DATA_DIR) / SCHEMA_DATEI
    schema = json.loads(pfad.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def metadaten_fehler(metadaten: Any) -> dict[str, list[str]]:
    """Errors by JSON path (``metadata.contentStructure.attachments[0].hash``)."""
    fehler: dict[str, list[str]] = {}
    for e in sorted(_validator().iter_errors(metadaten), key=lambda e: list(e.absolute_path)):
        pfad = "metadata" + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path
        )
        fehler.setdefault(pfad, []).append(e.message[:300])
    return fehler


def sha512(inhalt: bytes) -> str:
    return hashlib.sha512(inhalt).hexdigest()


def formular_id_aus(schema_uri: str) -> int | None:
    treffer = _SCHEMA_URI.search(schema_uri or "")
    return int(treffer.group(1)) if treffer else None
