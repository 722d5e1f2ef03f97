"""A local FIT-Connect server on loopback for the tests and a development installation:
token endpoint (OAuth2 client credentials), Submission API 1.1.3 (destinations and their
keys, create / upload / submit / list / fetch submissions, attachments, the event log with
SETs checked against the poster's key), the service's JWKS and the Routing API (/routes by
LeiKa key and ARS/AGS). No Django; plain ``http.server`` in a thread.

It keeps everything in memory and checks what the real service checks where it matters
here: tokens and their scopes, a SET posted by a receiver must carry a valid PS512
signature of the destination's signing key and the right ``iss``/``sub``/``txn``, and a
submission is fetched only while it is submitted. Beside the server, `Absender` builds real
submissions (metadata with hashes, data, attachments, each encrypted with the
destination's public key) and `daten_aus_schema` fills data valid against a JSON Schema.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from joserfc import jws
from joserfc.jwk import KeySet, RSAKey

from rathaus.standards import fitconnect as fc

from .client import RoutingApi, SubmissionApi, Zugang

_UUID = r"[0-9a-fA-F-]{32,36}"
_JWE_MUSTER = re.compile(r"^[a-zA-Z0-9\-_=.]+$")
MAX_BODY = 64 * 1024 * 1024


@dataclass
class Destination:
    destination_id: str
    encryption_keys: list[dict[str, Any]]  # public JWKs, the first is the current one
    signing_keys: list[dict[str, Any]]  # public JWKs the receiver signs its SETs with
    services: list[dict[str, Any]]
    name: str = ""
    callback_url: str = ""
    callback_secret: str = ""
    status: str = "active"


@dataclass
class Submission:
    submission_id: str
    destination_id: str
    case_id: str
    service_type: dict[str, Any]
    announced: list[str]
    attachments: dict[str, str] = field(default_factory=dict)
    encrypted_metadata: str = ""
    encrypted_data: str | None = None
    status: str = "created"


class FitConnectTestserver:
    """In-memory FIT-Connect on 127.0.0.1; ``start()`` returns its base URL."""

    def __init__(self, *, key_bits: int = 4096) -> None:
        self.key_bits = key_bits
        self.service_key = RSAKey.generate_key(
            key_bits, parameters={"kid": f"zd-{uuid.uuid4()}", "alg": "PS512"}
        )
        self.clients: dict[str, tuple[str, set[str]]] = {}
        self.tokens: dict[str, tuple[str, set[str], float]] = {}
        self.destinations: dict[str, Destination] = {}
        self.submissions: dict[str, Submission] = {}
        self.events: dict[str, list[str]] = defaultdict(list)
        self.routes: list[dict[str, Any]] = []
        self.callbacks: list[tuple[dict[str, str], bytes]] = []
        self.anfragen: list[tuple[str, str]] = []
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- lifecycle --
    def start(self, port: int = 0) -> str:
        server = self

        class Handler(_Handler):
            testserver = server

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def issuer(self) -> str:
        return self.url

    # -- administration (in process) --
    def client_add(self, *scopes: str) -> tuple[str, str]:
        client_id, secret = str(uuid.uuid4()), secrets.token_urlsafe(32)
        with self.lock:
            self.clients[client_id] = (secret, set(scopes))
        return client_id, secret

    def destination_add(
        self,
        *,
        encryption_keys: list[RSAKey],
        signing_keys: list[RSAKey],
        leika: list[str],
        name: str = "",
        callback_secret: str = "",
        destination_id: str | None = None,
    ) -> str:
        dest = destination_id or str(uuid.uuid4())
        with self.lock:
            self.destinations[dest] = Destination(
                destination_id=dest,
                encryption_keys=[
                    _oeffentlich(k, "wrapKey", "RSA-OAEP-256") for k in encryption_keys
                ],
                signing_keys=[_oeffentlich(k, "verify", "PS512") for k in signing_keys],
                services=[
                    {
                        "identifier": fc.LEIKA_URN + lk,
                        "submissionSchemas": [],
                        "regions": ["DE13073088"],
                    }
                    for lk in leika
                ],
                name=name,
                callback_secret=callback_secret,
            )
        return dest

    def route_add(self, *, leika: str, ars: str, destination_id: str, name: str) -> None:
        with self.lock:
            self.routes.append(
                {"leika": leika, "ars": ars, "destinationId": destination_id, "name": name}
            )

    def submission_status(self, submission_id: str) -> str:
        return self.submissions[submission_id].status

    def events_of(self, case_id: str) -> list[str]:
        with self.lock:
            return list(self.events[case_id])

    def callback_bauen(self, destination_id: str, submission_ids: list[str]) -> tuple[dict, bytes]:
        """The headers and body of a new-submissions callback, signed as the service does."""
        dest = self.destinations[destination_id]
        body = json.dumps(
            {
                "type": "https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions",
                "submissions": [
                    {
                        "destinationId": destination_id,
                        "submissionId": s,
                        "caseId": self.submissions[s].case_id,
                    }
                    for s in submission_ids
                ],
                "submissionIds": submission_ids,
            }
        ).encode()
        ts = str(int(time.time()))
        kopf = {
            "callback-timestamp": ts,
            "callback-authentication": fc.callback_signatur(dest.callback_secret, ts, body),
        }
        return kopf, body

    def _service_event(self, sub: Submission, event: str, tags: dict[str, Any]) -> None:
        token = fc.set_build(
            key=self.service_key,
            issuer=self.issuer,
            submission_id=sub.submission_id,
            case_id=sub.case_id,
            event=event,
            authentication_tags=tags,
        )
        self.events[sub.case_id].append(token)

    @staticmethod
    def tags_of(sub: Submission) -> dict[str, Any]:
        tags: dict[str, Any] = {
            "metadata": fc.authentication_tag(sub.encrypted_metadata),
            "attachments": {a: fc.authentication_tag(t) for a, t in sub.attachments.items()},
        }
        if sub.encrypted_data is not None:
            tags["data"] = fc.authentication_tag(sub.encrypted_data)
        return tags

    def routing_signatur(self, dest_id: str) -> str:
        return jws.serialize_compact(
            {"alg": "PS512", "kid": self.service_key.kid},
            json.dumps({"destinationId": dest_id}).encode(),
            self.service_key,
            algorithms=["PS512"],
        )


def _oeffentlich(key: RSAKey, op: str, alg: str) -> dict[str, Any]:
    d = dict(key.as_dict(private=False))
    d.update({"key_ops": [op], "alg": alg, "x5c": d.get("x5c") or []})
    return d


class _Fehler(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status, self.detail = status, detail


class _Handler(BaseHTTPRequestHandler):
    testserver: FitConnectTestserver
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without TCP_NODELAY every small answer waits
    # for the client's delayed ACK (about 40 ms), which no real service does.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- plumbing --
    def _body(self) -> bytes:
        laenge = int(self.headers.get("Content-Length") or 0)
        if laenge > MAX_BODY:
            raise _Fehler(413, "Anfrage zu groß")
        return self.rfile.read(laenge) if laenge else b""

    def _antwort(self, status: int, body: Any = None, typ: str = "application/json") -> None:
        if body is None:
            daten = b""
        elif isinstance(body, bytes | str):
            daten = body.encode() if isinstance(body, str) else body
        else:
            daten = json.dumps(body).encode()
        self.send_response(status)
        if daten:
            self.send_header("Content-Type", typ)
        self.send_header("Content-Length", str(len(daten)))
        self.end_headers()
        self.wfile.write(daten)

    def _scopes(self) -> set[str]:
        kopf = self.headers.get("Authorization", "")
        token = kopf.removeprefix("Bearer ").strip()
        with self.testserver.lock:
            eintrag = self.testserver.tokens.get(token)
        if not kopf.startswith("Bearer ") or eintrag is None or eintrag[2] < time.time():
            raise _Fehler(401, "Kein gültiges Token")
        return eintrag[1]

    def _darf(self, scope: str) -> None:
        if scope not in self._scopes():
            raise _Fehler(403, f"Scope {scope} fehlt")

    def _sender(self) -> None:
        if not any(s.startswith("send:") for s in self._scopes()):
            raise _Fehler(403, "Kein Sender-Scope")

    def _sub(self, sid: str) -> Submission:
        sub = self.testserver.submissions.get(sid.lower())
        if sub is None:
            raise _Fehler(404, "Einreichung unbekannt")
        return sub

    def _bearbeiten(self, methode: str) -> None:
        teile = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(teile.query).items()}
        self.testserver.anfragen.append((methode, teile.path))
        try:
            for muster, name in _ROUTEN.get(methode, ()):
                treffer = re.fullmatch(muster, teile.path)
                if treffer:
                    getattr(self, name)(query, *treffer.groups())
                    return
            raise _Fehler(404, "Unbekannter Pfad")
        except _Fehler as f:
            self._antwort(
                f.status,
                {"type": "about:blank", "title": HTTPStatus(f.status).phrase, "detail": f.detail},
                "application/problem+json",
            )

    def do_GET(self) -> None:
        self._bearbeiten("GET")

    def do_POST(self) -> None:
        self._bearbeiten("POST")

    def do_PUT(self) -> None:
        self._bearbeiten("PUT")

    # -- OAuth2 --
    def token(self, query: dict[str, str]) -> None:
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        if form.get("grant_type") != "client_credentials":
            raise _Fehler(400, "unsupported_grant_type")
        ts = self.testserver
        eintrag = ts.clients.get(form.get("client_id", ""))
        if eintrag is None or not secrets.compare_digest(eintrag[0], form.get("client_secret", "")):
            raise _Fehler(401, "invalid_client")
        token = secrets.token_urlsafe(32)
        with ts.lock:
            ts.tokens[token] = (form["client_id"], eintrag[1], time.time() + 1800)
        self._antwort(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": 1800,
                "scope": " ".join(sorted(eintrag[1])),
            },
        )

    # -- receiving --
    def list_submissions(self, query: dict[str, str]) -> None:
        dest = query.get("destinationId", "").lower()
        self._darf(f"subscribe:destination:{dest}")
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 100)), 500)
        with self.testserver.lock:
            offen = [
                s
                for s in self.testserver.submissions.values()
                if s.destination_id == dest and s.status == "submitted"
            ]
        seite = offen[offset : offset + limit]
        self._antwort(
            200,
            {
                "count": len(seite),
                "offset": offset,
                "totalCount": len(offen),
                "submissions": [
                    {
                        "destinationId": s.destination_id,
                        "submissionId": s.submission_id,
                        "caseId": s.case_id,
                    }
                    for s in seite
                ],
            },
        )

    def get_submission(self, query: dict[str, str], sid: str) -> None:
        sub = self._sub(sid)
        self._darf(f"subscribe:destination:{sub.destination_id}")
        if sub.status not in ("submitted", "forwarded"):
            raise _Fehler(404, f"Einreichung im Status {sub.status}")
        body = {
            "destinationId": sub.destination_id,
            "submissionId": sub.submission_id,
            "caseId": sub.case_id,
            "attachments": list(sub.attachments),
            "serviceType": sub.service_type,
            "encryptedMetadata": sub.encrypted_metadata,
        }
        if sub.encrypted_data is not None:
            body["encryptedData"] = sub.encrypted_data
        self._antwort(200, body)

    def get_attachment(self, query: dict[str, str], sid: str, aid: str) -> None:
        sub = self._sub(sid)
        self._darf(f"subscribe:destination:{sub.destination_id}")
        token = sub.attachments.get(aid.lower())
        if token is None or sub.status not in ("submitted", "forwarded"):
            raise _Fehler(404, "Anlage unbekannt")
        self._antwort(200, token, "application/jose")

    def get_events(self, query: dict[str, str], case_id: str) -> None:
        self._scopes()
        log = self.testserver.events_of(case_id.lower())
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 500)), 500)
        seite = log[offset : offset + limit]
        self._antwort(
            200, {"count": len(seite), "offset": offset, "totalCount": len(log), "eventLog": seite}
        )

    def post_event(self, query: dict[str, str], case_id: str) -> None:
        token = self._body().decode(errors="replace").strip()
        ts = self.testserver
        try:
            header = fc.jose.set_header(token)
            ungeprueft = json.loads(fc.jose._b64(token.split(".")[1]))
            sid = str(ungeprueft.get("sub", "")).removeprefix("submission:").lower()
            sub = self._sub(sid)
            self._darf(f"subscribe:destination:{sub.destination_id}")
            dest = ts.destinations[sub.destination_id]
            keys = KeySet([RSAKey.import_key(k) for k in dest.signing_keys])
            if not any(k.get("kid") == header["kid"] for k in dest.signing_keys):
                raise fc.SetFehler("header.kid ist kein Signaturschlüssel des Zustellpunkts.")
            inhalt = fc.set_verify(token, keys, issuer=sub.destination_id)
        except fc.SetFehler as exc:
            raise _Fehler(422, str(exc)) from None
        except (ValueError, KeyError) as exc:
            raise _Fehler(400, f"SET unlesbar: {exc}") from None
        if inhalt.case_id != case_id.lower() or inhalt.case_id != sub.case_id:
            raise _Fehler(422, "txn passt nicht zum Vorgang")
        if inhalt.event not in ("accept-submission", "reject-submission"):
            raise _Fehler(422, "Empfänger senden nur accept-/reject-submission")
        with ts.lock:
            if token in ts.events[sub.case_id]:
                self._antwort(204)  # the same token again: already stored
                return
            if sub.status != "submitted":
                raise _Fehler(409, f"Einreichung bereits {sub.status}")
            if inhalt.payload.get("authenticationTags") != ts.tags_of(sub):
                raise _Fehler(422, "authenticationTags passen nicht zur Einreichung")
            ts.events[sub.case_id].append(token)
            sub.status = "accepted" if inhalt.event == "accept-submission" else "rejected"
        self._antwort(204)

    # -- destinations --
    def get_destination(self, query: dict[str, str], dest_id: str) -> None:
        dest = self.testserver.destinations.get(dest_id.lower())
        if dest is None:
            raise _Fehler(404, "Zustellpunkt unbekannt")
        self._antwort(
            200,
            {
                "destinationId": dest.destination_id,
                "encryptionKid": dest.encryption_keys[0]["kid"],
                "metadataVersions": ["1.0.0"],
                "services": dest.services,
                "status": dest.status,
            },
        )

    def get_key(self, query: dict[str, str], dest_id: str, kid: str) -> None:
        dest = self.testserver.destinations.get(dest_id.lower())
        key = next(
            (
                k
                for k in (dest.encryption_keys + dest.signing_keys if dest else [])
                if k["kid"] == kid
            ),
            None,
        )
        if key is None:
            raise _Fehler(404, "Schlüssel unbekannt")
        self._antwort(200, key)

    def jwks(self, query: dict[str, str]) -> None:
        self._antwort(200, {"keys": [_oeffentlich(self.testserver.service_key, "verify", "PS512")]})

    # -- sending --
    def create_submission(self, query: dict[str, str]) -> None:
        self._sender()
        body = json.loads(self._body() or b"{}")
        dest_id = str(body.get("destinationId", "")).lower()
        if dest_id not in self.testserver.destinations:
            raise _Fehler(404, "Zustellpunkt unbekannt")
        dienst = body.get("serviceType") or {}
        if not re.match(r"^urn:[a-z0-9][a-z0-9-]{0,31}:", str(dienst.get("identifier", ""))):
            raise _Fehler(400, "serviceType.identifier")
        sub = Submission(
            submission_id=str(uuid.uuid4()),
            destination_id=dest_id,
            case_id=str(body.get("caseId") or uuid.uuid4()).lower(),
            service_type=dienst,
            announced=[str(a).lower() for a in body.get("announcedAttachments", [])],
        )
        with self.testserver.lock:
            self.testserver.submissions[sub.submission_id] = sub
        self._antwort(
            201,
            {
                "destinationId": dest_id,
                "submissionId": sub.submission_id,
                "caseId": sub.case_id,
            },
        )

    def put_attachment(self, query: dict[str, str], sid: str, aid: str) -> None:
        self._sender()
        sub = self._sub(sid)
        token = self._body().decode(errors="replace").strip()
        if aid.lower() not in sub.announced or sub.status != "created":
            raise _Fehler(400, "Anlage nicht angekündigt")
        if not _JWE_MUSTER.match(token):
            raise _Fehler(400, "Kein JWE")
        sub.attachments[aid.lower()] = token
        self._antwort(204)

    def submit(self, query: dict[str, str], sid: str) -> None:
        self._sender()
        sub = self._sub(sid)
        body = json.loads(self._body() or b"{}")
        meta = body.get("encryptedMetadata")
        if not isinstance(meta, str) or not _JWE_MUSTER.match(meta):
            raise _Fehler(400, "encryptedMetadata")
        if sorted(sub.attachments) != sorted(sub.announced):
            raise _Fehler(422, "Nicht alle angekündigten Anlagen hochgeladen")
        ts = self.testserver
        with ts.lock:
            sub.encrypted_metadata = meta
            sub.encrypted_data = body.get("encryptedData")
            sub.status = "submitted"
            ts._service_event(sub, "submit-submission", ts.tags_of(sub))
        self._antwort(
            202,
            {
                "destinationId": sub.destination_id,
                "submissionId": sub.submission_id,
                "caseId": sub.case_id,
                "attachments": list(sub.attachments),
                "serviceType": sub.service_type,
            },
        )

    # -- routing --
    def routes(self, query: dict[str, str]) -> None:
        leika = query.get("leikaKey", "")
        if not re.fullmatch(r"99\d{12}", leika):
            raise _Fehler(400, "leikaKey")
        gebiet = query.get("ars") or query.get("ags") or ""
        if not gebiet:
            raise _Fehler(400, "ars oder ags")
        ts = self.testserver
        treffer = [
            r
            for r in ts.routes
            if r["leika"] == leika and gebiet.startswith(r["ars"][: len(gebiet)])
        ]
        self._antwort(
            200,
            {
                "count": len(treffer),
                "offset": 0,
                "totalCount": len(treffer),
                "routes": [
                    {
                        "destinationId": r["destinationId"],
                        "destinationSignature": ts.routing_signatur(r["destinationId"]),
                        "destinationName": r["name"],
                    }
                    for r in treffer
                ],
            },
        )


_ROUTEN: dict[str, tuple[tuple[str, str], ...]] = {
    "GET": (
        (r"/v1/submissions", "list_submissions"),
        (rf"/v1/submissions/({_UUID})", "get_submission"),
        (rf"/v1/submissions/({_UUID})/attachments/({_UUID})", "get_attachment"),
        (rf"/v1/cases/({_UUID})/events", "get_events"),
        (rf"/v1/destinations/({_UUID})", "get_destination"),
        (rf"/v1/destinations/({_UUID})/keys/([^/]{{8,64}})", "get_key"),
        (r"/\.well-known/jwks\.json", "jwks"),
        (r"/routing/v1/routes", "routes"),
    ),
    "POST": (
        (r"/token", "token"),
        (r"/v1/submissions", "create_submission"),
        (rf"/v1/cases/({_UUID})/events", "post_event"),
    ),
    "PUT": (
        (rf"/v1/submissions/({_UUID})", "submit"),
        (rf"/v1/submissions/({_UUID})/attachments/({_UUID})", "put_attachment"),
    ),
}


# -- the sender side -------------------------------------------------------------------------


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
