"""What the test server keeps in memory: destinations and submissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from joserfc.jwk import RSAKey


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


def _oeffentlich(key: RSAKey, op: str, alg: str) -> dict[str, Any]:
    d = dict(key.as_dict(private=False))
    d.update({"key_ops": [op], "alg": alg, "x5c": d.get("x5c") or []})
    return d
