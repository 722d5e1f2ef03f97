from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rathaus.config.testdaten import basis
from rathaus.core.models import Protokoll
from rathaus.katalog.models import Lebenslage, Leistung, OzgLeistung, Themenfeld
from rathaus.katalog.services.importer import FILES, ImportFehler, ozg_import

OZG_DIR = basis() / "ozg"
needs_data = pytest.mark.geteilte_daten("ozg")


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ozg"
    target.mkdir()
    for name in FILES.values():
        shutil.copy(OZG_DIR / name, target / name)
    return target


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Themenfeld.objects.count(),
        Lebenslage.objects.count(),
        OzgLeistung.objects.count(),
        Leistung.objects.count(),
        Protokoll.objects.count(),
    )


@needs_data
@pytest.mark.django_db
def test_real_catalogue_loads_completely_and_reports_irregular_keys(capsys):
    call_command("import_ozg", str(OZG_DIR))
    out = capsys.readouterr().out
    assert _counts()[:4] == (14, 58, 557, 5251)
    # every row is there, also those without a usable key
    assert Leistung.objects.filter(leika_schluessel__isnull=True).count() == 436 + 2
    assert Leistung.objects.filter(leika_schluessel_quelle="nicht im LeiKa").count() == 436
    assert "ungültiger LeiKa-Schlüssel '3233'" in out
    assert "LeiKa-Schlüssel: 436 fehlend, 2 ungültig, 0 doppelt" in out
    assert "5251/5251" in out  # progress
    geburt = Leistung.objects.get(leika_schluessel="99027002012000")
    assert geburt.ozg_leistung is not None
    assert geburt.ozg_leistung.lebenslage.themenfeld.name
    assert Themenfeld.objects.exclude(name_en="").count() == 14


@needs_data
@pytest.mark.django_db
def test_second_run_changes_nothing(capsys):
    call_command("import_ozg", str(OZG_DIR))
    before = _counts()
    stamps = dict(Leistung.objects.values_list("pk", "geaendert_am"))
    call_command("import_ozg", str(OZG_DIR))
    out = capsys.readouterr().out
    assert _counts() == before
    assert dict(Leistung.objects.values_list("pk", "geaendert_am")) == stamps
    assert "Leistungen: 0 angelegt, 0 geändert, 5251 unverändert" in out


@needs_data
@pytest.mark.django_db
def test_changed_row_is_updated_and_logged(tmp_path):
    directory = _copy(tmp_path)
    ozg_import(directory=directory, actor="test")
    path = directory / FILES["leistungen"]
    text = path.read_text(encoding="utf-8").replace(
        ",Abbruchgenehmigung,", ",Abbruchgenehmigung (neu),", 1
    )
    path.write_text(text, encoding="utf-8")
    before = Protokoll.objects.order_by("-pk").values_list("pk", flat=True).first()
    bericht = ozg_import(directory=directory, actor="test")
    assert bericht.geaendert["Leistungen"] == 1
    assert Leistung.objects.filter(name="Abbruchgenehmigung (neu)").count() == 1
    entry = Protokoll.objects.filter(pk__gt=before).get()
    assert entry.aktion == "katalog.import"
    assert entry.details == {"aktion": "geändert", "felder": ["name"]}


@needs_data
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file_key", "mutate", "line", "message"),
    [
        ("leistungen", lambda t: t.replace("\n2,", "\nzwei,", 1), 3, "Spalte id"),
        ("lebenslagen", lambda t: t.replace("\n2,13,", "\n2,99,", 1), 3, "Themenfeld 99"),
        ("ozg_leistungen", lambda t: t.replace(",10110,", ",1011,", 1), 3, "OZG-ID"),
        ("themenfelder", lambda t: t + '5,"unclosed\n', None, "kein gültiges CSV"),
        ("leistungen", lambda t: t.replace("\n2,", "\n2,,,,", 1), 3, "Anzahl von Feldern"),
        ("themenfelder", lambda t: t.replace("id,", "ident,", 1), 1, "Spalten fehlen: id"),
    ],
)
def test_malformed_file_names_file_and_line_and_writes_nothing(
    tmp_path, file_key, mutate, line, message
):
    directory = _copy(tmp_path)
    path = directory / FILES[file_key]
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ImportFehler) as info:
        ozg_import(directory=directory, actor="test")
    assert info.value.path == path
    if line is not None:
        assert info.value.line == line
    assert message in info.value.message
    assert _counts() == (0, 0, 0, 0, 0)


@needs_data
@pytest.mark.django_db
def test_command_exits_non_zero_with_file_and_line(tmp_path):
    directory = _copy(tmp_path)
    path = directory / FILES["leistungen"]
    path.write_text(path.read_text(encoding="utf-8").replace("\n2,", "\nx,", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"leika_leistungen_nrw_ozgdb\.csv:3: Spalte id"):
        call_command("import_ozg", str(directory))
    assert _counts() == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_missing_directory_and_binary_file(tmp_path):
    with pytest.raises(ImportFehler, match="Datei fehlt"):
        ozg_import(directory=tmp_path / "nope", actor="test")
    for name in FILES.values():
        (tmp_path / name).write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportFehler, match="UTF-8"):
        ozg_import(directory=tmp_path, actor="test")
    assert _counts() == (0, 0, 0, 0, 0)


@needs_data
@pytest.mark.django_db
def test_duplicate_key_is_imported_without_key_and_reported(tmp_path):
    directory = _copy(tmp_path)
    path = directory / FILES["leistungen"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # line 3 carries 99012001000000 (Abbruchgenehmigung); give line 4 the same key
    fields = lines[3].split(",")
    fields[7] = "99012001000000"
    lines[3] = ",".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    bericht = ozg_import(directory=directory, actor="test")
    assert Leistung.objects.count() == 5251
    assert Leistung.objects.filter(leika_schluessel="99012001000000").count() == 1
    dup = Leistung.objects.get(quelle=f"nrw-ozgdb:{fields[0]}")
    assert dup.leika_schluessel is None
    assert dup.leika_schluessel_quelle == "99012001000000"
    assert any("doppelt (zuerst Zeile 3)" in h for h in bericht.hinweise)


@needs_data
@pytest.mark.django_db
def test_reimport_keeps_editorial_legal_basis():
    call_command("import_ozg", str(OZG_DIR))
    leistung = Leistung.objects.get(leika_schluessel="99027002012000")
    leistung.kurztext = "Beschrieben von der Redaktion."
    leistung.rechtsgrundlagen = "§ 55 PStG (redaktionell)"
    leistung.save()
    call_command("import_ozg", str(OZG_DIR))
    leistung.refresh_from_db()
    assert leistung.rechtsgrundlagen == "§ 55 PStG (redaktionell)"
