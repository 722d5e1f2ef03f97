"""The local FIT-Connect test server on loopback, our destination with its real keys, and
a Leistung whose Formular is a real FIM schema of ../shared/data/fim."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from joserfc.jwk import RSAKey

from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox
from rathaus.fitconnect import conf
from rathaus.fitconnect.testserver import Absender, FitConnectTestserver

from .helfer import LEIKA, SCHEMA, Welt, welt_anlegen  # noqa: F401

SECRET = "c" * 40


def _key(kid: str, alg: str) -> RSAKey:
    return RSAKey.generate_key(4096, parameters={"kid": kid, "alg": alg})


@dataclass
class Schluessel:
    alt: RSAKey
    neu: RSAKey
    signatur: RSAKey
    fremd: RSAKey


@pytest.fixture(scope="session")
def schluessel() -> Schluessel:
    return Schluessel(
        alt=_key("enc-alt-0001", "RSA-OAEP-256"),
        neu=_key("enc-neu-0002", "RSA-OAEP-256"),
        signatur=_key("sig-0000001", "PS512"),
        fremd=_key("enc-fremd-03", "RSA-OAEP-256"),
    )


@pytest.fixture(scope="session")
def server():
    s = FitConnectTestserver(key_bits=2048)
    s.start()
    yield s
    s.stop()


@dataclass
class Zustellpunkt:
    destination_id: str
    client_id: str
    client_secret: str


@pytest.fixture
def zustellpunkt(server, schluessel, settings) -> Zustellpunkt:
    dest = server.destination_add(
        encryption_keys=[schluessel.neu, schluessel.alt],
        signing_keys=[schluessel.signatur],
        leika=[LEIKA],
        name="Hansestadt Stralsund",
        callback_secret=SECRET,
    )
    cid, secret = server.client_add(f"subscribe:destination:{dest}")
    settings.RATHAUS_FITCONNECT_DESTINATION_ID = dest
    settings.RATHAUS_FITCONNECT_TOKEN_URL = server.url + "/token"
    settings.RATHAUS_FITCONNECT_SUBMISSION_URL = server.url
    settings.RATHAUS_FITCONNECT_ROUTING_URL = server.url + "/routing/v1"
    settings.RATHAUS_FITCONNECT_CLIENT_ID = cid
    settings.RATHAUS_FITCONNECT_CLIENT_SECRET = secret
    settings.RATHAUS_FITCONNECT_CALLBACK_SECRET = SECRET
    settings.RATHAUS_FITCONNECT_SCHLUESSEL_DATEIEN = []
    settings.RATHAUS_FITCONNECT_SCHLUESSEL_JSON = json.dumps(
        {
            "keys": [
                k.as_dict(private=True)
                for k in (schluessel.alt, schluessel.neu, schluessel.signatur)
            ]
        }
    )
    sid, ssecret = server.client_add("send:region:DE13")
    settings.RATHAUS_FITCONNECT_SENDER_CLIENT_ID = sid
    settings.RATHAUS_FITCONNECT_SENDER_CLIENT_SECRET = ssecret
    return Zustellpunkt(dest, cid, secret)


@pytest.fixture
def welt(db) -> Welt:
    return welt_anlegen()


@pytest.fixture
def absender(server) -> Absender:
    return Absender(server)


def alles_zustellen(runden: int = 10) -> None:
    """Deliver every due outbox row (as the worker does), until none is left."""
    for _ in range(runden):
        if not core_outbox.outbox_sweep():
            return


def offen() -> list[str]:
    return list(Outbox.objects.filter(delivered_at__isnull=True).values_list("consumer", flat=True))


@pytest.fixture(autouse=True)
def _caches():
    conf._schluessel_laden.cache_clear()
    conf._apis.clear()
    yield
