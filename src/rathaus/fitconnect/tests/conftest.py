"""The local FIT-Connect test server on loopback, our destination with its real keys, and
a Leistung whose Formular is a real FIM schema of ../shared/data/fim."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from joserfc.jwk import RSAKey

from rathaus.akten import services as akten
from rathaus.akten.models import AktenplanZuordnung
from rathaus.config.testdaten import geteilte_daten
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox
from rathaus.fitconnect import conf
from rathaus.fitconnect.testserver import Absender, FitConnectTestserver
from rathaus.formulare.models import Formular
from rathaus.formulare.selectors import json_schema_of
from rathaus.formulare.services import formular_import
from rathaus.katalog.models import Leistung, Zustaendigkeit
from rathaus.organisation.models import Organisationseinheit

LEIKA = "99050012104000"
SCHEMA = "S05000001319"
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


@dataclass
class Welt:
    leistung: Leistung
    formular: Formular
    amt: Organisationseinheit
    schema_uri: str

    def daten(self):
        """Data valid against the Formular's JSON Schema and its FIM rules: the required
        members, then what the rules ask for added and what they exclude removed."""
        from django.core.exceptions import ValidationError

        from rathaus.antraege.daten import daten_pruefen
        from rathaus.fitconnect.testserver import daten_aus_schema

        schema = json_schema_of(formular=self.formular)
        daten, voll = daten_aus_schema(schema), daten_aus_schema(schema, alle=True)
        for _ in range(30):
            try:
                daten_pruefen(formular=self.formular, daten=daten, dateien={})
                return daten
            except ValidationError as exc:
                for fim_id, texte in exc.message_dict.items():
                    if any("nicht vorgesehen" in t for t in texte):
                        pfad = _pfad(daten, fim_id)
                        if pfad is None:
                            raise
                        _knoten(daten, pfad[:-1]).pop(fim_id)
                    else:
                        pfad = _pfad(voll, fim_id)
                        if pfad is None:
                            raise
                        ziel = daten
                        for t in pfad[:-1]:
                            ziel = ziel.setdefault(t, {})
                        ziel[fim_id] = _knoten(voll, pfad)
        raise AssertionError("keine gültigen Daten gefunden")


def _pfad(daten, fim_id, vorne=()):
    """The keys leading to ``fim_id`` in nested data (first occurrence), or None."""
    if isinstance(daten, dict):
        if fim_id in daten:
            return (*vorne, fim_id)
        for k, v in daten.items():
            treffer = _pfad(v, fim_id, (*vorne, k))
            if treffer:
                return treffer
    return None


def _knoten(daten, pfad):
    for t in pfad:
        daten = daten[t]
    return daten


@pytest.fixture
def welt(db) -> Welt:
    amt = Organisationseinheit.objects.create(name="Ordnungsamt", slug="ordnungsamt", art="amt")
    leistung = Leistung.objects.create(
        quelle="test:fitconnect", name="Schaustellung", slug="schaustellung", leika_schluessel=LEIKA
    )
    Zustaendigkeit.objects.create(leistung=leistung, organisationseinheit=amt)
    datei: Path = geteilte_daten("fim", "xdf3", SCHEMA, "schema.xdf.xml")
    formular = formular_import(dateien=[datei], actor="test", leistung_schluessel=LEIKA)[0].formular
    einheit = akten.aktenplaneinheit_create(
        kennzeichen="32.10.05",
        titel="Gewerbe",
        aufbewahrungsdauer_jahre=10,
        aussonderungsart="V",
        actor="test",
    )
    AktenplanZuordnung.objects.create(leistung=leistung, aktenplaneinheit=einheit)
    return Welt(leistung, formular, amt, json_schema_of(formular=formular)["$id"])


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
