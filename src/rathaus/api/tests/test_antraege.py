"""POST /api/v1/antraege/ (FIT-Connect shaped) and the Formulare endpoints."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from rathaus.antraege import services
from rathaus.antraege.models import Anlage, Antrag
from rathaus.antraege.tests import helfer
from rathaus.api.antraege_metadaten import SCHEMA_DATEI
from rathaus.config.testdaten import geteilte_daten
from rathaus.core.models import Outbox

URL = "/api/v1/antraege/"


@pytest.fixture
def welt(db, tmp_path: Path) -> helfer.Welt:
    return helfer.welt(tmp_path)


@pytest.fixture
def api(welt) -> APIClient:
    geteilte_daten(SCHEMA_DATEI)  # the FIT-Connect metadata schema of every submission
    _client, token = services.clientsystem_create(
        name="Onlinedienst", scopes=["antraege:einreichen"], actor="test"
    )
    c = APIClient(HTTP_ACCEPT="application/json")
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return c


def sha512(b: bytes) -> str:
    return hashlib.sha512(b).hexdigest()


def einreichung(welt, *, daten=None, anlagen=(), **meta_aenderung):
    """(multipart dict) with metadata whose hashes match data and attachments."""
    anlagen = list(anlagen)
    daten = daten if daten is not None else helfer.daten()
    ids = [str(uuid.uuid4()) for _ in anlagen]
    if anlagen:
        daten = json.loads(json.dumps(daten))
        daten["G99000000001"][helfer.NACHWEIS] = ids[0]
    daten_text = json.dumps(daten, ensure_ascii=False)
    metadaten = {
        "publicServiceType": {"identifier": f"urn:de:fim:leika:leistung:{helfer.LEIKA}"},
        "contentStructure": {
            "data": {
                "hash": {"type": "sha512", "content": sha512(daten_text.encode())},
                "submissionSchema": {
                    "schemaUri": f"https://rathaus.example/api/v1/formulare/{welt.formular.pk}/schema/",
                    "mimeType": "application/json",
                },
            },
            "attachments": [
                {
                    "attachmentId": i,
                    "hash": {"type": "sha512", "content": sha512(inhalt)},
                    "purpose": "attachment",
                    "mimeType": typ,
                    "filename": name,
                }
                for i, (name, inhalt, typ) in zip(ids, anlagen, strict=True)
            ],
        },
    }
    for pfad, wert in meta_aenderung.items():
        ziel = metadaten
        teile = pfad.split("__")
        for t in teile[:-1]:
            ziel = ziel[int(t)] if t.isdigit() else ziel[t]
        ziel[teile[-1]] = wert
    body = {"metadata": json.dumps(metadaten), "data": daten_text}
    for i, (name, inhalt, typ) in zip(ids, anlagen, strict=True):
        body[i] = SimpleUploadedFile(name, inhalt, content_type=typ)
    return body


def post(api, body, key="schluessel-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(URL, body, format="multipart", **headers)


def _nichts_gespeichert():
    assert (
        not Antrag.objects.exists() and not Anlage.objects.exists() and not Outbox.objects.exists()
    )


def test_submit_with_attachment(api, welt):
    pdf = helfer.pdf()
    antwort = post(api, einreichung(welt, anlagen=[("nachweis.pdf", pdf, "application/pdf")]))
    assert antwort.status_code == 201, antwort.json()
    body = antwort.json()
    assert body["aktenzeichen"].startswith("STR-") and body["status"] == "eingegangen"
    assert body["anlagen"][0]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert body["anlagen"][0]["feld"] == helfer.NACHWEIS
    antrag = Antrag.objects.get()
    assert antrag.kanal == "api" and antrag.clientsystem.name == "Onlinedienst"
    assert antrag.metadaten["publicServiceType"]["identifier"].endswith(helfer.LEIKA)


def test_same_key_same_request_is_idempotent_and_other_request_conflicts(api, welt):
    body = einreichung(welt)
    erste = post(api, body)
    zweite = post(api, einreichung(welt))
    assert (erste.status_code, zweite.status_code) == (201, 200)
    assert erste.json()["aktenzeichen"] == zweite.json()["aktenzeichen"]
    anders = post(api, einreichung(welt, daten=helfer.daten(F99000000002="Eva")))
    assert anders.status_code == 409 and "Idempotency-Key" in anders.json()
    assert Antrag.objects.count() == 1


@pytest.mark.parametrize("auth", [None, "Bearer falsch", "Basic abc", "Bearer "])
def test_unauthenticated_is_401(welt, auth):
    c = APIClient()
    if auth:
        c.credentials(HTTP_AUTHORIZATION=auth)
    antwort = post(c, einreichung(welt))
    assert antwort.status_code == 401 and antwort["WWW-Authenticate"].startswith("Bearer")
    _nichts_gespeichert()


def test_token_without_scope_is_403_and_inactive_is_401(welt):
    client, token = services.clientsystem_create(name="Nur lesen", scopes=[], actor="test")
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert post(c, einreichung(welt)).status_code == 403
    client.aktiv = False
    client.save()
    assert post(c, einreichung(welt)).status_code == 401
    _nichts_gespeichert()


@pytest.mark.parametrize(
    ("aenderung", "feld"),
    [
        (
            {"contentStructure__data__hash__content": "0" * 128},
            "metadata.contentStructure.data.hash",
        ),
        (
            {"contentStructure__data__hash__content": "xyz"},
            "metadata.contentStructure.data.hash.content",
        ),
        (
            {"contentStructure__data__submissionSchema__schemaUri": "https://x.example/s.json"},
            "metadata.contentStructure.data.submissionSchema.schemaUri",
        ),
        (
            {
                "contentStructure__data__submissionSchema__schemaUri": "https://x/api/v1/formulare/999999/schema/"
            },
            "metadata.contentStructure.data.submissionSchema.schemaUri",
        ),
        (
            {"publicServiceType__identifier": "urn:de:fim:leika:leistung:99000000000000"},
            "metadata.publicServiceType.identifier",
        ),
        ({"publicServiceType__identifier": "kein urn"}, "metadata.publicServiceType.identifier"),
        ({"contentStructure__attachments": "keine Liste"}, "metadata.contentStructure.attachments"),
    ],
)
def test_invalid_metadata_names_the_field(api, welt, aenderung, feld):
    antwort = post(api, einreichung(welt, **aenderung))
    assert antwort.status_code == 400 and feld in antwort.json(), antwort.json()
    _nichts_gespeichert()


def test_attachment_hash_mismatch_and_missing_or_extra_parts(api, welt):
    pdf = helfer.pdf()
    body = einreichung(welt, anlagen=[("n.pdf", pdf, "application/pdf")])
    teil = next(k for k in body if k not in ("metadata", "data"))
    body[teil] = SimpleUploadedFile("n.pdf", pdf + b"%manipuliert", content_type="application/pdf")
    antwort = post(api, body)
    assert antwort.status_code == 400 and "SHA-512" in json.dumps(
        antwort.json(), ensure_ascii=False
    )
    assert f"data.{helfer.NACHWEIS}" in antwort.json()
    body = einreichung(welt, anlagen=[("n.pdf", pdf, "application/pdf")])
    del body[teil if teil in body else next(k for k in body if k not in ("metadata", "data"))]
    assert "metadata.contentStructure.attachments[0]" in post(api, body).json()
    body = einreichung(welt)
    body["fremd"] = SimpleUploadedFile("x.pdf", pdf, content_type="application/pdf")
    assert "fremd" in post(api, body).json()
    _nichts_gespeichert()


@pytest.mark.parametrize(
    ("name", "inhalt", "typ", "text"),
    [
        ("n.pdf", b"\x89PNG\r\n\x1a\nxxxx", "application/pdf", "kein PDF"),
        ("../../etc/passwd.pdf", None, "application/pdf", "nicht zulässig"),
        ("n.exe", b"MZ", "application/x-msdownload", "nicht zugelassen"),
    ],
)
def test_bad_attachments_name_the_field(api, welt, name, inhalt, typ, text):
    antwort = post(
        api, einreichung(welt, anlagen=[(name, helfer.pdf() if inhalt is None else inhalt, typ)])
    )
    assert antwort.status_code == 400
    assert text in json.dumps(antwort.json(), ensure_ascii=False)
    _nichts_gespeichert()


@pytest.mark.parametrize(
    ("daten", "feld"),
    [
        (helfer.daten(F99000000009="999"), "data.F99000000009"),
        (helfer.daten(F99000000001="x" * 5000), "data.F99000000001"),
        (helfer.daten(F99000000011="ja"), "data.F99000000011"),
        ({**helfer.daten(), "F00000000000": 1}, "data.F00000000000"),
        ([1, 2], "data"),
    ],
)
def test_invalid_data_names_the_field(api, welt, daten, feld):
    antwort = post(api, einreichung(welt, daten=daten))
    assert antwort.status_code == 400 and feld in antwort.json(), antwort.json()
    _nichts_gespeichert()


@pytest.mark.parametrize("key", [None, "", "x" * 101, "mit leerzeichen", "ä"])
def test_idempotency_key_is_required_and_checked(api, welt, key):
    antwort = post(api, einreichung(welt), key=key)
    assert antwort.status_code == 400 and "Idempotency-Key" in antwort.json()
    _nichts_gespeichert()


def test_broken_json_parts(api, welt):
    antwort = post(api, {"metadata": "{kein json", "data": "{}"})
    assert antwort.status_code == 400 and "metadata" in antwort.json()
    assert "data" in post(api, {"metadata": "{}"}).json()


def test_formulare_list_filter_and_schema(client, welt):
    antwort = client.get("/api/v1/formulare/", {"fim_id": "S99000000001"})
    assert antwort.status_code == 200
    (eintrag,) = antwort.json()["results"]
    assert eintrag["fim_id"] == "S99000000001" and eintrag["leika_schluessel"] == helfer.LEIKA
    assert eintrag["schema_url"].endswith(f"/api/v1/formulare/{welt.formular.pk}/schema/")
    assert client.get("/api/v1/formulare/", {"fim_id": "S00000000000"}).json()["results"] == []
    assert "fim_id" in client.get("/api/v1/formulare/", {"fim_id": "'; drop"}).json()
    schema = client.get(f"/api/v1/formulare/{welt.formular.pk}/schema/").json()
    assert (
        schema["$schema"].startswith("https://json-schema.org/")
        and "G99000000001" in schema["properties"]
    )
    assert client.get("/api/v1/formulare/999999/schema/").status_code == 404
