"""Files chosen on a step of a form (issue 9): one upload path, one set of limits.

A file chosen on a step is checked and stored as a file of the draft when the step is
saved, listed on that step and on the review page beside its field, and becomes an
Anlage of the Antrag (and so part of the E-Akte) on submission. A refused file is named
on the step with its field, and nothing is saved. The real FIM schema S05000001319
("Erlaubnis zur gewerbsmäßigen Schaustellung von Personen Verlängerung") has its file
fields on step 4 "Nachweise".
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from rathaus.akten import services as akten
from rathaus.akten.models import AktenplanZuordnung, Dokument, Vorgang
from rathaus.antraege.models import Anlage, Antrag, EntwurfAnlage
from rathaus.config.testdaten import geteilte_daten
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll
from rathaus.formulare import bindung
from rathaus.formulare.ablage import Upload, ablage
from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import nachweise_schema_xml
from rathaus.katalog.models import Leistung, Zustaendigkeit
from rathaus.organisation.models import Organisationseinheit

from . import helfer
from .web import absenden

SCHEMA = "S05000001319"
LEIKA = "99050000013190"
UNTERLAGEN = "F05000017890"  # "Unterlagen für die Verlängerung der Erlöschensfrist", 0:*
SONSTIGE = "F05000017309"  # "Sonstige Unterlagen", 0:*, PDF/JPEG/PNG
EINGABE = f"G05000012009.{UNTERLAGEN}"  # the file input's name on step 4
HTML_ID = "f-G05000012009-F05000017890"
LABEL = "„Unterlagen für die Verlängerung der Erlöschensfrist“"

SCHRITT_2 = {
    "G05000012005.F05000017885": "true",
    "G05000012005.F05000017886": "false",
    "G05000012006.F60000000292": "Ordnungsamt Rostock",
    "G05000012006.F05000017505": "2020-03-01",
    "G05000012006.F05000018051": "32.10-2020-17",
    "G05000012006.F05000017888": "Krankheit des Inhabers",
    "G05000013300.F05000017889": "true",
}
_U, _W, _P = "G05000012723", "G05000012857", "G05000012016"
SCHRITT_3 = {
    f"{_U}.F05000017511": "221110",  # Rechtsformen 2.4: Gesellschaft mit beschränkter Haftung
    f"{_U}.F05000017763": "Schau GmbH",
    f"{_W}.G05000013419.0.F05000019734": "001",
    f"{_W}.G05000013419.0.F60000000243": "Hauptstraße",
    f"{_W}.G05000013419.0.F60000000246": "18055",
    f"{_W}.G05000013419.0.F60000000247": "Rostock",
    f"{_W}.G05000011747.F60000000240.0": "0381 123456",
    f"{_P}.F60000000228": "Erika",
    f"{_P}.F60000000227": "Musterfrau",
    f"{_P}.G60000000083.F60000000233": "1980",
    f"{_P}.F60000000234": "Rostock",
    f"{_P}.F60000000235": "000",  # Destatis Staat: Deutschland
    f"{_P}.F60000000236.0": "000",  # Destatis Staatsangehörigkeit: deutsch
    f"{_P}.G05000011492.F60000000263": "001",
    f"{_P}.G05000011492.G05000013177.F60000000243": "Hauptstraße",
    f"{_P}.G05000011492.G05000013177.F60000000246": "18055",
    f"{_P}.G05000011492.G05000013177.F60000000247": "Rostock",
    f"{_P}.G05000011747.F60000000240.0": "0381 123456",
}


@pytest.fixture
def formular(db: Any) -> Formular:
    """The real schema, linked to a Leistung with a responsible office and an Aktenplan
    position (so a submitted Antrag is filed in the E-Akte)."""
    datei = geteilte_daten("fim", "xdf3", SCHEMA, "schema.xdf.xml")
    amt = Organisationseinheit.objects.create(name="Ordnungsamt", slug="ordnungsamt", art="amt")
    leistung = Leistung.objects.create(
        quelle="test:schaustellung",
        name="Schaustellung von Personen, Verlängerung",
        slug="schaustellung",
        leika_schluessel=LEIKA,
    )
    Zustaendigkeit.objects.create(leistung=leistung, organisationseinheit=amt)
    einheit = akten.aktenplaneinheit_create(
        kennzeichen="32.10.06",
        titel="Gewerbe",
        aufbewahrungsdauer_jahre=10,
        aussonderungsart="V",
        actor="test",
    )
    AktenplanZuordnung.objects.create(leistung=leistung, aktenplaneinheit=einheit)
    return formular_import(dateien=[datei], actor="test", leistung_schluessel=LEIKA)[0].formular


def _url(formular: Formular, nr: int) -> str:
    return reverse("formulare:schritt", args=[formular.pk, nr])


def _codes(formular: Formular) -> dict[str, list[str]]:
    """Field id → the codes of its value list (fields with a code list only)."""
    from rathaus.formulare.definition import definition
    from rathaus.standards.xdatenfelder import Datenfeld
    from rathaus.standards.xdatenfelder.model import iter_elements

    return {
        k.element.id: [c.code for c in k.element.werte]
        for k, _p in iter_elements(definition(formular).schema.struktur)
        if isinstance(k.element, Datenfeld) and k.element.werte
    }


def _schritte_1_bis_3(client: Client, formular: Formular) -> None:
    codes = _codes(formular)

    def wert(name: str, text: str) -> str:
        """``text``, or for a field with a code list whose codes it is not, the first."""
        feld = next(t for t in reversed(name.split(".")) if not t.isdigit())
        liste = codes.get(feld)
        return liste[0] if liste and text not in liste else text

    for nr, daten in ((1, {}), (2, SCHRITT_2), (3, SCHRITT_3)):
        gruppe = {2: "G05000012707.", 3: "G05000012012."}.get(nr, "")
        post = {f"{gruppe}{k}": wert(k, v) for k, v in daten.items()}
        antwort = client.post(_url(formular, nr), {**post, "_aktion": "weiter"})
        assert antwort.status_code == 302, (nr, _fehlertexte(antwort))


def _fehlertexte(antwort: Any) -> list[str]:
    seite = html.unescape(antwort.content.decode())
    return re.findall(r'<li><a class="kern-link" href="[^"]*">([^<]*)</a></li>', seite)


def _entwurf(client: Client) -> Entwurf | None:
    pks = [pk for _formular, pk in bindung.gebunden(client.session)]
    return Entwurf.objects.get(pk=pks[0]) if pks else None


def _abschnitt(seite: str, nr: int) -> str:
    """The review page's section of step ``nr``."""
    start = seite.index(f'id="abschnitt-{nr}"')
    return seite[start : seite.index("</section>", start)]


def _pdf(name: str = "nachweis.pdf", text: str = "Nachweis Erika Musterfrau") -> Any:
    return SimpleUploadedFile(name, helfer.pdf(text), content_type="application/pdf")


def _pdf_bytes(name: str, inhalt: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, inhalt, content_type="application/pdf")


def _hochladen(client: Client, formular: Formular, *dateien: Any, **weitere: Any) -> Any:
    daten: dict[str, Any] = {"_aktion": "speichern"}
    if dateien:
        daten[EINGABE] = list(dateien)
    daten.update(weitere)
    return client.post(_url(formular, 4), daten)


# -- the whole path with the real schema --------------------------------------------------


def test_pdf_on_step_4_is_listed_on_the_step_and_the_review_and_becomes_an_anlage(
    formular, gespeichert
):
    client = Client()
    _schritte_1_bis_3(client, formular)
    inhalt = helfer.pdf("Ärztliches Attest")
    datei = SimpleUploadedFile("attest.pdf", inhalt, content_type="application/pdf")
    antwort = client.post(_url(formular, 4), {EINGABE: datei, "_aktion": "weiter"})
    assert antwort.status_code == 302, _fehlertexte(antwort)
    assert antwort["Location"] == reverse("formulare:pruefen", args=[formular.pk])

    # stored as a file of the draft: private storage, sniffed type, SHA-256, field
    entwurf = _entwurf(client)
    anlage = EntwurfAnlage.objects.get(entwurf=entwurf)
    assert (anlage.feld, anlage.dateiname, anlage.mediatyp) == (
        UNTERLAGEN,
        "attest.pdf",
        "application/pdf",
    )
    assert anlage.sha256 == hashlib.sha256(inhalt).hexdigest() and anlage.groesse == len(inhalt)
    assert anlage.speichername in gespeichert() and "attest" not in anlage.speichername
    assert anlage.bezeichnung == "Unterlagen für die Verlängerung der Erlöschensfrist"

    # the step shows it: name, size, a remove button; the form sends files
    schritt = html.unescape(client.get(_url(formular, 4)).content.decode())
    assert 'enctype="multipart/form-data"' in schritt
    assert "attest.pdf" in schritt and f'value="datei_weg:{anlage.pk}"' in schritt
    assert re.search(r"attest\.pdf</span> <span[^>]*>\(\d+(,\d)? KB\)</span>", schritt)
    assert f'id="{HTML_ID}-dateien"' in schritt

    # the review page lists it in step 4's section beside its label; no second upload
    seite = html.unescape(
        client.get(reverse("formulare:pruefen", args=[formular.pk])).content.decode()
    )
    abschnitt = _abschnitt(seite, 4)
    assert "Keine Angaben" not in abschnitt
    assert re.search(
        r"Unterlagen für die Verlängerung der Erlöschensfrist</dt>\s*"
        r'<dd class="antworten__wert[^"]*">attest\.pdf \(\d+(,\d)? KB\)',
        abschnitt,
    )
    assert 'type="file"' not in seite and "Nachweise und Anlagen" not in seite
    assert "Der Antrag ist noch nicht vollständig" not in seite

    assert absenden(client, entwurf).status_code == 303
    antrag = Antrag.objects.get()
    (eingereicht,) = antrag.anlagen.all()
    assert (eingereicht.nummer, eingereicht.feld, eingereicht.dateiname) == (
        1,
        UNTERLAGEN,
        "attest.pdf",
    )
    assert eingereicht.sha256 == anlage.sha256
    assert eingereicht.speichername == anlage.speichername  # the stored file, handed over
    assert not EntwurfAnlage.objects.exists()
    with default_storage.open(eingereicht.speichername, "rb") as f:
        assert f.read() == inhalt

    # ... and into the E-Akte, as every Anlage
    row = Outbox.objects.get(consumer="eingang")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    dokument = Dokument.objects.get(vorgang=Vorgang.objects.get(verfahren_ref=antrag.aktenzeichen))
    hashes = {v.blob_id for a in dokument.anlagen.all() for v in a.versionen.all()}
    assert hashlib.sha256(inhalt).hexdigest() in hashes


def test_step_4_states_the_limits_the_store_enforces(formular):
    """The FIM help text says "20MB" and "JPG, PNG und PDF"; the store allows 10 MB (the
    default of RATHAUS_ANTRAEGE_MAX_DATEI_BYTES beats the field's 20 MB) and, for a field
    without media types of its own, the configured types. The page says what is enforced."""
    seite = html.unescape(Client().get(_url(formular, 4)).content.decode())
    hinweis = re.search(rf'<div class="kern-hint" id="{HTML_ID}-hinweis">(.*?)</div>', seite, re.S)
    assert hinweis is not None
    text = hinweis.group(1)
    assert "Laden Sie die Unterlagen, die das Vorliegen eines wichtigen Grundes" in text
    assert "20MB" not in text and "20 MB" not in seite and "Dateiformate" not in seite
    assert "Erlaubt: PDF, PNG, JPG, TIF, höchstens 10 MB je Datei" in text
    assert "zusammen höchstens 25 MB" in text
    assert "Erlaubt: PDF, PNG, JPG, höchstens 10 MB je Datei" in seite  # "Sonstige Unterlagen"
    eingabe = re.search(rf'<input[^>]*id="{HTML_ID}"[^>]*>', seite)
    assert eingabe is not None
    assert f'name="{EINGABE}"' in eingabe.group(0) and " multiple" in eingabe.group(0)
    assert 'accept="application/pdf,image/png,image/jpeg,image/tiff,.pdf,.png,' in eingabe.group(0)
    assert "Weitere Angabe" not in seite  # one input takes all files of the field
    # the limits the hint states are those the checks use
    grenzen = ablage().grenzen(formular=formular)
    assert grenzen[UNTERLAGEN].max_bytes == 10 * 1024 * 1024
    assert grenzen[SONSTIGE].medientypen == ("application/pdf", "image/jpeg", "image/png")


def test_hint_follows_the_settings(formular, settings):
    settings.RATHAUS_ANTRAEGE_MAX_DATEI_BYTES = 1536 * 1024
    seite = html.unescape(Client().get(_url(formular, 4)).content.decode())
    assert "höchstens 1,5 MB je Datei" in seite and "1.5 MB" not in seite


def test_a_file_can_be_removed_on_the_step(
    formular, gespeichert, django_capture_on_commit_callbacks
):
    client = Client()
    assert _hochladen(client, formular, _pdf("a.pdf"), _pdf("b.pdf", "B")).status_code == 302
    a, b = EntwurfAnlage.objects.order_by("id")
    fremd = Client()
    assert _hochladen(fremd, formular, _pdf("fremd.pdf", "F")).status_code == 302
    fremde = EntwurfAnlage.objects.get(dateiname="fremd.pdf")
    # another draft's file cannot be removed from here
    antwort = client.post(_url(formular, 4), {"_aktion": f"datei_weg:{fremde.pk}"})
    assert antwort.status_code == 200 and EntwurfAnlage.objects.filter(pk=fremde.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(_url(formular, 4), {"_aktion": f"datei_weg:{a.pk}"})
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 200 and "Die Datei wurde entfernt." in seite
    assert "a.pdf" not in seite and "b.pdf" in seite
    assert list(EntwurfAnlage.objects.exclude(pk=fremde.pk)) == [b]
    assert a.speichername not in gespeichert() and b.speichername in gespeichert()
    assert Protokoll.objects.filter(aktion="entwurf.anlage_remove").count() == 1


# -- hostile uploads: refused on the step, naming the field; nothing changes ---------------


@pytest.fixture
def unveraendert(gespeichert):
    """Asserts afterwards that the draft (if any), its files and the storage are as before."""
    vorher: dict[str, Any] = {}

    def merken(client: Client) -> None:
        entwurf = _entwurf(client)
        vorher["entwurf"] = (
            (entwurf.pk, entwurf.daten, entwurf.geaendert_am) if entwurf is not None else None
        )
        vorher["entwuerfe"] = Entwurf.objects.count()
        vorher["anlagen"] = list(EntwurfAnlage.objects.values_list("pk", "sha256"))
        vorher["dateien"] = gespeichert()
        vorher["protokoll"] = Protokoll.objects.count()

    yield merken
    assert Entwurf.objects.count() == vorher["entwuerfe"]
    if vorher["entwurf"] is not None:
        pk, daten, geaendert = vorher["entwurf"]
        e = Entwurf.objects.get(pk=pk)
        assert (e.daten, e.geaendert_am) == (daten, geaendert)
    assert list(EntwurfAnlage.objects.values_list("pk", "sha256")) == vorher["anlagen"]
    assert gespeichert() == vorher["dateien"]
    assert Protokoll.objects.count() == vorher["protokoll"]
    assert not Antrag.objects.exists() and not Anlage.objects.exists()


def _abgelehnt(antwort: Any, *texte: str) -> str:
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 200, antwort.status_code
    assert re.search(r"<title>Fehler: ", seite)
    summary = seite[seite.index('id="fehlerliste"') :]
    assert f'href="#{HTML_ID}"' in summary
    for text in (LABEL, *texte):
        assert text in summary, text
    feld = seite[seite.index(f'data-fim="{UNTERLAGEN}"') :]
    assert f'id="{HTML_ID}-fehler1"' in feld and 'aria-invalid="true"' in feld
    return seite


@pytest.fixture
def mit_datei(formular) -> Client:
    """A draft of steps 1-3 that holds one file already."""
    client = Client()
    _schritte_1_bis_3(client, formular)
    assert _hochladen(client, formular, _pdf("vorhanden.pdf")).status_code == 302
    return client


def test_exe_renamed_pdf_is_refused(formular, mit_datei, unveraendert):
    unveraendert(mit_datei)
    exe = SimpleUploadedFile(
        "rechnung.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf"
    )
    seite = _abgelehnt(
        _hochladen(mit_datei, formular, exe), "(rechnung.pdf)", "Der Inhalt der Datei ist kein PDF."
    )
    assert "vorhanden.pdf" in seite  # what the draft holds is still listed


def test_wrong_kind_of_file_is_refused(formular, mit_datei, unveraendert):
    unveraendert(mit_datei)
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    _abgelehnt(
        _hochladen(mit_datei, formular, exe),
        "Dateien dieser Art sind hier nicht zugelassen; erlaubt: PDF, PNG, JPG, TIF.",
    )


def test_oversized_file_is_refused_with_german_number_format(
    formular, mit_datei, unveraendert, settings
):
    settings.RATHAUS_ANTRAEGE_MAX_DATEI_BYTES = 1536 * 1024  # 1,5 MB: no 30 MB in memory
    unveraendert(mit_datei)
    gross = helfer.pdf("x") + b"%" * (1600 * 1024)
    seite = _abgelehnt(
        _hochladen(mit_datei, formular, _pdf_bytes("gross.pdf", gross)),
        "Die Datei ist größer als 1,5 MB.",
    )
    assert "1.5 MB" not in seite


def test_default_limit_of_10_mb_is_enforced(formular, unveraendert):
    """Without settings: 10 MB (the FIM field allows 20 MB; the smaller limit wins)."""
    client = Client()
    unveraendert(client)
    gross = helfer.pdf("x") + b"%" * (10 * 1024 * 1024)
    seite = _abgelehnt(
        _hochladen(client, formular, _pdf_bytes("gross.pdf", gross)),
        "Die Datei ist größer als 10 MB.",
    )
    assert "10.0" not in seite and "10,0" not in seite
    assert _entwurf(client) is None  # a refused first upload does not create a draft


def test_too_many_files_per_antrag_are_refused(formular, mit_datei, unveraendert, settings):
    settings.RATHAUS_ANTRAEGE_MAX_DATEIEN = 2
    unveraendert(mit_datei)
    _abgelehnt(
        _hochladen(mit_datei, formular, _pdf("n1.pdf", "1"), _pdf("n2.pdf", "2")),
        "Höchstens 2 Dateien je Antrag.",
    )


def test_too_much_in_total_is_refused(formular, mit_datei, unveraendert, settings):
    settings.RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES = len(helfer.pdf("Nachweis Erika Musterfrau")) + 10
    unveraendert(mit_datei)
    _abgelehnt(
        _hochladen(mit_datei, formular, _pdf("n1.pdf", "1")),
        "Alle Dateien zusammen dürfen höchstens",
    )


def test_virus_is_refused_and_not_kept(formular, mit_datei, unveraendert, settings, clamd_fake):
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    settings.RATHAUS_CLAMD_ADRESSE = clamd_fake
    unveraendert(mit_datei)
    virus = helfer.pdf() + b"RATHAUS-TEST-SIGNATUR"
    _abgelehnt(_hochladen(mit_datei, formular, _pdf_bytes("n.pdf", virus)), "Schadsoftware")


def test_clean_file_records_the_scan(formular, settings, clamd_fake):
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    settings.RATHAUS_CLAMD_ADRESSE = clamd_fake
    assert _hochladen(Client(), formular, _pdf()).status_code == 302
    assert EntwurfAnlage.objects.get().virenpruefung == "clamav: ohne Befund"


def test_unreachable_scanner_refuses_rather_than_accepts(
    formular, mit_datei, unveraendert, settings, tmp_path
):
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    settings.RATHAUS_CLAMD_ADRESSE = f"unix:{tmp_path}/fehlt.sock"
    unveraendert(mit_datei)
    _abgelehnt(_hochladen(mit_datei, formular, _pdf()), "nicht auf Schadsoftware geprüft")


def test_empty_file_is_refused(formular, mit_datei, unveraendert):
    unveraendert(mit_datei)
    leer = SimpleUploadedFile("leer.pdf", b"", content_type="application/pdf")
    _abgelehnt(_hochladen(mit_datei, formular, leer), "Die Datei ist leer.")


def test_directories_in_posted_names_never_reach_storage(formular, gespeichert):
    # Django's multipart parser already cuts a posted name to its last component.
    client = Client()
    assert _hochladen(client, formular, _pdf("../../etc/passwd.pdf")).status_code == 302
    anlage = EntwurfAnlage.objects.get()
    assert anlage.dateiname == "passwd.pdf"
    assert all(n.startswith("antraege/entwuerfe/") and ".." not in n for n in gespeichert())


@pytest.mark.parametrize(
    "name", ["..\\..\\boot.ini.pdf", "a\x00b.pdf", "x" * 250 + ".pdf", "\u202egpj.pdf"]
)
def test_unsafe_file_names_are_refused_by_the_store(formular, unveraendert, name):
    """Names a client could still send past the parser's cut to the last path component:
    Windows separators, control and bidi characters, overlong names."""
    unveraendert(Client())
    datei = SimpleUploadedFile(name, helfer.pdf(), content_type="application/pdf")
    with pytest.raises(ValidationError) as info:
        ablage().pruefen(
            formular=formular, entwurf=None, uploads=[Upload(UNTERLAGEN, EINGABE, datei)]
        )
    (meldung,) = info.value.message_dict[EINGABE]
    assert LABEL in meldung and "ist nicht zulässig" in meldung


def test_files_posted_under_other_names_are_ignored(formular, gespeichert):
    client = Client()
    _schritte_1_bis_3(client, formular)
    # a file posted for a text field of another step, under an invented field, with an index
    antwort = client.post(
        _url(formular, 4),
        {
            "G05000012012.G05000012723.F05000017763": _pdf(),
            "G05000012009.F99999999999": _pdf("b.pdf"),
            f"{EINGABE}.0": _pdf("c.pdf"),
            "_aktion": "speichern",
        },
    )
    assert antwort.status_code == 302
    assert not EntwurfAnlage.objects.exists() and gespeichert() == []


def test_submitted_draft_takes_no_more_files(formular, gespeichert):
    client = Client()
    _schritte_1_bis_3(client, formular)
    entwurf = _entwurf(client)
    assert entwurf is not None
    assert absenden(client, entwurf).status_code == 303
    vorher = gespeichert()
    vorbereitet = ablage().pruefen(
        formular=formular, entwurf=entwurf, uploads=[Upload(UNTERLAGEN, EINGABE, _pdf())]
    )
    try:
        with pytest.raises(ValidationError, match="bereits abgesendet"), transaction.atomic():
            vorbereitet.speichern(entwurf=entwurf, actor="test")
    finally:
        vorbereitet.verwerfen()
    assert gespeichert() == vorher and not EntwurfAnlage.objects.exists()


# -- required, single and hidden file fields (a small synthetic schema) --------------------

MELDE, FOTOS, VOLLMACHT = "F99000000071", "F99000000072", "F99000000075"
G = "G99000000070"


@pytest.fixture
def nachweise(db: Any, tmp_path: Any) -> Formular:
    """One step: a required single file, up to two photos, and a power of attorney that
    is required only when the rules show its group ("Vertreten" = Ja)."""
    datei = tmp_path / "nachweise.xdf.xml"
    datei.write_bytes(nachweise_schema_xml())
    return formular_import(dateien=[datei], actor="test")[0].formular


def _schritt(client: Client, formular: Formular, **felder: Any) -> Any:
    daten: dict[str, Any] = {f"{G}.F99000000073": "false", "_aktion": "weiter"}
    daten.update({f"{G}.{k}" if k.startswith("F") else k: v for k, v in felder.items()})
    return client.post(_url(formular, 1), daten)


def test_required_file_field_counts_as_answered_when_a_file_is_stored(nachweise):
    client = Client()
    antwort = _schritt(client, nachweise)
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 200 and _entwurf(client) is None
    assert "„Meldebescheinigung“: Bitte laden Sie eine Datei hoch." in seite
    assert f'href="#f-{G}-{MELDE}"' in seite
    assert _schritt(client, nachweise, **{MELDE: _pdf("melde.pdf")}).status_code == 302
    # saved again without choosing it anew: the stored file still answers the field
    assert _schritt(client, nachweise).status_code == 302
    seite = html.unescape(
        client.get(reverse("formulare:pruefen", args=[nachweise.pk])).content.decode()
    )
    assert "noch nicht vollständig" not in seite and "melde.pdf" in seite


def test_review_and_submit_refuse_a_missing_required_file(nachweise):
    client = Client()
    assert _schritt(client, nachweise, **{MELDE: _pdf("melde.pdf")}).status_code == 302
    entwurf = _entwurf(client)
    EntwurfAnlage.objects.all().delete()  # e.g. removed in another tab
    seite = html.unescape(
        client.get(reverse("formulare:pruefen", args=[nachweise.pk])).content.decode()
    )
    assert "Schritt 1: „Meldebescheinigung“: Bitte laden Sie eine Datei hoch." in seite
    assert re.search(r'id="antrag-absenden-knopf"[^>]*disabled', seite)
    antwort = absenden(client, entwurf)
    assert antwort.status_code == 400 and not Antrag.objects.exists()
    assert "Bitte laden Sie eine Datei hoch." in html.unescape(antwort.content.decode())


def test_a_new_file_replaces_the_one_of_a_single_file_field(
    nachweise, gespeichert, django_capture_on_commit_callbacks
):
    client = Client()
    assert _schritt(client, nachweise, **{MELDE: _pdf("alt.pdf", "alt")}).status_code == 302
    alt = EntwurfAnlage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert _schritt(client, nachweise, **{MELDE: _pdf("neu.pdf", "neu")}).status_code == 302
    neu = EntwurfAnlage.objects.get()
    assert neu.dateiname == "neu.pdf" and alt.speichername not in gespeichert()
    seite = html.unescape(client.get(_url(nachweise, 1)).content.decode())
    assert "eine neue Datei ersetzt diese" in seite
    assert re.search(rf'<input[^>]*name="{G}.{MELDE}"[^>]*>', seite).group(0).count("multiple") == 0


def test_more_files_than_the_field_allows_are_refused(nachweise, unveraendert):
    client = Client()
    assert (
        _schritt(client, nachweise, **{MELDE: _pdf(), FOTOS: _pdf("1.pdf", "1")}).status_code == 302
    )
    unveraendert(client)
    antwort = _schritt(client, nachweise, **{FOTOS: [_pdf("2.pdf", "2"), _pdf("3.pdf", "3")]})
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 200
    assert "„Fotos“: Hier sind höchstens 2 Dateien möglich." in seite


def test_files_of_a_field_the_rules_hide_do_not_reach_the_antrag(nachweise):
    client = Client()
    antwort = _schritt(
        client,
        nachweise,
        **{MELDE: _pdf("melde.pdf"), f"{G}.G99000000074.{VOLLMACHT}": _pdf("vollmacht.pdf", "V")},
        **{f"{G}.F99000000073": "true"},
    )
    assert antwort.status_code == 302, _fehlertexte(antwort)
    assert EntwurfAnlage.objects.count() == 2
    # "Vertreten" = Nein hides the group and its file field ...
    assert _schritt(client, nachweise).status_code == 302
    seite = html.unescape(
        client.get(reverse("formulare:pruefen", args=[nachweise.pk])).content.decode()
    )
    assert "vollmacht.pdf" not in seite and "melde.pdf" in seite
    # ... whose file is not handed over; it stays with the draft (and goes with it)
    assert absenden(client, _entwurf(client)).status_code == 303
    assert [a.dateiname for a in Anlage.objects.all()] == ["melde.pdf"]
    assert [a.dateiname for a in EntwurfAnlage.objects.all()] == ["vollmacht.pdf"]


def test_files_of_expired_drafts_go_with_them(
    formular, gespeichert, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from rathaus.akten.loeschfristen import loeschfristen_apply

    assert _hochladen(Client(), formular, _pdf()).status_code == 302
    anlage = EntwurfAnlage.objects.get()
    Entwurf.objects.update(laeuft_ab_am=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        probe = loeschfristen_apply(actor="test", probelauf=True)
    assert probe.ergebnisse["entwurf_anlagen"] == 1
    assert EntwurfAnlage.objects.filter(pk=anlage.pk).exists()
    assert gespeichert() == [anlage.speichername]  # a trial run deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        loeschfristen_apply(actor="test")
    assert not Entwurf.objects.exists() and not EntwurfAnlage.objects.exists()
    assert gespeichert() == []


def test_a_good_file_on_a_step_with_other_errors_is_not_kept_and_the_page_says_so(
    nachweise, gespeichert
):
    client = Client()
    antwort = client.post(
        _url(nachweise, 1), {f"{G}.{MELDE}": _pdf("melde.pdf"), "_aktion": "weiter"}
    )  # "Vertreten" is missing
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 200 and "„Vertreten“ ist eine Pflichtangabe." in seite
    assert (
        "Die Datei „melde.pdf“ wurde nicht gespeichert, weil der Schritt noch Fehler enthält."
        in seite
    )
    assert not EntwurfAnlage.objects.exists() and gespeichert() == []
    assert _entwurf(client) is None
