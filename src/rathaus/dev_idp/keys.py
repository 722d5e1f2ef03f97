"""The signing key of the development identity provider, kept in the data directory.

Every process of one installation must sign with the same key (the relying party may
fetch the JWKS from another worker), so the key is a file, created once.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from jwt.algorithms import RSAAlgorithm


def _pfad() -> Path:
    return Path(settings.DATA_DIR) / "dev-idp" / "signing-key.pem"


@lru_cache(maxsize=4)
def _laden(pfad: Path) -> rsa.RSAPrivateKey:
    if not pfad.exists():
        pfad.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(pfad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process was first; use its key
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    loaded = serialization.load_pem_private_key(pfad.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise TypeError(f"{pfad} holds no RSA key")
    return loaded


def signing_key() -> rsa.RSAPrivateKey:
    return _laden(_pfad())


def kid() -> str:
    der = (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:12]).decode().rstrip("=")


def jwks() -> dict[str, Any]:
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(signing_key().public_key(), as_dict=True)
    jwk |= {"use": "sig", "alg": "RS256", "kid": kid()}
    return {"keys": [jwk]}
