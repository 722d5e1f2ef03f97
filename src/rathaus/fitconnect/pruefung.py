"""Fetch one submission and check it before it is taken over: decrypt (keys by kid,
compression refused, size limit), metadata against its schema, the event log's
authentication tags, hashes of data and attachments, the data against the JSON Schema of
the named FIM schema, the Leistung known and the city responsible. Everything here only
reads; a failed check raises `FitConnectFehler` with the problem to report."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from joserfc.jwk import KeySet
from jsonschema import Draft202012Validator, FormatChecker

from rathaus.antraege.selectors import dateifeld_zuordnung
from rathaus.antraege.services import Datei
from rathaus.formulare.selectors import (
    formular_get,
    formulare_veroeffentlicht_filter,
    json_schema_of,
)
from rathaus.katalog.selectors import leistung_by_leika, zustaendige_stelle
from rathaus.standards import fitconnect as fc
from rathaus.standards.fitconnect.metadaten import json_pfad

from . import conf
from .client import SubmissionApi, UebergrosserInhalt, service_jwks

# A formulare.Formular and a katalog.Leistung, typed loosely: other apps' models are not
# imported here (app boundaries), only their selectors.
Formular = Any
Leistung = Any

_FIM_URN = re.compile(r"^urn:xoev-de:fim:datenschema:([A-Za-z0-9]+):([0-9A-Za-z.\-]+)$")
_FORMULAR_URL = re.compile(r"/formulare/([0-9]{1,18})/schema/?$")


@dataclass
class Abgerufen:
    """The encrypted parts as fetched (their tags go into the event either way)."""

    submission: dict[str, Any]
    metadaten_jwe: str
    daten_jwe: str | None
    anlagen_jwe: dict[str, str] = field(default_factory=dict)

    def tags(self) -> dict[str, Any]:
        tags: dict[str, Any] = {
            "metadata": fc.authentication_tag(self.metadaten_jwe),
            "attachments": {a: fc.authentication_tag(t) for a, t in self.anlagen_jwe.items()},
        }
        if self.daten_jwe is not None:
            tags["data"] = fc.authentication_tag(self.daten_jwe)
        return tags


@dataclass
class Geprueft:
    metadaten: fc.Metadaten
    daten: dict[str, Any]
    daten_bytes: bytes
    formular: Formular
    leistung: Leistung
    dateien: list[Datei]


def abrufen(api: SubmissionApi, submission_id: str) -> Abgerufen:
    """Fetch the submission and its attachments (network errors propagate: retried)."""
    sub = api.submission(submission_id)
    grenze = conf.max_anlage_bytes()
    anlagen: dict[str, str] = {}
    # The JWE is base64url (about 4/3 of the content): one far above the limit is read but
    # not kept (its tag goes into the event), and refused without decrypting.
    for aid in sub.get("attachments", []):
        anlagen[aid.lower()] = api.attachment(
            submission_id, aid, max_zeichen=grenze * 4 // 3 + 4096
        )
    return Abgerufen(sub, sub.get("encryptedMetadata", ""), sub.get("encryptedData"), anlagen)


def _tags_pruefen(api: SubmissionApi, abgerufen: Abgerufen, case_id: str) -> None:
    """The service's submit-submission event must name exactly these parts."""
    keys = KeySet.import_key_set(service_jwks(api))  # type: ignore[arg-type]
    for token in api.events(case_id):
        try:
            inhalt = fc.set_verify(token, keys)
        except fc.SetFehler:
            continue
        if (
            inhalt.event == "submit-submission"
            and inhalt.submission_id == str(abgerufen.submission["submissionId"]).lower()
        ):
            if inhalt.payload.get("authenticationTags") != abgerufen.tags():
                raise fc.FitConnectFehler(
                    fc.fehler.INCORRECT_AUTHENTICATION_TAG,
                    "submission",
                    "Die Authentication-Tags stimmen nicht mit dem Ereignisprotokoll überein.",
                )
            return
    raise fc.FitConnectFehler(
        fc.fehler.MISSING_AUTHENTICATION_TAG,
        "submission",
        "Im Ereignisprotokoll fehlt das Event submit-submission dieser Einreichung.",
    )


def formular_zu(schema_uri: str) -> Formular | None:
    """The published Formular of the FIM schema the data names
    (``urn:xoev-de:fim:datenschema:<id>:<version>`` as in its JSON Schema's $id, or our
    API's ``…/formulare/<id>/schema/``)."""
    treffer = _FIM_URN.match(schema_uri)
    if treffer:
        fim_id, version = treffer.groups()
        return next(
            (
                f
                for f in formulare_veroeffentlicht_filter(fim_id=fim_id)
                if f.fim_version == version
            ),
            None,
        )
    treffer = _FORMULAR_URL.search(schema_uri)
    if treffer:
        try:
            return formular_get(pk=int(treffer.group(1)))
        except ObjectDoesNotExist:
            return None
    return None


def pruefen(api: SubmissionApi, abgerufen: Abgerufen) -> Geprueft:
    """Every check in the documented order; raises FitConnectFehler at the first failure."""
    s = conf.schluessel().entschluesseln
    grenze = conf.max_anlage_bytes()
    sub = abgerufen.submission
    meta_text = fc.jwe_decrypt(abgerufen.metadaten_jwe, s, teil="metadata", max_bytes=grenze)
    meta = fc.metadaten_parse(meta_text, schemas=fc.schemas_laden(conf.metadaten_schema_ordner()))
    if meta.leistung and meta.leistung != (sub.get("serviceType") or {}).get("identifier"):
        raise fc.FitConnectFehler(
            fc.SERVICE_MISMATCH,
            "metadata",
            "publicServiceType passt nicht zum serviceType der Einreichung.",
            pfad="metadata.publicServiceType.identifier",
        )
    fc.anlagen_abgleichen(meta, list(sub.get("attachments", [])))
    for aid, token in abgerufen.anlagen_jwe.items():
        if isinstance(token, UebergrosserInhalt):
            raise fc.FitConnectFehler(
                fc.ENCRYPTION_ISSUE,
                f"attachment:{aid}",
                f"Der verschlüsselte Inhalt ist größer als {grenze} Bytes.",
            )
    _tags_pruefen(api, abgerufen, str(sub["caseId"]))
    if abgerufen.daten_jwe is None or meta.daten_hash is None:
        raise fc.FitConnectFehler(
            fc.MISSING_DATA, "data", "Die Einreichung enthält keine Fachdaten."
        )
    daten_bytes = fc.jwe_decrypt(abgerufen.daten_jwe, s, teil="data", max_bytes=grenze)
    fc.daten_hash_pruefen(meta, daten_bytes)
    inhalte: dict[str, bytes] = {}
    for a in meta.anlagen:
        inhalte[a.attachment_id] = fc.jwe_decrypt(
            abgerufen.anlagen_jwe[a.attachment_id],
            s,
            teil=f"attachment:{a.attachment_id}",
            max_bytes=grenze,
        )
        fc.anlage_hash_pruefen(meta, a.attachment_id, inhalte[a.attachment_id])
    if meta.daten_mime_type != "application/json":
        raise fc.FitConnectFehler(
            fc.UNSUPPORTED_SCHEMA,
            "data",
            "Nur Fachdaten in JSON werden unterstützt.",
            pfad="metadata.contentStructure.data.submissionSchema.mimeType",
        )
    formular = formular_zu(meta.daten_schema_uri)
    if formular is None:
        raise fc.FitConnectFehler(
            fc.UNSUPPORTED_SCHEMA,
            "data",
            f"Kein Formular zum Fachdatenschema {meta.daten_schema_uri[:200]!r}.",
            pfad="metadata.contentStructure.data.submissionSchema.schemaUri",
        )
    try:
        daten = json.loads(daten_bytes)
    except (ValueError, UnicodeDecodeError) as exc:
        raise fc.FitConnectFehler(
            fc.SYNTAX_VIOLATION, "data", f"Kein gültiges JSON: {exc}"
        ) from None
    validator = Draft202012Validator(
        json_schema_of(formular=formular), format_checker=FormatChecker()
    )
    fehler = sorted(validator.iter_errors(daten), key=lambda e: list(e.absolute_path))
    if fehler or not isinstance(daten, dict):
        stelle = json_pfad(fehler[0].absolute_path, "data") if fehler else "data"
        text = fehler[0].message[:300] if fehler else "Die Fachdaten sind kein Objekt."
        raise fc.FitConnectFehler(fc.SCHEMA_VIOLATION, "data", f"{stelle}: {text}", pfad=stelle)
    leistung = (
        leistung_by_leika(leika_schluessel=meta.leika_schluessel) if meta.leika_schluessel else None
    )
    if leistung is None:
        raise fc.FitConnectFehler(
            fc.SERVICE_MISMATCH,
            "metadata",
            f"Die Leistung {meta.leistung[:100]!r} ist hier nicht bekannt.",
            pfad="metadata.publicServiceType.identifier",
        )
    if formular.leistung_id is not None and formular.leistung_id != leistung.pk:
        raise fc.FitConnectFehler(
            fc.SERVICE_MISMATCH,
            "metadata",
            "Das Fachdatenschema gehört zu einer anderen Leistung.",
            pfad="metadata.publicServiceType.identifier",
        )
    if zustaendige_stelle(leistung=leistung) is None:
        raise fc.FitConnectFehler(
            fc.SERVICE_MISMATCH,
            "metadata",
            f"{settings.RATHAUS_KOMMUNE} ist für diese Leistung nicht zuständig.",
            pfad="metadata.publicServiceType.identifier",
        )
    zuordnung = dateifeld_zuordnung(
        formular=formular, daten=daten, anlage_ids=set(inhalte), ohne_gross_klein=True
    )
    dateien = [
        Datei(
            feld=zuordnung.get(a.attachment_id, ""),
            dateiname=a.filename or f"{a.attachment_id}",
            mediatyp=a.mime_type,
            inhalt=io.BytesIO(inhalte[a.attachment_id]),
            sha512=a.hash.wert,
            bezeichnung=a.description[:300],
        )
        for a in meta.anlagen
    ]
    return Geprueft(meta, daten, daten_bytes, formular, leistung, dateien)
