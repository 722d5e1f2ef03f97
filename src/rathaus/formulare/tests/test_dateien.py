"""File fields on the steps: the parts of the formulare app (help text, sizes, required
files, upload names). The uploads themselves go to the antraege app's store; the whole
path is tested in antraege/tests/test_entwurf_dateien.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from rathaus.formulare.ablage import Upload, _Keine, dateigroesse
from rathaus.formulare.ansicht import ohne_grenzangaben
from rathaus.formulare.definition import definition
from rathaus.formulare.eingabe import dateifeld_von
from rathaus.formulare.pruefung import fehler

from .conftest import importieren
from .daten import nachweise_schema_xml

NACHWEIS = "F99000000016"


@pytest.mark.parametrize(
    ("groesse", "de", "en"),
    [
        (10 * 1024 * 1024, "10 MB", "10 MB"),
        (1536 * 1024, "1,5 MB", "1.5 MB"),
        (25 * 1024 * 1024, "25 MB", "25 MB"),
        (20_000_000, "19,1 MB", "19.1 MB"),
        (2048, "2 KB", "2 KB"),
        (1300, "1,3 KB", "1.3 KB"),
        (999, "999 Bytes", "999 bytes"),
    ],
)
def test_sizes_in_the_readers_number_format(groesse, de, en):
    with translation.override("de"):
        assert dateigroesse(groesse) == de
    with translation.override("en"):
        assert dateigroesse(groesse) == en


def test_fim_sentences_about_limits_give_way_to_the_enforced_ones():
    """The help texts of S05000001319's two file fields, word for word."""
    erste = (
        "Laden Sie die Unterlagen, die das Vorliegen eines wichtigen Grundes für die "
        "Verlängerung der Erlöschensfrist belegen, hoch. Beachten Sie, dass das maximal "
        "zulässige Datenvolumen von 20MB nicht überschritten werden darf. Akzeptierte "
        "Dateiformate sind JPG, PNG und PDF."
    )
    assert ohne_grenzangaben(erste) == (
        "Laden Sie die Unterlagen, die das Vorliegen eines wichtigen Grundes für die "
        "Verlängerung der Erlöschensfrist belegen, hoch."
    )
    zweite = (
        "Laden Sie weitere Unterlagen hoch, falls nötig. \nBeachten Sie, dass das maximal "
        "zulässige Datenvolumen von 20 MB nicht überschritten werden darf. Akzeptierte "
        "Dateiformate sind JPG, PNG und PDF."
    )
    assert ohne_grenzangaben(zweite) == "Laden Sie weitere Unterlagen hoch, falls nötig."
    assert ohne_grenzangaben("Nur PDF. Maximal 5 MB!") == "Nur PDF."
    assert ohne_grenzangaben("Bitte eine Kopie des Ausweises.") == "Bitte eine Kopie des Ausweises."
    assert ohne_grenzangaben("") == ""


@pytest.mark.django_db
def test_required_file_field_is_answered_by_stored_files(tmp_path):
    """A file field holds no value in the data; the number of stored files answers it."""
    datei = tmp_path / "nachweise.xdf.xml"
    datei.write_bytes(nachweise_schema_xml())
    defn = definition(importieren(datei)[0].formular)
    daten = {"G99000000070": {"F99000000073": False}}
    melde, fotos = "G99000000070.F99000000071", "G99000000070.F99000000072"
    assert melde not in fehler(defn, daten)  # without counts file fields are not checked
    assert fehler(defn, daten, dateien={})[melde] == [
        "„Meldebescheinigung“: Bitte laden Sie eine Datei hoch."
    ]
    assert melde not in fehler(defn, daten, dateien={"F99000000071": 1})
    assert fotos not in fehler(defn, daten, dateien={"F99000000071": 1})  # optional
    # the power of attorney's group is optional and not entered: its file is not required
    assert fehler(defn, {"G99000000070": {"F99000000073": True}}, dateien={"F99000000071": 1}) == {}


@pytest.mark.django_db
def test_upload_names_are_the_steps_file_fields_only(formular):
    schritt = definition(formular).schritt(1)
    assert dateifeld_von(schritt, f"G99000000001.{NACHWEIS}") is not None
    for fremd in (
        NACHWEIS,  # without its group
        f"G99000000001.{NACHWEIS}.0",  # one input takes all files: no index
        "G99000000001.F99000000001",  # a text field
        "G99000000001.F99000000015",  # a hidden field
        "G99000000002.G99000000004.0.F99000000022",  # another step
        "G99000000001.F99999999999",
        "",
    ):
        assert dateifeld_von(schritt, fremd) is None, fremd


def test_without_a_store_file_fields_take_nothing():
    keine = _Keine()
    datei = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError) as info:
        keine.pruefen(formular=None, entwurf=None, uploads=[Upload(NACHWEIS, "x.y", datei)])  # type: ignore[arg-type]
    assert "x.y" in info.value.message_dict
    assert keine.liste(entwurf=None) == []  # type: ignore[arg-type]


@pytest.mark.django_db
def test_step_with_a_file_field_renders_it_with_its_limits(client, formular):
    seite = client.get(f"/antrag/{formular.pk}/schritt/1/").content.decode()
    assert 'enctype="multipart/form-data"' in seite
    assert f'type="file" id="f-G99000000001-{NACHWEIS}" name="G99000000001.{NACHWEIS}"' in seite
    assert "höchstens 10 MB je Datei" in seite
    assert f'aria-describedby="f-G99000000001-{NACHWEIS}-hinweis"' in seite
    # "Nachweis" is 0:1: one file, so no "multiple"
    assert f'name="G99000000001.{NACHWEIS}" accept=' in seite
