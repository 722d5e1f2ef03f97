"""FIT-Connect submission metadata (Metadatensatz): parse, validate against the published
JSON Schema of the version the data names, and check the hashes of data and attachments."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from .fehler import (
    ATTACHMENTS_MISMATCH,
    HASH_MISMATCH,
    MISSING_DATA,
    SCHEMA_VIOLATION,
    SYNTAX_VIOLATION,
    UNSUPPORTED_SCHEMA,
    FitConnectFehler,
)

METADATEN_SCHEMA_URI = "https://schema.fitko.de/fit-connect/metadata/{v}/metadata.schema.json"
_SCHEMA_URI = re.compile(
    r"^https://schema\.fitko\.de/fit-connect/metadata/(\d+)\.(\d+)\.(\d+)/metadata\.schema\.json$"
)
LEIKA_URN = "urn:de:fim:leika:leistung:"
STANDARD_VERSION = "1.0.0"  # metadata without "$schema" are read as 1.0.0


def json_pfad(teile: Any, wurzel: str = "metadata") -> str:
    return wurzel + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in teile)


@dataclass(frozen=True)
class Hash:
    art: str
    wert: str


@dataclass(frozen=True)
class AnlageMeta:
    attachment_id: str
    hash: Hash
    purpose: str
    mime_type: str
    filename: str
    description: str


@dataclass(frozen=True)
class Metadaten:
    """The parts of a Metadatensatz the receiver works with; ``roh`` keeps all of it."""

    roh: Mapping[str, Any]
    version: str
    leistung: str  # publicServiceType.identifier ("" if absent)
    leistung_name: str
    daten_hash: Hash | None
    daten_schema_uri: str
    daten_mime_type: str
    anlagen: tuple[AnlageMeta, ...]

    @property
    def leika_schluessel(self) -> str:
        return self.leistung[len(LEIKA_URN) :] if self.leistung.startswith(LEIKA_URN) else ""


@lru_cache(maxsize=8)
def _validator(pfad: str) -> Draft202012Validator:
    schema = json.loads(Path(pfad).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schemas_laden(ordner: Path) -> dict[str, str]:
    """Version → path of each metadata schema file ``fitconnect-metadata.schema.v<x.y.z>.json``
    in ``ordner``."""
    out = {}
    for datei in sorted(ordner.glob("fitconnect-metadata.schema.v*.json")):
        version = datei.name.removeprefix("fitconnect-metadata.schema.v").removesuffix(".json")
        out[version] = str(datei)
    return out


def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def schema_waehlen(schema_uri: str | None, schemas: Mapping[str, str]) -> tuple[str, str]:
    """(version named by the data, path of the schema to validate with).

    Same major version 1: the exact schema if we hold it, else the newest one we hold that
    is not newer (a minor version only adds optional members, and the 1.x schemas allow
    members they do not know). Another major version, or a URI of another form: refused.
    """
    if schema_uri is None:
        version = STANDARD_VERSION
    else:
        treffer = _SCHEMA_URI.match(schema_uri) if isinstance(schema_uri, str) else None
        if treffer is None:
            raise FitConnectFehler(
                UNSUPPORTED_SCHEMA,
                "metadata",
                f"Unbekanntes Metadatenschema: {str(schema_uri)[:200]!r}",
                pfad="metadata.$schema",
            )
        version = ".".join(treffer.groups())
    if version in schemas:
        return version, schemas[version]
    passend = [
        v
        for v in schemas
        if _version_tuple(v)[0] == _version_tuple(version)[0]
        and _version_tuple(v) <= _version_tuple(version)
    ]
    if not passend:
        raise FitConnectFehler(
            UNSUPPORTED_SCHEMA,
            "metadata",
            f"Metadatenschema {version} wird nicht unterstützt (bekannt: {', '.join(schemas)}).",
            pfad="metadata.$schema",
        )
    beste = max(passend, key=_version_tuple)
    return version, schemas[beste]


def metadaten_fehler(roh: Any, schema_pfad: str) -> list[tuple[str, str]]:
    """(JSON path, message) of every schema error, in document order."""
    fehler = sorted(_validator(schema_pfad).iter_errors(roh), key=lambda e: list(e.absolute_path))
    return [(json_pfad(e.absolute_path), e.message[:300]) for e in fehler]


def _hash(roh: Mapping[str, Any]) -> Hash:
    return Hash(art=roh["type"], wert=roh["content"])


def metadaten_parse(text: bytes | str, *, schemas: Mapping[str, str]) -> Metadaten:
    """Parse and validate a decrypted Metadatensatz; raises FitConnectFehler naming the path."""
    try:
        roh = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FitConnectFehler(SYNTAX_VIOLATION, "metadata", f"Kein gültiges JSON: {exc}") from None
    if not isinstance(roh, dict):
        raise FitConnectFehler(SCHEMA_VIOLATION, "metadata", "Die Metadaten sind kein Objekt.")
    version, pfad = schema_waehlen(roh.get("$schema"), schemas)
    fehler = metadaten_fehler(roh, pfad)
    if fehler:
        stelle, text_ = fehler[0]
        raise FitConnectFehler(SCHEMA_VIOLATION, "metadata", f"{stelle}: {text_}", pfad=stelle)
    cs = roh["contentStructure"]
    daten = cs.get("data")
    anlagen = tuple(
        AnlageMeta(
            attachment_id=a["attachmentId"].lower(),
            hash=_hash(a["hash"]),
            purpose=a["purpose"],
            mime_type=a["mimeType"],
            filename=a.get("filename", ""),
            description=a.get("description", ""),
        )
        for a in cs["attachments"]
    )
    ids = [a.attachment_id for a in anlagen]
    if len(set(ids)) != len(ids):
        raise FitConnectFehler(
            ATTACHMENTS_MISMATCH,
            "metadata",
            "Eine attachmentId kommt mehrfach vor.",
            pfad="metadata.contentStructure.attachments",
        )
    dienst = roh.get("publicServiceType") or {}
    return Metadaten(
        roh=roh,
        version=version,
        leistung=dienst.get("identifier", ""),
        leistung_name=dienst.get("name", ""),
        daten_hash=_hash(daten["hash"]) if daten else None,
        daten_schema_uri=daten["submissionSchema"]["schemaUri"] if daten else "",
        daten_mime_type=daten["submissionSchema"]["mimeType"] if daten else "",
        anlagen=anlagen,
    )


def sha512(inhalt: bytes) -> str:
    return hashlib.sha512(inhalt).hexdigest()


def _gleich(erwartet: Hash, inhalt: bytes) -> bool:
    return erwartet.art == "sha512" and hmac.compare_digest(erwartet.wert, sha512(inhalt))


def daten_hash_pruefen(meta: Metadaten, daten: bytes | None) -> None:
    """The data's SHA-512 against ``contentStructure.data.hash``."""
    if meta.daten_hash is None or daten is None:
        if meta.daten_hash is None and daten is None:
            return
        raise FitConnectFehler(
            MISSING_DATA,
            "data",
            "Fachdaten und contentStructure.data passen nicht zusammen (eines fehlt).",
            pfad="metadata.contentStructure.data",
        )
    if not _gleich(meta.daten_hash, daten):
        raise FitConnectFehler(
            HASH_MISMATCH,
            "data",
            "Der Hashwert der Fachdaten stimmt nicht mit den Metadaten überein.",
            pfad="metadata.contentStructure.data.hash",
        )


def anlage_hash_pruefen(meta: Metadaten, attachment_id: str, inhalt: bytes) -> None:
    """An attachment's SHA-512 against its entry in ``contentStructure.attachments``."""
    for i, a in enumerate(meta.anlagen):
        if a.attachment_id == attachment_id.lower():
            if not _gleich(a.hash, inhalt):
                raise FitConnectFehler(
                    HASH_MISMATCH,
                    f"attachment:{attachment_id}",
                    "Der Hashwert der Anlage stimmt nicht mit den Metadaten überein.",
                    pfad=f"metadata.contentStructure.attachments[{i}].hash",
                )
            return
    raise FitConnectFehler(
        ATTACHMENTS_MISMATCH,
        f"attachment:{attachment_id}",
        "Die Anlage ist in den Metadaten nicht beschrieben.",
        pfad="metadata.contentStructure.attachments",
    )


def anlagen_abgleichen(meta: Metadaten, angekuendigt: list[str]) -> None:
    """The attachments the submission lists must be exactly those of the metadata."""
    if sorted(a.lower() for a in angekuendigt) != sorted(a.attachment_id for a in meta.anlagen):
        raise FitConnectFehler(
            ATTACHMENTS_MISMATCH,
            "metadata",
            "Die Anlagen der Einreichung und der Metadaten stimmen nicht überein.",
            pfad="metadata.contentStructure.attachments",
        )


def metadaten_bauen(
    *,
    daten: bytes,
    schema_uri: str,
    leika: str,
    leistung_name: str,
    anlagen: list[tuple[str, bytes, str, str]],
    sender_reference: str = "",
    version: str = STANDARD_VERSION,
) -> dict[str, Any]:
    """A Metadatensatz (sender side) with the SHA-512 of the data and of each attachment;
    ``anlagen``: (attachmentId, content, file name, media type)."""
    meta: dict[str, Any] = {
        "$schema": METADATEN_SCHEMA_URI.format(v=version),
        "publicServiceType": {"identifier": LEIKA_URN + leika, "name": leistung_name},
        "contentStructure": {
            "data": {
                "hash": {"type": "sha512", "content": sha512(daten)},
                "submissionSchema": {"schemaUri": schema_uri, "mimeType": "application/json"},
            },
            "attachments": [
                {
                    "attachmentId": aid,
                    "hash": {"type": "sha512", "content": sha512(inhalt)},
                    "purpose": "attachment",
                    "mimeType": typ,
                    "filename": name,
                }
                for aid, inhalt, name, typ in anlagen
            ],
        },
    }
    if sender_reference:
        meta["additionalReferenceInfo"] = {"senderReference": sender_reference}
    return meta
