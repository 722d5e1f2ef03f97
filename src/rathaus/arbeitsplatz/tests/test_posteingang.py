"""Posteingang: filing incoming post, and hostile uploads that must store nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from rathaus.akten.models import Anlage, Blob, Dokument, Version, Vorgang
from rathaus.akten.tests import factories as af
from rathaus.antraege.tests.conftest import SIGNATUR, clamd_fake  # noqa: F401 - fixture

from .conftest import Welt, angemeldet

pytestmark = pytest.mark.django_db
URL = "/arbeitsplatz/posteingang/"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    ort = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(ort)},
        },
    }
    return ort


def _daten(welt: Welt, **aenderung: Any) -> dict[str, Any]:
    daten = {
        "ziel": f"vorgang:{welt.vorgang.pk}",
        "betreff": "Widerspruch gegen den Bescheid",
        "absender": "Erika Musterfrau, Stralsund",
        "eingangsdatum": "2026-03-02",
        "personenbezogen": "on",
        "dateien": [
            SimpleUploadedFile("widerspruch.pdf", af.pdf("Ich widerspreche Zwergpudel"), "x/y")
        ],
    }
    daten.update(aenderung)
    return daten


def _dateien(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_posteingang_in_vorhandenen_vorgang(welt: Welt, media: Path) -> None:
    client = angemeldet(welt.sb)
    assert client.get(URL).status_code == 200
    scan = SimpleUploadedFile("seite2.png", af.png("Seite zwei"), "image/png")
    daten = _daten(welt)
    daten["dateien"].append(scan)
    response = client.post(URL, daten)
    assert response.status_code == 302, response.content.decode()[:3000]
    dokument = Dokument.objects.get(betreff="Widerspruch gegen den Bescheid")
    assert dokument.art == "eingang" and dokument.personenbezogen
    assert str(dokument.posteingangsdatum) == "2026-03-02"
    assert dokument.vorgang_id == welt.vorgang.pk
    assert Anlage.objects.get(dokument=dokument).bezeichnung == "seite2.png"
    # The text layer of the PDF is searchable right away.
    suche = client.get("/arbeitsplatz/suche/", {"q": "Zwergpudel"})
    assert "Widerspruch gegen den Bescheid" in suche.content.decode()


def test_posteingang_in_neuen_vorgang(welt: Welt, media: Path) -> None:
    client = angemeldet(welt.sb)
    response = client.post(
        URL, _daten(welt, ziel=f"akte:{welt.akte.pk}", neuer_vorgang="Widerspruch 2026")
    )
    assert response.status_code == 302
    vorgang = Vorgang.objects.get(betreff="Widerspruch 2026")
    assert vorgang.akte_id == welt.akte.pk
    assert vorgang.dokumente.count() == 1


def test_neuer_vorgang_braucht_betreff(welt: Welt, media: Path) -> None:
    response = angemeldet(welt.sb).post(URL, _daten(welt, ziel=f"akte:{welt.akte.pk}"))
    assert response.status_code == 400
    assert 'href="#id_neuer_vorgang"' in response.content.decode()
    assert not Vorgang.objects.exclude(pk=welt.vorgang.pk).exists()


def _zustand() -> tuple[int, int, int, int]:
    return (
        Dokument.objects.count(),
        Version.objects.count(),
        Blob.objects.count(),
        Vorgang.objects.count(),
    )


FEINDLICH = {
    "falscher_inhalt": ("bescheid.pdf", b"MZ\x90\x00 this is a windows program"),
    "png_als_pdf": ("scan.pdf", None),
    "leer": ("leer.pdf", b""),
    "keine_endung": ("passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
    "ausfuehrbar": ("rechnung.pdf.exe", b"MZ\x90\x00"),
    "versteckt": (".htaccess", b"Deny from all\n"),
}


@pytest.mark.parametrize("fall", list(FEINDLICH))
def test_feindliche_uploads_werden_abgewiesen(fall: str, welt: Welt, media: Path) -> None:
    name, inhalt = FEINDLICH[fall]
    if inhalt is None:
        inhalt = af.png("kein pdf")
    client = angemeldet(welt.sb)
    vorher, dateien_vorher = _zustand(), _dateien(media)
    gut = SimpleUploadedFile("gut.pdf", af.pdf("gut"), "application/pdf")
    schlecht = SimpleUploadedFile(name, inhalt, "application/pdf")
    # The bad file is the second one: the first must not be stored either.
    response = client.post(URL, _daten(welt, dateien=[gut, schlecht]))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_dateien"' in text and 'aria-invalid="true"' in text
    assert _zustand() == vorher
    assert _dateien(media) == dateien_vorher


def test_zu_grosse_datei(welt: Welt, media: Path, settings: Any) -> None:
    settings.RATHAUS_AKTEN_MAX_BYTES = 1024
    response = angemeldet(welt.sb).post(URL, _daten(welt))
    assert response.status_code == 400
    assert "größer als" in response.content.decode()
    assert _zustand()[0] == 1 and not _dateien(media)


def _roh(client: Client, dateiname: str, inhalt: bytes, welt: Welt) -> Any:
    """A multipart body written by hand, so the file name reaches the server unchanged."""
    felder = {k: v for k, v in _daten(welt).items() if k != "dateien"}
    body = encode_multipart(BOUNDARY, felder).decode("latin-1")
    ende = f"--{BOUNDARY}--\r\n"
    teil = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="dateien"; filename="{dateiname}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    roh = (
        body.replace(ende, "").encode("latin-1") + teil.encode() + inhalt + b"\r\n" + ende.encode()
    )
    return client.generic("POST", URL, roh, content_type=MULTIPART_CONTENT)


@pytest.mark.parametrize("name", ["../../../etc/passwd", "..", "..\\..\\boot.ini", "/etc/shadow"])
def test_pfad_im_dateinamen(name: str, welt: Welt, media: Path) -> None:
    client = angemeldet(welt.sb)
    vorher = _zustand()
    response = _roh(client, name, af.pdf("boese"), welt)
    assert response.status_code == 400
    assert 'href="#id_dateien"' in response.content.decode()
    assert _zustand() == vorher and not _dateien(media)


def test_pfad_mit_pdf_endung_landet_nur_unter_dem_hash(welt: Welt, media: Path) -> None:
    """Django's parser keeps only the last path segment; the content is stored under its
    SHA-256, never under a name from the request."""
    response = _roh(angemeldet(welt.sb), "../../x/../brief.pdf", af.pdf("brief"), welt)
    assert response.status_code == 302
    version = Version.objects.get(dokument__betreff="Widerspruch gegen den Bescheid")
    assert version.dateiname == "brief.pdf"
    assert [p.name for p in _dateien(media)] == [version.blob_id]


def test_incoming_post_goes_through_the_virus_scanner(
    welt: Welt,
    media: Path,
    settings: Any,
    clamd_fake: str,  # noqa: F811 - the fixture imported above
) -> None:
    """Letters and emails of citizens are uploads from outside like an Antrag's files:
    with the scanner on, a file with a signature is refused and nothing is filed."""
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    settings.RATHAUS_CLAMD_ADRESSE = clamd_fake
    client = angemeldet(welt.sb)
    daten = _daten(welt)
    befallen = af.pdf("Anlage") + SIGNATUR
    daten["dateien"].append(SimpleUploadedFile("anlage.pdf", befallen, "application/pdf"))
    vorher = Dokument.objects.count()
    response = client.post(URL, daten)
    assert response.status_code == 400
    seite = response.content.decode()
    assert "anlage.pdf enthält Schadsoftware und wurde nicht abgelegt" in seite
    assert Dokument.objects.count() == vorher and not _dateien(media)
    # A clean letter is filed as before, and the scanner unreachable refuses with a message.
    assert client.post(URL, _daten(welt)).status_code == 302
    settings.RATHAUS_CLAMD_ADRESSE = "tcp:127.0.0.1:1"
    response = client.post(URL, _daten(welt, betreff="Zweiter Brief"))
    assert response.status_code == 400
    assert "konnte gerade nicht auf Schadsoftware geprüft werden" in response.content.decode()
    assert not Dokument.objects.filter(betreff="Zweiter Brief").exists()
