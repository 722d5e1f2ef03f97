"""The real public xdomea 3.0.0 files are read without error."""

import io
import uuid
import zipfile
from pathlib import Path

from rathaus.standards.xdomea import (
    Akte,
    Anbieteverzeichnis,
    Aussonderung,
    Aussonderungsart,
    Bewertungsverzeichnis,
    Dokument,
    Empfangsbestaetigung,
    Nachrichtentyp,
    Vorgang,
    read_aussonderung_zip,
    read_message,
    write_message,
)

PATTERN = Path("xdomea/message_generation/pattern/xdomea_3.0.0")
LAVNRW = Path("xdomea/lavnrw-xdomea-examples/v3.0.0")


def _read(shared_dir: Path, name: str, schema_dir: Path):
    return read_message((shared_dir / PATTERN / name).read_bytes(), schema_dir=schema_dir)


def test_template_0501(shared_dir: Path, schema_dir: Path) -> None:
    msg = _read(shared_dir, "xx_Aussonderung.Anbieteverzeichnis.0501.xml", schema_dir)
    assert isinstance(msg, Anbieteverzeichnis)
    assert msg.kopf.prozess_id == uuid.UUID("242f44e8-bebf-4503-a086-db252c6a4277")
    assert msg.kopf.absender.behoerdenkennung.behoerdenschluessel.code == "LATh"
    assert msg.kopf.sendendes_system.produktname == "LAThDMeACU-Dummy"
    akte = msg.schriftgutobjekte[0]
    assert isinstance(akte, Akte)
    assert akte.aussonderungsart is Aussonderungsart.BEWERTEN
    assert akte.aktenplaneinheit.kennzeichen == "1234"
    assert akte.vorgaenge[0].dokumente[0].posteingangsdatum.isoformat() == "2018-07-24"
    assert msg.empfangsbestaetigung is True
    # what we read we can write again, XSD-valid, and read back equal
    assert read_message(write_message(msg, schema_dir=schema_dir), schema_dir=schema_dir) == msg


def test_template_0502(shared_dir: Path, schema_dir: Path) -> None:
    msg = _read(shared_dir, "xx_Aussonderung.Bewertungsverzeichnis.0502.xml", schema_dir)
    assert isinstance(msg, Bewertungsverzeichnis)
    assert msg.bewertungen[0].id == uuid.UUID("cbdbfccc-72e5-44b2-9e71-937e6f4f8ce9")
    assert msg.bewertungen[0].aussonderungsart is Aussonderungsart.ARCHIVIEREN
    # the public template carries the wrong code in Kopf/Nachrichtentyp; reported as found
    assert msg.kopf.nachrichtentyp is Nachrichtentyp.AUSSONDERUNG


def test_template_0503(shared_dir: Path, schema_dir: Path) -> None:
    msg = _read(shared_dir, "xx_Aussonderung.Aussonderung.0503.xml", schema_dir)
    assert isinstance(msg, Aussonderung)
    assert isinstance(msg.schriftgutobjekte[0], Dokument)
    assert msg.dateinamen() == ("e8b289cb-f8dd-492a-b3cf-560674eaa92b_PDF-A1b_CMYK_20150731.pdf",)
    assert msg.schriftgutobjekte[0].versionen[0].formate[0].dateiformat == "044"


def test_template_0504(shared_dir: Path, schema_dir: Path) -> None:
    msg = _read(shared_dir, "xx_Aussonderung.AnbietungEmpfangBestaetigen.0504.xml", schema_dir)
    assert isinstance(msg, Empfangsbestaetigung)
    assert msg.typ is Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN


def test_lavnrw_0503_xml_and_container(shared_dir: Path, schema_dir: Path) -> None:
    folder = shared_dir / LAVNRW
    xml_path = folder / "9fde4e7a-b41b-11ec-9225-005056871b7c_Aussonderung.Aussonderung.0503.xml"
    msg = read_message(xml_path.read_bytes(), schema_dir=schema_dir)
    assert isinstance(msg, Aussonderung)
    vorgang = msg.schriftgutobjekte[0]
    assert isinstance(vorgang, Vorgang)
    assert vorgang.laufzeit.beginn.year == 2010
    assert msg.kopf.erstellungszeitpunkt.utcoffset() is not None
    # pack it as the example's Makefile does (zip XML + primary document) and read it
    primary = folder / "f4bcaaf7-d7cb-11ef-a278-005056871b7c.txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.write(xml_path, xml_path.name)
        zf.write(primary, primary.name)
    paket = read_aussonderung_zip(buffer.getvalue(), schema_dir=schema_dir)
    assert paket.nachricht == msg
    assert paket.datei(primary.name) == primary.read_bytes()
