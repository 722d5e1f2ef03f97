"""Settings of the fitconnect app (read from the environment in rathaus.config.settings,
section "FIT-Connect (fitconnect)"), read at call time. Private keys come from files or
the environment, never from the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import RSAKey

from .client import RoutingApi, SubmissionApi, Zugang


def aktiv() -> bool:
    """The subscriber plugin runs when a destination id is set."""
    return bool(settings.RATHAUS_FITCONNECT_DESTINATION_ID)


def destination_id() -> str:
    return str(settings.RATHAUS_FITCONNECT_DESTINATION_ID).lower()


def callback_secret() -> str:
    return str(settings.RATHAUS_FITCONNECT_CALLBACK_SECRET)


def max_anlage_bytes() -> int:
    return int(settings.RATHAUS_FITCONNECT_MAX_ANLAGE_BYTES)


def abruf_sekunden() -> int:
    return int(settings.RATHAUS_FITCONNECT_ABRUF_SEKUNDEN)


def metadaten_schema_ordner() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "fitconnect"


@dataclass(frozen=True)
class Schluessel:
    """The destination's private keys: up to two active decryption keys (RSA-OAEP-256,
    rotation) and the signing key of its SETs (PS512)."""

    entschluesseln: tuple[RSAKey, ...]
    signieren: RSAKey | None


def _jwks_aus(text: str, herkunft: str) -> list[dict]:
    try:
        daten = json.loads(text)
    except ValueError:
        raise ImproperlyConfigured(f"{herkunft}: kein JSON (JWK oder JWKS erwartet)") from None
    return list(daten["keys"]) if isinstance(daten, dict) and "keys" in daten else [daten]


@lru_cache(maxsize=4)
def _schluessel_laden(dateien: tuple[str, ...], wert: str) -> Schluessel:
    roh: list[dict] = []
    for pfad in dateien:
        roh += _jwks_aus(Path(pfad).read_text(encoding="utf-8"), pfad)
    if wert:
        roh += _jwks_aus(wert, "RATHAUS_FITCONNECT_SCHLUESSEL_JSON")
    entschluesseln, signieren = [], None
    for d in roh:
        key = RSAKey.import_key(d)
        if not key.is_private:
            raise ImproperlyConfigured(f"FIT-Connect-Schlüssel {key.kid!r} ist nicht privat")
        if d.get("alg") == "PS512" or "sign" in d.get("key_ops", []):
            signieren = key
        else:
            entschluesseln.append(key)
    if len(entschluesseln) > 2:
        raise ImproperlyConfigured("Höchstens zwei aktive Entschlüsselungsschlüssel (Rotation)")
    return Schluessel(tuple(entschluesseln), signieren)


def schluessel() -> Schluessel:
    return _schluessel_laden(
        tuple(settings.RATHAUS_FITCONNECT_SCHLUESSEL_DATEIEN),
        str(settings.RATHAUS_FITCONNECT_SCHLUESSEL_JSON),
    )


_apis: dict[tuple[str, ...], SubmissionApi] = {}


def submission_api(*, sender: bool = False) -> SubmissionApi:
    """The Submission API with the receiver's (or, for forwarding, the sender's) client."""
    if sender:
        cid, secret = (
            settings.RATHAUS_FITCONNECT_SENDER_CLIENT_ID,
            settings.RATHAUS_FITCONNECT_SENDER_CLIENT_SECRET,
        )
    else:
        cid, secret = (
            settings.RATHAUS_FITCONNECT_CLIENT_ID,
            settings.RATHAUS_FITCONNECT_CLIENT_SECRET,
        )
    schluessel_ = (
        settings.RATHAUS_FITCONNECT_TOKEN_URL,
        cid,
        secret,
        settings.RATHAUS_FITCONNECT_SUBMISSION_URL,
    )
    if schluessel_ not in _apis:
        _apis[schluessel_] = SubmissionApi(
            Zugang(
                token_url=schluessel_[0],
                client_id=cid,
                client_secret=secret,
                submission_url=schluessel_[3],
            )
        )
    return _apis[schluessel_]


def routing_api() -> RoutingApi:
    return RoutingApi(settings.RATHAUS_FITCONNECT_ROUTING_URL)
