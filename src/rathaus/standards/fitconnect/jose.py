"""JOSE of FIT-Connect with joserfc: JWE (RSA-OAEP-256 + A256GCM) for metadata, data and
attachments; Security Event Tokens (PS512) for the event log; the HMAC of callbacks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from joserfc import jwe, jwt
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import KeySet, RSAKey

from .fehler import ENCRYPTION_ISSUE, CallbackFehler, FitConnectFehler, Problem, SetFehler

JWE_ALG, JWE_ENC, SET_ALG = "RSA-OAEP-256", "A256GCM", "PS512"
SET_TYP = "secevent+jwt"
SET_SCHEMA = "https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json"
_SET_SCHEMA_MUSTER = re.compile(
    r"^https://schema\.fitko\.de/fit-connect/set-payload/1\.\d+\.\d+/set-payload\.schema\.json$"
)
EVENT_BASIS = "https://schema.fitko.de/fit-connect/events/"
EVENTS = (
    "create-submission",
    "submit-submission",
    "notify-submission",
    "forward-submission",
    "accept-submission",
    "reject-submission",
    "delete-submission",
)
MIT_TAGS = ("submit-submission", "notify-submission", "accept-submission", "reject-submission")
IAT_MIN = 1577833200
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_SUB = re.compile(rf"^(submission|reply):({_UUID})$")
_TXN = re.compile(rf"^case:({_UUID})$")


def _b64(teil: str) -> bytes:
    return base64.urlsafe_b64decode(teil + "=" * (-len(teil) % 4))


# -- JWE ------------------------------------------------------------------------------------


def jwe_header(token: str, *, teil: str) -> dict[str, Any]:
    """The protected header of a compact JWE, checked before anything is decrypted."""
    stuecke = token.split(".") if isinstance(token, str) else []
    if len(stuecke) != 5:
        raise FitConnectFehler(ENCRYPTION_ISSUE, teil, "Kein JWE in kompakter Serialisierung.")
    try:
        header = json.loads(_b64(stuecke[0]))
    except (ValueError, binascii.Error):
        raise FitConnectFehler(ENCRYPTION_ISSUE, teil, "JWE-Header unlesbar.") from None
    if not isinstance(header, dict):
        raise FitConnectFehler(ENCRYPTION_ISSUE, teil, "JWE-Header ist kein Objekt.")
    if "zip" in header:
        # A compressed payload could inflate to any size (a decompression bomb).
        raise FitConnectFehler(
            ENCRYPTION_ISSUE, teil, "Komprimierte Inhalte (JWE-Header zip) werden abgelehnt."
        )
    if header.get("alg") != JWE_ALG or header.get("enc") != JWE_ENC:
        raise FitConnectFehler(
            ENCRYPTION_ISSUE,
            teil,
            f"Erwartet alg {JWE_ALG} und enc {JWE_ENC}, "
            f"erhalten {str(header.get('alg'))[:40]}/{str(header.get('enc'))[:40]}.",
        )
    return header


def _fuer_jwe(key: RSAKey) -> RSAKey:
    """FIT-Connect's keys say ``key_ops: [wrapKey]`` / ``[unwrapKey]``; joserfc checks the
    content operation ("encrypt"/"decrypt") instead, so the list is dropped for the call."""
    if key.get("key_ops") is None:
        return key
    daten = dict(key.as_dict(private=key.is_private))
    daten.pop("key_ops", None)
    return RSAKey.import_key(daten)


def authentication_tag(token: str) -> str:
    """The last part of a compact JWE (RFC 7516 §7.1), as the events carry it."""
    return token.rsplit(".", 1)[-1]


STANDARD_MAX_BYTES = 64 * 1024 * 1024


def _registry(max_bytes: int | None) -> JWERegistry:
    """joserfc refuses ciphertexts above 64 KB by default; FIT-Connect attachments are
    larger. The limit becomes the configured one (the token length was checked before)."""
    registry = JWERegistry(algorithms=[JWE_ALG, JWE_ENC])
    registry.max_ciphertext_length = (max_bytes or STANDARD_MAX_BYTES) + 64
    return registry


def jwe_decrypt(
    token: str, schluessel: Sequence[RSAKey], *, teil: str, max_bytes: int | None = None
) -> bytes:
    """Decrypt a compact JWE with one of the active private keys (key rotation: the key
    named by ``kid`` first, then the others). ``teil`` names the part in errors
    ("metadata", "data", "attachment:<id>")."""
    if max_bytes is not None and len(token) > max_bytes * 4 // 3 + 4096:
        raise FitConnectFehler(
            ENCRYPTION_ISSUE, teil, f"Der verschlüsselte Inhalt ist größer als {max_bytes} Bytes."
        )
    header = jwe_header(token, teil=teil)
    registry = _registry(max_bytes)
    kid = header.get("kid")
    reihe = [_fuer_jwe(k) for k in sorted(schluessel, key=lambda k: k.kid != kid)]
    for key in reihe:
        try:
            klartext = jwe.decrypt_compact(token, key, registry=registry).plaintext
        except (JoseError, ValueError, TypeError):
            continue
        if klartext is None:
            continue
        if max_bytes is not None and len(klartext) > max_bytes:
            raise FitConnectFehler(
                ENCRYPTION_ISSUE, teil, f"Der Inhalt ist größer als {max_bytes} Bytes."
            )
        return klartext
    raise FitConnectFehler(
        ENCRYPTION_ISSUE,
        teil,
        "Entschlüsselung fehlgeschlagen (falscher Schlüssel oder veränderter Inhalt).",
    )


def jwe_encrypt(klartext: bytes, public_key: RSAKey, *, cty: str = "") -> str:
    """Encrypt for a destination's public encryption key (its ``kid`` in the header)."""
    header: dict[str, Any] = {"alg": JWE_ALG, "enc": JWE_ENC}
    if public_key.kid:
        header["kid"] = public_key.kid
    if cty:
        header["cty"] = cty
    return jwe.encrypt_compact(
        header, klartext, _fuer_jwe(public_key), algorithms=[JWE_ALG, JWE_ENC]
    )


# -- Security Event Tokens -------------------------------------------------------------------


@dataclass(frozen=True)
class SetInhalt:
    """The checked claims of a Security Event Token."""

    jti: str
    iss: str
    iat: int
    subjekt: str  # "submission" or "reply"
    submission_id: str
    case_id: str
    event: str  # short name, e.g. "accept-submission"
    payload: Mapping[str, Any]
    kid: str

    @property
    def problems(self) -> list[dict[str, Any]]:
        return list(self.payload.get("problems") or [])


def set_build(
    *,
    key: RSAKey,
    issuer: str,
    submission_id: str,
    case_id: str,
    event: str,
    authentication_tags: Mapping[str, Any] | None = None,
    problems: Sequence[Problem] = (),
    jti: str | None = None,
    iat: int | None = None,
) -> str:
    """Sign a SET (PS512, typ secevent+jwt, the signing key's kid) for one event."""
    if event not in EVENTS:
        raise ValueError(f"unbekanntes Event {event!r}")
    payload: dict[str, Any] = {}
    if authentication_tags is not None:
        payload["authenticationTags"] = dict(authentication_tags)
    if problems:
        payload["problems"] = [p.als_dict() for p in problems]
    claims = {
        "$schema": SET_SCHEMA,
        "jti": jti or str(uuid.uuid4()),
        "iss": issuer,
        "iat": iat if iat is not None else int(time.time()),
        "sub": f"submission:{submission_id}",
        "txn": f"case:{case_id}",
        "events": {EVENT_BASIS + event: payload},
    }
    header = {"typ": SET_TYP, "alg": SET_ALG, "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=[SET_ALG])


def set_header(token: str) -> dict[str, Any]:
    stuecke = token.split(".") if isinstance(token, str) else []
    if len(stuecke) != 3:
        raise SetFehler("Kein JWT in kompakter Serialisierung.")
    try:
        header = json.loads(_b64(stuecke[0]))
    except (ValueError, binascii.Error):
        raise SetFehler("JWT-Header unlesbar.") from None
    if not isinstance(header, dict):
        raise SetFehler("JWT-Header ist kein Objekt.")
    if header.get("typ") != SET_TYP:
        raise SetFehler(f"header.typ muss {SET_TYP} sein.")
    if header.get("alg") != SET_ALG:
        raise SetFehler(f"header.alg muss {SET_ALG} sein.")
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        raise SetFehler("header.kid fehlt.")
    return header


def _tags_pruefen(payload: Mapping[str, Any], event: str) -> None:
    tags = payload.get("authenticationTags")
    if not isinstance(tags, dict):
        raise SetFehler(f"events.{event}.authenticationTags fehlt.")
    for name in ("metadata", "data"):
        if name in tags and not isinstance(tags[name], str):
            raise SetFehler(f"events.{event}.authenticationTags.{name} ist kein Text.")
    if "metadata" not in tags:
        raise SetFehler(f"events.{event}.authenticationTags.metadata fehlt.")
    if not isinstance(tags.get("attachments", {}), dict):
        raise SetFehler(f"events.{event}.authenticationTags.attachments ist kein Objekt.")


def set_verify(
    token: str,
    keys: KeySet | RSAKey,
    *,
    issuer: str | None = None,
    jetzt: int | None = None,
    toleranz: int = 60,
) -> SetInhalt:
    """Check header, PS512 signature (key chosen by ``kid``) and the claims of a SET;
    raises SetFehler naming the claim."""
    header = set_header(token)
    try:
        if isinstance(keys, KeySet):
            key = keys.get_by_kid(header["kid"])
        else:
            key = keys
            if key.kid and key.kid != header["kid"]:
                raise SetFehler(f"header.kid {header['kid']!r} ist nicht der erwartete Schlüssel.")
        claims = jwt.decode(token, key, algorithms=[SET_ALG]).claims
    except (JoseError, ValueError) as exc:
        raise SetFehler(f"Signatur ungültig: {type(exc).__name__}") from None
    for name in ("jti", "iss", "iat", "sub", "txn", "events"):
        if name not in claims:
            raise SetFehler(f"Claim {name} fehlt.")
    if "$schema" in claims and not _SET_SCHEMA_MUSTER.match(str(claims["$schema"])):
        raise SetFehler("Claim $schema nennt kein SET-Payload-Schema 1.x.")
    try:
        uuid.UUID(str(claims["jti"]))
    except ValueError:
        raise SetFehler("Claim jti ist keine UUID.") from None
    iat = claims["iat"]
    jetzt = int(time.time()) if jetzt is None else jetzt
    if not isinstance(iat, int) or isinstance(iat, bool) or iat < IAT_MIN or iat > jetzt + toleranz:
        raise SetFehler("Claim iat ist keine gültige Zeit.")
    if issuer is not None and claims["iss"] != issuer:
        raise SetFehler(f"Claim iss ist {str(claims['iss'])[:80]!r}, erwartet {issuer!r}.")
    sub = _SUB.match(str(claims["sub"]))
    txn = _TXN.match(str(claims["txn"]))
    if sub is None:
        raise SetFehler("Claim sub hat nicht die Form submission:<uuid>.")
    if txn is None:
        raise SetFehler("Claim txn hat nicht die Form case:<uuid>.")
    events = claims["events"]
    if not isinstance(events, dict) or len(events) != 1:
        raise SetFehler("Claim events muss genau ein Event enthalten.")
    ((uri, payload),) = events.items()
    if not isinstance(uri, str) or not uri.startswith(EVENT_BASIS):
        raise SetFehler("Unbekannte Event-URI.")
    event = uri.removeprefix(EVENT_BASIS)
    if event not in EVENTS or not isinstance(payload, dict):
        raise SetFehler(f"Unbekanntes Event {event[:60]!r}.")
    if event in MIT_TAGS and sub.group(1) == "submission":
        _tags_pruefen(payload, event)
    if event == "reject-submission":
        problems = payload.get("problems")
        if not isinstance(problems, list) or not problems:
            raise SetFehler("events.reject-submission.problems fehlt.")
        for i, p in enumerate(problems):
            if not isinstance(p, dict) or not all(
                isinstance(p.get(k), str) for k in ("type", "title", "detail", "instance")
            ):
                raise SetFehler(f"events.reject-submission.problems[{i}] unvollständig.")
    return SetInhalt(
        jti=str(claims["jti"]),
        iss=str(claims["iss"]),
        iat=iat,
        subjekt=sub.group(1),
        submission_id=sub.group(2).lower(),
        case_id=txn.group(1).lower(),
        event=event,
        payload=payload,
        kid=header["kid"],
    )


# -- Callbacks ------------------------------------------------------------------------------

CALLBACK_MAX_ALTER = 300  # seconds


def callback_signatur(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA-512 over "<timestamp>.<raw body>", lowercase hex."""
    nachricht = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), nachricht, hashlib.sha512).hexdigest()


def callback_pruefen(
    *,
    secret: str,
    timestamp: str | None,
    authentication: str | None,
    body: bytes,
    jetzt: float | None = None,
    max_alter: int = CALLBACK_MAX_ALTER,
) -> int:
    """Check a callback's headers; returns the timestamp. Constant-time comparison; a
    timestamp older than ``max_alter`` seconds (or in the future) is refused."""
    if not secret:
        raise CallbackFehler("Kein Callback-Secret eingerichtet.")
    if not timestamp or not authentication or not timestamp.isdigit() or len(timestamp) > 12:
        raise CallbackFehler("callback-timestamp oder callback-authentication fehlt.")
    erwartet = callback_signatur(secret, timestamp, body)
    if not hmac.compare_digest(erwartet, authentication.strip().lower()):
        raise CallbackFehler("callback-authentication stimmt nicht.")
    zeit = int(timestamp)
    jetzt = time.time() if jetzt is None else jetzt
    if zeit < jetzt - max_alter or zeit > jetzt + 60:
        raise CallbackFehler("callback-timestamp ist älter als 5 Minuten oder in der Zukunft.")
    return zeit
