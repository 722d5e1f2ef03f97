"""The sender side: `Absender` builds and sends real submissions, `daten_aus_schema`
fills data valid against a JSON Schema."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from joserfc.jwk import RSAKey

from rathaus.standards import fitconnect as fc

from ..client import RoutingApi, SubmissionApi, Zugang
from .server import FitConnectTestserver


def daten_aus_schema(schema: Mapping[str, Any], *, alle: bool = False) -> Any:
    """A small instance valid against ``schema`` (a JSON Schema built from a FIM schema):
    every required member (``alle``: every member), the first choice of every list, a
    plausible short text (a telephone number where the title says so …)."""

    defs = schema.get("$defs", {})

    def wert(knoten: Mapping[str, Any]) -> Any:
        if "$ref" in knoten:
            return wert(defs[knoten["$ref"].rsplit("/", 1)[-1]])
        if "const" in knoten:
            return knoten["const"]
        if "enum" in knoten:
            return knoten["enum"][0]
        for art in ("oneOf", "anyOf"):
            if art in knoten:
                return wert(knoten[art][0])
        typ = knoten.get("type")
        if isinstance(typ, list):
            typ = next(t for t in typ if t != "null")
        if typ == "object":
            props = knoten.get("properties", {})
            namen = props if alle else knoten.get("required", [])
            return {k: wert(props[k]) for k in namen if not props[k].get("readOnly")}
        if typ == "array":
            return [wert(knoten.get("items", {})) for _ in range(knoten.get("minItems", 0))]
        if typ == "boolean":
            return False
        if typ in ("integer", "number"):
            return knoten.get("minimum", 1)
        titel = str(knoten.get("title", "")).lower()
        if knoten.get("format") == "date":
            return "2020-01-15"  # in the past: some fields take no future date
        if knoten.get("format") == "email" or "mail" in titel:
            return "erika@example.org"
        if any(w in titel for w in ("telefon", "mobil", "fax")):
            return "0381 123456"
        if "postleitzahl" in titel or titel == "plz":
            return "18439"
        muster = knoten.get("pattern")
        if muster:
            for probe in ("12345", "1", "A", "a", "DE89370400440532013000", "0000", "001"):
                if re.search(muster, probe):
                    return probe
        laenge = max(int(knoten.get("minLength", 1)), 1)
        return ("Muster" * laenge)[: max(laenge, min(6, int(knoten.get("maxLength", 6))))]

    return wert(schema)


@dataclass
class Anlage:
    inhalt: bytes
    dateiname: str = "nachweis.pdf"
    mime_type: str = "application/pdf"
    purpose: str = "attachment"
    attachment_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Gesendet:
    submission_id: str
    case_id: str
    destination_id: str
    metadaten: dict[str, Any]
    daten: bytes


class Absender:
    """An online service sending through the test server (sender role): metadata with the
    right hashes, everything encrypted to the destination's current public key (found
    through the API), then create / upload / submit. ``verfaelschen`` lets a test change
    one piece on its way (the hostile cases)."""

    def __init__(self, server: FitConnectTestserver, region: str = "DE13") -> None:
        client_id, secret = server.client_add(f"send:region:{region}")
        self.api = SubmissionApi(
            Zugang(
                token_url=server.url + "/token",
                client_id=client_id,
                client_secret=secret,
                submission_url=server.url,
            )
        )
        self.routing = RoutingApi(server.url + "/routing/v1")

    def metadaten(
        self,
        *,
        daten: bytes,
        schema_uri: str,
        leika: str,
        leistung_name: str,
        anlagen: list[Anlage],
    ) -> dict[str, Any]:
        return {
            "$schema": fc.METADATEN_SCHEMA_URI.format(v="1.0.0"),
            "publicServiceType": {"identifier": fc.LEIKA_URN + leika, "name": leistung_name},
            "contentStructure": {
                "data": {
                    "hash": {"type": "sha512", "content": fc.sha512(daten)},
                    "submissionSchema": {"schemaUri": schema_uri, "mimeType": "application/json"},
                },
                "attachments": [
                    {
                        "attachmentId": a.attachment_id,
                        "hash": {"type": "sha512", "content": fc.sha512(a.inhalt)},
                        "purpose": a.purpose,
                        "mimeType": a.mime_type,
                        "filename": a.dateiname,
                    }
                    for a in anlagen
                ],
            },
            "additionalReferenceInfo": {"senderReference": "OD-" + uuid.uuid4().hex[:8]},
        }

    def senden(
        self,
        *,
        destination_id: str,
        daten: Any,
        schema_uri: str,
        leika: str,
        leistung_name: str = "Testleistung",
        anlagen: list[Anlage] | None = None,
        verfaelschen: Mapping[str, Any] | None = None,
        schluessel: RSAKey | None = None,
    ) -> Gesendet:
        """Send one submission; ``verfaelschen`` keys: "metadaten" (a function changing the
        metadata dict after hashing), "daten_bytes" (bytes sent instead of the data),
        "metadaten_jwe" / "daten_jwe" / "anlage_jwe" (functions changing a JWE)."""
        v = dict(verfaelschen or {})
        anlagen = list(anlagen or [])
        daten_bytes = daten if isinstance(daten, bytes) else json.dumps(daten).encode()
        meta = self.metadaten(
            daten=daten_bytes,
            schema_uri=schema_uri,
            leika=leika,
            leistung_name=leistung_name,
            anlagen=anlagen,
        )
        if "metadaten" in v:
            v["metadaten"](meta)
        if "daten_bytes" in v:
            daten_bytes = v["daten_bytes"]
        if schluessel is None:
            ziel = self.api.destination(destination_id)
            schluessel = RSAKey.import_key(
                self.api.destination_key(destination_id, ziel["encryptionKid"])
            )
        erstellt = self.api.submission_create(
            destination_id=destination_id,
            service_name=leistung_name,
            service_identifier=fc.LEIKA_URN + leika,
            attachment_ids=[a.attachment_id for a in anlagen],
        )
        sid = erstellt["submissionId"]
        ohne = lambda t: t  # noqa: E731
        for a in anlagen:
            token = fc.jwe_encrypt(a.inhalt, schluessel)
            self.api.attachment_upload(sid, a.attachment_id, v.get("anlage_jwe", ohne)(token))
        meta_jwe = fc.jwe_encrypt(json.dumps(meta).encode(), schluessel, cty="application/json")
        daten_jwe = fc.jwe_encrypt(daten_bytes, schluessel, cty="application/json")
        self.api.submission_submit(
            sid,
            encrypted_metadata=v.get("metadaten_jwe", ohne)(meta_jwe),
            encrypted_data=v.get("daten_jwe", ohne)(daten_jwe),
        )
        return Gesendet(sid, erstellt["caseId"], destination_id, meta, daten_bytes)
