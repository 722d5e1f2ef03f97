"""Test objects for the antraege app: the synthetic FIM form linked to a Leistung that has
a responsible office and an Aktenplan position, complete data, files."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from rathaus.akten import services as akten
from rathaus.akten.models import AktenplanZuordnung
from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml
from rathaus.katalog.models import Leistung, Zustaendigkeit
from rathaus.konten.models import Buerger
from rathaus.organisation.models import Organisationseinheit

LEIKA = "99123456789012"
NACHWEIS = "F99000000016"


@dataclass
class Welt:
    leistung: Leistung
    formular: Formular
    amt: Organisationseinheit


def welt(tmp_path: Path, *, zuordnung: bool = True, vertrauensniveau: str = "basis") -> Welt:
    amt = Organisationseinheit.objects.create(name="Ordnungsamt", slug="ordnungsamt", art="amt")
    leistung = Leistung.objects.create(
        quelle="test:antrag", name="Testleistung", slug="testleistung", leika_schluessel=LEIKA
    )
    Zustaendigkeit.objects.create(leistung=leistung, organisationseinheit=amt)
    datei = tmp_path / "test.xdf.xml"
    datei.write_bytes(schema_xml())
    formular = formular_import(
        dateien=[datei], actor="test", leistung_schluessel=LEIKA, vertrauensniveau=vertrauensniveau
    )[0].formular
    if zuordnung:
        einheit = akten.aktenplaneinheit_create(
            kennzeichen="32.10.05",
            titel="Testleistungen",
            aufbewahrungsdauer_jahre=10,
            aussonderungsart="V",
            actor="test",
        )
        AktenplanZuordnung.objects.create(leistung=leistung, aktenplaneinheit=einheit)
    return Welt(leistung, formular, amt)


def daten(**aenderungen: Any) -> dict[str, Any]:
    person = {
        "F99000000001": "Musterfrau",
        "F99000000002": "Erika",
        "F99000000003": "1980-05-17",
        "F99000000009": "000",
        "F99000000011": True,
        "F99000000014": "privat",
    }
    person.update(aenderungen)
    return {"G99000000001": person, "G99000000002": {"F99000000020": False}}


def entwurf(formular: Formular, buerger: Buerger | None = None, **aenderungen: Any) -> Entwurf:
    import secrets

    return Entwurf.objects.create(
        formular=formular,
        buerger=buerger,
        daten=daten(**aenderungen),
        token=secrets.token_urlsafe(24),
    )


def buerger(name: str = "erika") -> Buerger:
    user = User.objects.create_user(f"buerger-{name}", password=None)
    return Buerger.objects.create(
        user=user,
        aussteller="https://idp.test",
        sub=name,
        vorname="Erika",
        nachname="Musterfrau",
        email=f"{name}@example.org",
    )


@lru_cache(maxsize=8)
def pdf(text: str = "Nachweis") -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def upload(
    name: str = "nachweis.pdf", inhalt: bytes | None = None, typ: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf() if inhalt is None else inhalt, content_type=typ)


# The input name of the file field "Nachweis" on step 1 of the synthetic form.
NACHWEIS_INPUT = f"G99000000001.{NACHWEIS}"


def ablegen(entwurf: Entwurf, *dateien: SimpleUploadedFile, actor: Any = "test") -> None:
    """Store files for ``entwurf`` the way a step's save does (check, then store inside
    the save's transaction); raises ValidationError keyed by the input name."""
    from django.db import transaction

    from rathaus.formulare.ablage import Upload, ablage

    vorbereitet = ablage().pruefen(
        formular=entwurf.formular,
        entwurf=entwurf,
        uploads=[Upload(NACHWEIS, NACHWEIS_INPUT, d) for d in dateien],
    )
    try:
        with transaction.atomic():
            vorbereitet.speichern(entwurf=entwurf, actor=actor)
    finally:
        vorbereitet.verwerfen()
