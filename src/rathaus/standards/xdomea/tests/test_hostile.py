"""Foreign, malformed and hostile input gets a clear XdomeaError."""

import io
import zipfile
from pathlib import Path

import pytest

from rathaus.standards.xdomea import (
    XdomeaError,
    build_aussonderung_zip,
    load_schema,
    message_filename,
    read_anbieteverzeichnis_0501,
    read_aussonderung_zip,
    read_message,
    validate,
    write_aussonderung_0503,
)

from . import factories as f

NS = "urn:xoev-de:xdomea:schema:3.0.0"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _valid_container(schema_dir: Path) -> tuple[dict[str, bytes], bytes]:
    msg = f.aussonderung(1)
    files = f.primary_files(msg)
    xml = write_aussonderung_0503(msg, schema_dir=schema_dir)
    return {message_filename(msg.kopf.prozess_id): xml, **files}, xml


def test_not_xml(schema_dir: Path) -> None:
    with pytest.raises(XdomeaError, match="not well-formed"):
        read_message(b"%PDF-1.7 hello", schema_dir=schema_dir)
    with pytest.raises(XdomeaError, match="expected XML bytes"):
        read_message("<x/>", schema_dir=schema_dir)  # type: ignore[arg-type]


def test_xxe_to_etc_passwd_is_refused(schema_dir: Path) -> None:
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<xdomea:Aussonderung.Bewertungsverzeichnis.0502 xmlns:xdomea="'
        + NS.encode()
        + b'"><xdomea:Kopf><xdomea:Hinweis>&xxe;</xdomea:Hinweis></xdomea:Kopf>'
        b"</xdomea:Aussonderung.Bewertungsverzeichnis.0502>"
    )
    with pytest.raises(XdomeaError, match="DOCTYPE") as exc:
        read_message(xml, schema_dir=schema_dir)
    assert "root:" not in str(exc.value)


def test_billion_laughs_is_refused(schema_dir: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">' + entities + "]><r>&l9;</r>"
    ).encode()
    # libxml2 stops it as amplification; if it did not, the DOCTYPE check would
    with pytest.raises(XdomeaError, match=r"DOCTYPE|entity amplification"):
        read_message(xml, schema_dir=schema_dir)


def test_wrong_namespace(schema_dir: Path) -> None:
    xml = b'<Aussonderung.Aussonderung.0503 xmlns="urn:xoev-de:xdomea:schema:2.4.0"/>'
    with pytest.raises(XdomeaError, match=r"not an xdomea 3\.0\.0 message") as exc:
        read_message(xml, schema_dir=schema_dir)
    assert exc.value.path == "/Aussonderung.Aussonderung.0503"


def test_other_message_type(schema_dir: Path) -> None:
    xml = f'<xdomea:Abgabe.Abgabe.0401 xmlns:xdomea="{NS}"/>'.encode()
    with pytest.raises(XdomeaError, match=r"unsupported xdomea message Abgabe\.Abgabe\.0401"):
        read_message(xml, schema_dir=schema_dir)
    # the typed readers refuse another supported type
    _, xml0503 = _valid_container(schema_dir)
    with pytest.raises(XdomeaError, match="expected Anbieteverzeichnis, got Aussonderung"):
        read_anbieteverzeichnis_0501(xml0503, schema_dir=schema_dir)


def test_xsd_failure_names_the_element(schema_dir: Path) -> None:
    _, xml = _valid_container(schema_dir)
    broken = xml.replace(b"<xdomea:ProzessID>", b"<xdomea:ProzessID>X", 1)
    with pytest.raises(XdomeaError) as exc:
        read_message(broken, schema_dir=schema_dir)
    assert exc.value.path == "/xdomea:Aussonderung.Aussonderung.0503/xdomea:Kopf/xdomea:ProzessID"
    assert "pattern" in str(exc.value) and exc.value.line
    with pytest.raises(XdomeaError, match="ProzessID"):
        validate(broken, schema_dir=schema_dir)


def test_value_outside_python_range_names_the_element(schema_dir: Path) -> None:
    _, xml = _valid_container(schema_dir)
    # XSD allows '|' inside the UUID pattern, the UUID type does not
    broken = xml.replace(b"<xdomea:ProzessID>3f2b8c1e", b"<xdomea:ProzessID>3f2b8c1|", 1)
    with pytest.raises(XdomeaError) as exc:
        read_message(broken, schema_dir=schema_dir)
    assert exc.value.path.endswith("xdomea:Kopf/xdomea:ProzessID")


def test_missing_schema_is_an_error_not_a_skip(tmp_path: Path) -> None:
    with pytest.raises(XdomeaError, match="XSD not found"):
        load_schema(tmp_path)
    with pytest.raises(XdomeaError, match="XSD not found"):
        validate(b"<x/>", schema_dir=tmp_path)


@pytest.mark.parametrize(
    "evil", ["../evil.pdf", "/etc/cron.d/evil", "sub/../../evil", "C:\\evil.pdf", "dir/file.pdf"]
)
def test_zip_path_traversal(schema_dir: Path, evil: str) -> None:
    entries, _ = _valid_container(schema_dir)
    with pytest.raises(XdomeaError, match="unsafe or non-flat") as exc:
        read_aussonderung_zip(_zip({**entries, evil: b"owned"}), schema_dir=schema_dir)
    assert exc.value.path == evil


def test_zip_bomb_declared_size(schema_dir: Path) -> None:
    entries, _ = _valid_container(schema_dir)
    bomb = _zip({**entries, "3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f7a6b91.txt": b"\0" * 20_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(XdomeaError, match="zip bomb"):
        read_aussonderung_zip(bomb, schema_dir=schema_dir, max_uncompressed_bytes=10_000_000)


def test_zip_bomb_lying_header(schema_dir: Path) -> None:
    entries, _ = _valid_container(schema_dir)
    name = "3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f7a6b91.txt"
    data = bytearray(_zip({**entries, name: b"\0" * 5_000_000}))
    # forge the declared uncompressed size of the last member in the central directory
    cd_sig = data.rfind(b"PK\x01\x02")
    data[cd_sig + 24 : cd_sig + 28] = (10).to_bytes(4, "little")
    with pytest.raises(XdomeaError, match=r"zip bomb|damaged"):
        read_aussonderung_zip(bytes(data), schema_dir=schema_dir, max_uncompressed_bytes=1_000_000)


def test_zip_primary_file_missing(schema_dir: Path) -> None:
    entries, _ = _valid_container(schema_dir)
    xml_name = next(n for n in entries if n.endswith(".xml"))
    missing = next(n for n in entries if not n.endswith(".xml"))
    del entries[missing]
    with pytest.raises(XdomeaError, match="missing from the container") as exc:
        read_aussonderung_zip(_zip(entries), schema_dir=schema_dir)
    assert repr(missing) in str(exc.value)
    assert exc.value.path.endswith("xdomea:Primaerdokument/xdomea:Dateiname")
    assert xml_name in entries


def test_zip_unreferenced_file(schema_dir: Path) -> None:
    entries, _ = _valid_container(schema_dir)
    with pytest.raises(XdomeaError, match="not referenced"):
        read_aussonderung_zip(_zip({**entries, "readme.txt": b"hi"}), schema_dir=schema_dir)


def test_zip_message_missing_or_misnamed(schema_dir: Path) -> None:
    entries, xml = _valid_container(schema_dir)
    files = {n: d for n, d in entries.items() if not n.endswith(".xml")}
    with pytest.raises(XdomeaError, match="exactly one"):
        read_aussonderung_zip(_zip(files), schema_dir=schema_dir)
    other = "00000000-0000-4000-8000-000000000000_Aussonderung.Aussonderung.0503.xml"
    with pytest.raises(XdomeaError, match="ProzessID"):
        read_aussonderung_zip(_zip({other: xml, **files}), schema_dir=schema_dir)


def test_not_a_zip(schema_dir: Path) -> None:
    with pytest.raises(XdomeaError, match="not a ZIP"):
        read_aussonderung_zip(b"PK but not really", schema_dir=schema_dir)


def test_too_many_entries(schema_dir: Path) -> None:
    entries, _ = _valid_container(schema_dir)
    with pytest.raises(XdomeaError, match="entries, limit"):
        read_aussonderung_zip(_zip(entries), schema_dir=schema_dir, max_entries=1)


def test_build_zip_from_invalid_xml_is_refused(schema_dir: Path) -> None:
    with pytest.raises(XdomeaError):
        build_aussonderung_zip(b"<nope/>", {}, schema_dir=schema_dir)
