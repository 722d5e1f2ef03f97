"""Hostile input on every path of the web submission: each gets an error naming the field,
and nothing is stored beyond the draft as it was."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.antraege.models import Anlage, Antrag, Outbox, Quittung, StatusEintrag
from rathaus.formulare.models import Entwurf

from . import helfer
from .web import absenden, client_mit


@pytest.fixture
def unveraendert(gespeichert):
    """Asserts afterwards that no Antrag data and no file exists and the draft is as it was."""
    entwuerfe: list[tuple[int, dict, object]] = []

    def merken(entwurf: Entwurf) -> Entwurf:
        entwuerfe.append((entwurf.pk, entwurf.daten, entwurf.geaendert_am))
        return entwurf

    yield merken
    for model in (Antrag, Anlage, Outbox, Quittung, StatusEintrag):
        assert not model.objects.exists(), model
    assert gespeichert() == []
    for pk, daten, geaendert in entwuerfe:
        e = Entwurf.objects.get(pk=pk)
        assert (e.daten, e.geaendert_am) == (daten, geaendert)


def _fehler(antwort, *texte):
    html = antwort.content.decode()
    assert antwort.status_code in (400, 409), antwort.status_code
    for text in texte:
        assert text in html, text
    assert 'role="alert"' in html
    return html


def test_tampered_idempotency_key(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    antwort = absenden(client_mit(entwurf), entwurf, idempotenzschluessel="x" * 40)
    _fehler(antwort, "Das Formular ist veraltet oder verändert")


def test_key_of_another_draft(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    anderer = unveraendert(helfer.entwurf(welt.formular))
    from rathaus.antraege.selectors import idempotenzschluessel

    antwort = absenden(
        client_mit(entwurf), entwurf, idempotenzschluessel=idempotenzschluessel(entwurf=anderer)
    )
    _fehler(antwort, "veraltet oder verändert")


@pytest.mark.parametrize(
    ("aenderung", "text"),
    [
        (
            {"F99000000009": "999"},
            "„Staatsangehörigkeit“: Bitte wählen Sie einen Eintrag aus der Liste.",
        ),
        ({"F99000000001": "M" * 21}, "„Familienname“: Bitte geben Sie höchstens 20 Zeichen ein."),
        ({"F99000000001": "M" * 100_000}, "„Familienname“"),
        ({"F99000000011": "ja"}, "„Verheiratet“: Die Eingabe hat den falschen Typ."),
        ({"F99000000004": 99}, "„Anzahl Kinder“"),
        ({"F12345678901": "x"}, "„F12345678901“ ist kein Feld dieses Formulars."),
    ],
)
def test_tampered_draft_data_is_refused_naming_the_field(welt, unveraendert, aenderung, text):
    entwurf = unveraendert(helfer.entwurf(welt.formular, **aenderung))
    _fehler(absenden(client_mit(entwurf), entwurf), text)


def test_hidden_group_values_are_refused(welt, unveraendert):
    entwurf = helfer.entwurf(welt.formular)
    entwurf.daten["G99000000002"]["G99000000003"] = {"F99000000021": "Rostock"}
    entwurf.save()
    unveraendert(entwurf)
    _fehler(
        absenden(client_mit(entwurf), entwurf),
        "„Abweichende Anschrift“ ist bei Ihren Angaben nicht vorgesehen.",
    )


@pytest.mark.parametrize(
    ("name", "inhalt", "typ", "text"),
    [
        ("nachweis.pdf", helfer.png(), "application/pdf", "Der Inhalt der Datei ist kein PDF."),
        ("nachweis.png", None, "image/png", "Der Inhalt der Datei ist kein PNG."),
        ("nachweis.exe", b"MZ\x90\x00", "application/x-msdownload", "nicht zugelassen"),
        ("nachweis.png", None, "application/pdf", "Die Dateiendung passt nicht"),
        ("leer.pdf", b"", "application/pdf", "Die Datei ist leer."),
    ],
)
def test_bad_files_are_refused_naming_the_field(welt, unveraendert, name, inhalt, typ, text):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    antwort = absenden(client_mit(entwurf), entwurf, F99000000016=helfer.upload(name, inhalt, typ))
    html = _fehler(antwort, "„Nachweis“", text)
    assert 'aria-invalid="true"' in html and 'href="#anlage-F99000000016"' in html


def test_oversized_file_is_refused(welt, unveraendert, settings):
    settings.RATHAUS_ANTRAEGE_MAX_DATEI_BYTES = 1000
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    groß = helfer.pdf("x") + b"%" * 2000
    _fehler(
        absenden(client_mit(entwurf), entwurf, F99000000016=helfer.upload(inhalt=groß)),
        "„Nachweis“",
        "größer als",
    )


def test_too_much_in_total_is_refused(welt, unveraendert, settings):
    settings.RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES = len(helfer.pdf()) + 10
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    dateien = [helfer.upload(f"n{i}.pdf") for i in range(2)]
    _fehler(absenden(client_mit(entwurf), entwurf, F99000000016=dateien), "Alle Dateien zusammen")


def test_too_many_files_are_refused(welt, unveraendert, settings):
    settings.RATHAUS_ANTRAEGE_MAX_DATEIEN = 2
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    dateien = [helfer.upload(f"n{i}.pdf") for i in range(3)]
    _fehler(absenden(client_mit(entwurf), entwurf, F99000000016=dateien), "Höchstens 2 Dateien")


def test_unknown_file_field_is_refused(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    antwort = absenden(client_mit(entwurf), entwurf, F99000000001=helfer.upload())
    _fehler(antwort, "„F99000000001“ ist kein Dateifeld dieses Formulars.")


def test_invalid_email_is_refused(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    _fehler(
        absenden(client_mit(entwurf), entwurf, email="kein<at>beispiel"), "gültige E-Mail-Adresse"
    )


def test_draft_of_someone_else_is_not_found(welt, unveraendert):
    b = helfer.buerger()
    entwurf = unveraendert(helfer.entwurf(welt.formular, buerger=b))
    antwort = absenden(Client(), entwurf)
    assert antwort.status_code == 404
    andere = Client()
    andere.force_login(helfer.buerger("mallory").user)
    assert absenden(client_mit(entwurf, andere), entwurf).status_code == 404


def test_virus_is_refused_and_not_kept(welt, unveraendert, settings, clamd_fake):
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    settings.RATHAUS_CLAMD_ADRESSE = clamd_fake
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    virus = helfer.pdf() + b"RATHAUS-TEST-SIGNATUR"
    _fehler(
        absenden(client_mit(entwurf), entwurf, F99000000016=helfer.upload(inhalt=virus)),
        "„Nachweis“",
        "Schadsoftware",
    )


def test_unreachable_scanner_refuses_rather_than_accepts(welt, unveraendert, settings, tmp_path):
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    settings.RATHAUS_CLAMD_ADRESSE = f"unix:{tmp_path}/fehlt.sock"
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    _fehler(
        absenden(client_mit(entwurf), entwurf, F99000000016=helfer.upload()),
        "nicht auf Schadsoftware geprüft",
    )


def test_replayed_submission_after_success_creates_nothing_new(welt):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    erste = absenden(client, entwurf, F99000000016=helfer.upload())
    vorher = (Antrag.objects.count(), Anlage.objects.count(), Outbox.objects.count())
    # replayed from another browser (no session): nothing is revealed or created
    assert absenden(Client(), entwurf, F99000000016=helfer.upload()).status_code == 404
    assert absenden(client, entwurf, F99000000016=helfer.upload())["Location"] == erste["Location"]
    assert (Antrag.objects.count(), Anlage.objects.count(), Outbox.objects.count()) == vorher
    assert reverse("antraege:quittung", args=[Antrag.objects.get().pk]) == erste["Location"]


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\boot.ini.pdf",
        "/abs/x.pdf",
        "a\x00b.pdf",
        "..",
        "x" * 250 + ".pdf",
    ],
)
def test_path_traversal_in_file_names_is_refused_by_the_service(welt, unveraendert, name):
    import io

    from django.core.exceptions import ValidationError

    from rathaus.antraege import services
    from rathaus.antraege.dateien import Datei
    from rathaus.antraege.selectors import idempotenzschluessel

    entwurf = unveraendert(helfer.entwurf(welt.formular))
    datei = Datei(helfer.NACHWEIS, name, "application/pdf", io.BytesIO(helfer.pdf()))
    with pytest.raises(ValidationError) as info:
        services.antrag_submit(
            entwurf=entwurf,
            actor="test",
            idempotency_key=idempotenzschluessel(entwurf=entwurf),
            dateien=[datei],
        )
    (meldung,) = info.value.message_dict[helfer.NACHWEIS]
    assert "„Nachweis“" in meldung and "ist nicht zulässig" in meldung


def test_directories_in_uploaded_names_never_reach_storage(welt, gespeichert):
    # Django's multipart parser already cuts a posted name to its last component.
    entwurf = helfer.entwurf(welt.formular)
    absenden(client_mit(entwurf), entwurf, F99000000016=helfer.upload("../../etc/passwd.pdf"))
    anlage = Anlage.objects.get()
    assert anlage.dateiname == "passwd.pdf"
    assert all(name.startswith("antraege/") and ".." not in name for name in gespeichert())
