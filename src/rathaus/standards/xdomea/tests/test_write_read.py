"""Writers produce XSD-valid messages and reading them back gives the same dataclasses."""

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from rathaus.standards.xdomea import (
    Aussonderungsart,
    Nachrichtentyp,
    XdomeaError,
    abgleich_bewertung,
    abgleich_import,
    build_aussonderung_zip,
    container_filename,
    dateiformat_for_mime,
    message_filename,
    read_aussonderung_zip,
    read_message,
    validate,
    write_anbieteverzeichnis_0501,
    write_aussonderung_0503,
    write_bestaetigung_0504,
    write_bewertungsverzeichnis_0502,
    write_empfangsbestaetigung,
    write_importbestaetigung_0506,
    write_message,
)
from rathaus.standards.xdomea.model import Nachrichtenkopf

from . import factories as f


def _all_messages():
    angebot = f.anbieteverzeichnis()
    aussonderung = f.aussonderung()
    return [
        angebot,
        f.bewertungsverzeichnis(sorted(angebot.ids())),
        aussonderung,
        f.empfangsbestaetigung(Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN),
        f.empfangsbestaetigung(Nachrichtentyp.BEWERTUNG_EMPFANG_BESTAETIGEN),
        f.empfangsbestaetigung(Nachrichtentyp.AUSSONDERUNG_EMPFANG_BESTAETIGEN),
        f.importbestaetigung(sorted(aussonderung.ids())),
    ]


@pytest.mark.parametrize("msg", _all_messages(), ids=lambda m: type(m).__name__)
def test_written_messages_validate_and_round_trip(schema_dir: Path, msg) -> None:
    xml = write_message(msg, schema_dir=schema_dir)
    validate(xml, schema_dir=schema_dir)  # raises if invalid
    assert b"<xdomea:" in xml  # the specification demands the prefix "xdomea"
    assert read_message(xml, schema_dir=schema_dir) == msg


def test_specific_writers(schema_dir: Path) -> None:
    angebot = f.anbieteverzeichnis()
    assert write_anbieteverzeichnis_0501(angebot).startswith(b"<?xml")
    assert b"Bewertungsverzeichnis.0502" in write_bewertungsverzeichnis_0502(
        f.bewertungsverzeichnis(sorted(angebot.ids()))
    )
    assert b"Aussonderung.Aussonderung.0503" in write_aussonderung_0503(f.aussonderung())
    assert b"AnbietungEmpfangBestaetigen.0504" in write_bestaetigung_0504(
        f.empfangsbestaetigung(Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN)
    )
    assert b"<xdomea:Archivkennung>" in write_importbestaetigung_0506(
        f.importbestaetigung(sorted(f.aussonderung().ids()))
    )


def test_writer_refuses_wrong_head_type(schema_dir: Path) -> None:
    msg = f.aussonderung()
    wrong = type(msg)(
        kopf=f.kopf(Nachrichtentyp.ANBIETEVERZEICHNIS), schriftgutobjekte=msg.schriftgutobjekte
    )
    with pytest.raises(XdomeaError, match=r"0501.*0503") as exc:
        write_aussonderung_0503(wrong)
    assert exc.value.path and exc.value.path.endswith("Nachrichtentyp")
    with pytest.raises(XdomeaError, match="0504"):
        write_bestaetigung_0504(
            f.empfangsbestaetigung(Nachrichtentyp.BEWERTUNG_EMPFANG_BESTAETIGEN)
        )
    with pytest.raises(XdomeaError, match="not a receipt"):
        write_empfangsbestaetigung(f.empfangsbestaetigung(Nachrichtentyp.AUSSONDERUNG))


def test_writer_validates_output_and_names_the_element(schema_dir: Path) -> None:
    bad = f.dokument(1, dateiname="not-a-uuid.pdf")  # Dateiname must start with a UUID
    msg = f.aussonderung(1)
    msg = type(msg)(kopf=msg.kopf, schriftgutobjekte=(bad,))
    with pytest.raises(XdomeaError) as exc:
        write_aussonderung_0503(msg, schema_dir=schema_dir)
    assert "Primaerdokument/xdomea:Dateiname" in (exc.value.path or "")
    assert "pattern" in str(exc.value)


def test_anbieteverzeichnis_carries_no_files(schema_dir: Path) -> None:
    msg = f.anbieteverzeichnis()
    with_files = type(msg)(kopf=msg.kopf, schriftgutobjekte=(f.akte(1),))
    with pytest.raises(XdomeaError, match="no primary documents"):
        write_anbieteverzeichnis_0501(with_files, schema_dir=schema_dir)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(XdomeaError, match="timezone-aware"):
        Nachrichtenkopf(
            prozess_id=f.PROZESS_ID,
            nachrichtentyp=Nachrichtentyp.AUSSONDERUNG,
            erstellungszeitpunkt=datetime(2026, 1, 1),
            absender=f.STADT,
            empfaenger=f.ARCHIV,
        )


def test_zip_round_trip_and_naming(schema_dir: Path) -> None:
    msg = f.aussonderung(3, dokumente=2)
    files = f.primary_files(msg)
    data = build_aussonderung_zip(msg, files, schema_dir=schema_dir)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0] == f"{f.PROZESS_ID}_Aussonderung.Aussonderung.0503.xml"
    assert names[0] == message_filename(f.PROZESS_ID)
    assert container_filename(f.PROZESS_ID).endswith("_Aussonderung.Aussonderung.0503.zip")
    assert set(names[1:]) == set(files)
    paket = read_aussonderung_zip(data, schema_dir=schema_dir)
    assert paket.nachricht == msg
    assert {d.name: d.inhalt for d in paket.dateien} == files
    # deterministic: the same input gives the same bytes (idempotent outbox retries)
    assert build_aussonderung_zip(msg, files, schema_dir=schema_dir) == data
    # also from already written XML
    xml = write_aussonderung_0503(msg, schema_dir=schema_dir)
    assert read_aussonderung_zip(build_aussonderung_zip(xml, files)).nachricht == msg


def test_zip_build_refuses_missing_and_extra_files(schema_dir: Path) -> None:
    msg = f.aussonderung(1)
    files = f.primary_files(msg)
    missing = dict(list(files.items())[1:]) if len(files) > 1 else {}
    with pytest.raises(XdomeaError, match="missing") as exc:
        build_aussonderung_zip(msg, missing, schema_dir=schema_dir)
    assert "Primaerdokument/xdomea:Dateiname" in (exc.value.path or "")
    with pytest.raises(XdomeaError, match="not referenced"):
        build_aussonderung_zip(msg, {**files, "3f2b8c1e-0000-4e7b-9c2a-1d5e8f7a6b90.txt": b"x"})
    with pytest.raises(XdomeaError, match="unsafe"):
        build_aussonderung_zip(msg, {**files, "../evil": b"x"})


def test_bewertung_reconciliation_reports_unknown_ids_as_data(schema_dir: Path) -> None:
    import uuid

    angebot = f.anbieteverzeichnis()
    top = [o.id for o in angebot.schriftgutobjekte]
    fremd = uuid.UUID("00000000-0000-4000-8000-000000000001")
    bewertung = f.bewertungsverzeichnis([top[0], fremd])
    xml = write_bewertungsverzeichnis_0502(bewertung, schema_dir=schema_dir)
    result = abgleich_bewertung(angebot, read_message(xml, schema_dir=schema_dir))
    assert result.entscheidungen == {top[0]: Aussonderungsart.ARCHIVIEREN}
    assert result.unbekannt == (fremd,)
    assert result.unbewertet == tuple(top[1:])


def test_import_reconciliation(schema_dir: Path) -> None:
    msg = f.aussonderung(3)
    ids = [o.id for o in msg.schriftgutobjekte]
    bestaetigung = f.importbestaetigung(ids[:2])
    result = abgleich_import(msg, bestaetigung)
    assert list(result.uebernommen) == [ids[1]]
    assert result.uebernommen[ids[1]] == "StadtA HST Rep. 32 Nr. 1"
    assert result.abgelehnt[ids[0]][0] == "Datei beschädigt"
    assert result.offen == (ids[2],)
    assert result.unbekannt == ()


def test_dateiformat_for_mime() -> None:
    assert dateiformat_for_mime("application/pdf") == "018"
    assert dateiformat_for_mime("application/pdf", pdfa=True) == "044"
    assert dateiformat_for_mime("text/plain; charset=utf-8") == "045"
    assert dateiformat_for_mime("application/x-unknown") == "100"


def test_free_text_decision_round_trips(schema_dir: Path) -> None:
    from rathaus.standards.xdomea import Bewertung, Bewertungsverzeichnis

    msg = Bewertungsverzeichnis(
        kopf=f.kopf(Nachrichtentyp.BEWERTUNGSVERZEICHNIS, von=f.ARCHIV, an=f.STADT),
        bewertungen=(Bewertung(id=f.PROZESS_ID, aussonderungsart_konfigurierbar="Auswahl 10 %"),),
    )
    xml = write_bewertungsverzeichnis_0502(msg, schema_dir=schema_dir)
    assert b"AussonderungsartKonfigurierbar" in xml
    assert read_message(xml, schema_dir=schema_dir) == msg
    with pytest.raises(XdomeaError, match="exactly one"):
        Bewertung(id=f.PROZESS_ID)


def test_shared_data_dir_from_environment(monkeypatch, tmp_path: Path) -> None:
    from rathaus.standards.xdomea import default_schema_dir, shared_data_dir

    monkeypatch.setenv("RATHAUS_SHARED_DATA", str(tmp_path))
    assert shared_data_dir() == tmp_path
    assert default_schema_dir() == tmp_path / "xdomea/message_generation/schemes/xdomea_3.0.0"
    monkeypatch.delenv("RATHAUS_SHARED_DATA")
    assert shared_data_dir().parts[-2:] == ("shared", "data")
