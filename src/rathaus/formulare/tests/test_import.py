"""Import of FIM schemas: real files, idempotence, conflicts, versions, broken files."""

from __future__ import annotations

import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from rathaus.core.models import Protokoll
from rathaus.formulare.models import Formular
from rathaus.formulare.services import FormularUnveraenderlich, ImportFehler, formular_update
from rathaus.katalog.models import Leistung

from .conftest import importieren
from .daten import ALLE_DATEIEN, FIM, XDF2_EXPORT, XDF3_FILES, needs_data, schema_xml


@needs_data
@pytest.mark.django_db
def test_all_real_schemas_import_within_a_minute():
    assert len(XDF3_FILES) == 68
    start = time.perf_counter()
    zeilen = importieren(*ALLE_DATEIEN)
    dauer = time.perf_counter() - start
    assert dauer < 60, dauer
    assert Formular.objects.count() == len(ALLE_DATEIEN) == 71
    assert all(z.neu for z in zeilen)
    f = Formular.objects.get(fim_id="S05000001319")
    assert f.json_schema["$id"].endswith("S05000001319:" + f.fim_version)
    assert f.regeln_gesamt == len(f.regeln["rules"])
    assert {x.xdf_version for x in Formular.objects.all()} == {"3.0.0", "2.0", "1.x"}
    assert Protokoll.objects.filter(aktion="formular.import").count() == 71
    # the second export of S00000094 1.0 differs from the first: refused, nothing written
    with pytest.raises(ImportFehler, match=r"S00000094 1\.0 ist bereits mit anderem Inhalt"):
        importieren(*XDF2_EXPORT)
    assert Formular.objects.count() == 71


@pytest.mark.django_db
def test_reimport_of_the_same_file_is_a_no_op(test_datei):
    erste = importieren(test_datei)[0]
    zweite = importieren(test_datei)[0]
    assert erste.neu and not zweite.neu
    assert zweite.formular.pk == erste.formular.pk
    assert Formular.objects.count() == 1


@pytest.mark.django_db
def test_conflicting_reimport_is_refused_and_names_the_conflict(test_datei, tmp_path):
    importieren(test_datei)
    anders = tmp_path / "anders.xml"
    anders.write_bytes(schema_xml(titel="Anderer Titel"))
    with pytest.raises(ImportFehler) as exc:
        importieren(anders)
    assert "S99000000001 1.0.0" in str(exc.value) and str(anders) in str(exc.value)
    assert Formular.objects.get().titel == "Testantrag"


@pytest.mark.django_db
def test_new_version_is_added_beside_the_old(test_datei, tmp_path):
    importieren(test_datei)
    neu = tmp_path / "neu.xml"
    neu.write_bytes(schema_xml("1.1.0"))
    importieren(neu)
    assert sorted(Formular.objects.values_list("fim_version", flat=True)) == ["1.0.0", "1.1.0"]


@pytest.mark.django_db
def test_broken_file_aborts_the_whole_run(test_datei, tmp_path):
    kaputt = tmp_path / "kaputt.xml"
    kaputt.write_bytes(
        schema_xml().replace(b"<xdf:anzahl>0:3</xdf:anzahl>", b"<xdf:anzahl>3:1</xdf:anzahl>")
    )
    with pytest.raises(ImportFehler) as exc:
        importieren(test_datei, kaputt)
    text = str(exc.value)
    assert str(kaputt) in text and "anzahl" in text and "/xdf:" in text
    assert Formular.objects.count() == 0
    assert not Protokoll.objects.filter(aktion="formular.import").exists()


@needs_data
@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["missing-id-node.xml", "unexpected-node.xml", "unknown-namespace.xml"]
)
def test_real_synthetic_broken_files_are_refused(name, test_datei):
    with pytest.raises(ImportFehler, match=name):
        importieren(test_datei, FIM / "synthetic" / "v3" / name)
    assert Formular.objects.count() == 0


@pytest.mark.django_db
def test_command_output_lines_and_leistung_link(test_datei, tmp_path):
    leistung = Leistung.objects.create(
        quelle="t:1", name="Test", slug="test", leika_schluessel="99123456789012"
    )
    out = StringIO()
    call_command("import_fim", str(test_datei), stdout=out)
    zeilen = out.getvalue().strip().splitlines()
    assert zeilen[0].startswith(
        f"{test_datei}: S99000000001 1.0.0 (XDF 3.0.0) neu → 99123456789012"
    )
    assert zeilen[0].endswith("rules: 2 total, 1 executable")
    assert zeilen[-1].startswith("1 files, 1 new, 0 unchanged")
    assert zeilen[-1].endswith("rules: 2 total, 1 executable")
    assert Formular.objects.get().leistung == leistung


@pytest.mark.django_db
def test_command_with_unknown_leistung_or_broken_file_fails(test_datei, tmp_path):
    with pytest.raises(CommandError, match=r"nichts geändert.*99000000000000"):
        call_command(
            "import_fim", str(test_datei), "--leistung", "99000000000000", stdout=StringIO()
        )
    kaputt = tmp_path / "kaputt.xml"
    kaputt.write_bytes(b"<nicht-xml")
    with pytest.raises(CommandError, match=r"kaputt\.xml"):
        call_command("import_fim", str(test_datei), str(kaputt), stdout=StringIO())
    assert Formular.objects.count() == 0


@pytest.mark.django_db
def test_explicit_leistung_wins(test_datei):
    Leistung.objects.create(quelle="t:1", name="A", slug="a", leika_schluessel="99123456789012")
    b = Leistung.objects.create(quelle="t:2", name="B", slug="b", leika_schluessel="99000000000001")
    f = importieren(test_datei, leistung_schluessel="99000000000001")[0].formular
    assert f.leistung == b


@pytest.mark.django_db
def test_published_formular_never_changes(formular):
    with pytest.raises(FormularUnveraenderlich):
        formular_update(formular=formular, actor="test", name="Neu")
    # the database refuses it too (trigger), even past the services
    with pytest.raises(IntegrityError), transaction.atomic():
        Formular.objects.filter(pk=formular.pk).update(quelle_sha256="0" * 64)
    formular.refresh_from_db()
    assert formular.name == "Testantrag"


def test_alle_dateien_are_real_paths():
    assert all(isinstance(p, Path) for p in ALLE_DATEIEN)
