import csv
import dataclasses
import json

import pytest

from rathaus.standards.xdatenfelder import (
    Datenfeld,
    Datenfeldgruppe,
    Datentyp,
    Feldart,
    Schema,
    XDatenfelderError,
    parse,
    parse_schema,
)
from rathaus.standards.xdatenfelder.model import iter_elements

from ._data import FIM, XDF1_FILES, XDF2_FILES, XDF3_FILES, ids, needs_data

pytestmark = needs_data


def _manifest() -> dict[str, dict[str, str]]:
    with (FIM / "xdf3" / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return {row["fim_id"]: row for row in csv.DictReader(fh)}


@pytest.mark.parametrize("path", XDF3_FILES, ids=ids(XDF3_FILES))
def test_every_real_xdf3_schema_parses(path):
    meta = json.loads((path.parent / "meta.json").read_text(encoding="utf-8"))
    result = parse_schema(path)
    schema = result.schema
    assert result.xdf_version == "3.0.0"
    assert (schema.id, schema.version, schema.name) == (
        meta["fim_id"],
        meta["fim_version"],
        meta["name"],
    )
    assert schema.bezeichnung == meta["bezeichnung"].strip()
    assert schema.freigabestatus == str(meta["freigabe_status"])
    assert [b.text for b in schema.bezug] == [b.strip() for b in meta["bezug"] if b.strip()]
    assert schema.dokumentsteckbrief == meta["steckbrief_id"]
    key = _manifest()[schema.id]["leistungsschluessel_in_beschreibung"]
    if key:
        assert key in schema.leistungsschluessel
    assert schema.struktur, "a Stammdatenschema has children"
    n_rules = sum(1 for _ in _regel_elements(schema))
    assert n_rules == meta["n_rules"]


def _regel_elements(schema: Schema):
    yield from schema.regeln
    for kind, _ in iter_elements(schema.struktur):
        if isinstance(kind.element, Datenfeldgruppe):
            yield from kind.element.regeln


def test_xdf3_field_details():
    schema = parse_schema(FIM / "xdf3" / "S00000000364" / "schema.xdf.xml").schema
    elements = {k.element.id: k for k, _ in iter_elements(schema.struktur)}
    name = elements["F60000000319"].element
    assert isinstance(name, Datenfeld)
    assert (name.feldart, name.datentyp) == (Feldart.INPUT, Datentyp.TEXT)
    assert (name.praezisierung.min_length, name.praezisierung.max_length) == (1, 1000)
    assert name.bezeichnung_eingabe == "Eingetragener Name"
    assert name.hilfetext_eingabe.startswith("Geben Sie den im Handelsregister")
    group = elements["G00000002211"].element
    assert isinstance(group, Datenfeldgruppe)
    assert schema.regeln[0].freitext.startswith('WENN Datenfeld F00000003445 "Abweichende')
    with pytest.raises(dataclasses.FrozenInstanceError):
        name.name = "x"  # type: ignore[misc]


def test_xdf3_inline_code_list_and_repeatable_children():
    schema = parse_schema(FIM / "xdf3" / "S05000001319" / "schema.xdf.xml").schema
    kinds = [k for k, _ in iter_elements(schema.struktur)]
    selects = [k.element for k in kinds if isinstance(k.element, Datenfeld) and k.element.werte]
    assert selects and all(c.code for f in selects for c in f.werte)
    assert any(k.anzahl.repeatable for k in kinds)
    assert any(k.anzahl.max is None for k in kinds)


@pytest.mark.parametrize("path", XDF2_FILES, ids=ids(XDF2_FILES))
def test_xdf2_parses(path):
    result = parse_schema(path)
    assert result.xdf_version == "2.0"
    assert result.schema.id.startswith("S")


def test_xdf2_praezisierung_is_read_from_json_text():
    schema = parse_schema(FIM / "xdf2" / "S00000121_BlaueKarte.xml").schema
    fields = [k.element for k, _ in iter_elements(schema.struktur)]
    familienname = next(f for f in fields if f.id == "F00000013")
    assert isinstance(familienname, Datenfeld)
    assert familienname.praezisierung.min_length == 1
    lengths = {
        (f.praezisierung.min_length, f.praezisierung.max_length)
        for f in fields
        if isinstance(f, Datenfeld)
    }
    assert (1, 80) in lengths and (5, 5) in lengths  # {"minLength":"1","maxLength":"80"} …
    assert schema.regeln or any(isinstance(f, Datenfeldgruppe) and f.regeln for f in fields)


def test_xdf2_unresolved_code_list_is_a_warning():
    result = parse_schema(FIM / "xdf2" / "S00000121_BlaueKarte.xml")
    assert any("geschlecht" in w for w in result.warnings)
    fields = [k.element for k, _ in iter_elements(result.schema.struktur)]
    geschlecht = next(f for f in fields if isinstance(f, Datenfeld) and f.codeliste)
    assert geschlecht.codeliste is not None


def test_genericode_lists_resolved_for_s00000094():
    result = parse_schema(FIM / "xdf2" / "S00000094" / "S00000094V1.0_xdf2.xml")
    assert not [w for w in result.warnings if "code list" in w]
    fields = {
        k.element.codeliste.canonical_uri: k.element
        for k, _ in iter_elements(result.schema.struktur)
        if isinstance(k.element, Datenfeld) and k.element.codeliste
    }
    status = fields["urn:de:fim:codeliste:statusfrauschwangerstillend"]
    assert [(c.code, c.label) for c in status.werte] == [
        ("001", "ist schwanger"),
        ("002", "hat geboren / ist stillend"),
    ]
    staat = fields["urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat"]
    assert len(staat.werte) > 150 and all(c.code and c.label for c in staat.werte)


@pytest.mark.parametrize("path", XDF1_FILES, ids=ids(XDF1_FILES))
def test_xdf1_parses(path):
    result = parse_schema(path)
    assert result.xdf_version == "1.x"
    assert result.schema.id == "S00000036"
    assert any("Anrede" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("name", "where", "what"),
    [
        ("v2/duplicate-optional-value.xml", "/xdf:stammdatenschema/xdf:beschreibung[2]", "once"),
        ("v2/duplicate-required-value.xml", "/xdf:stammdatenschema/xdf:name[2]", "once"),
        ("v2/unknown-namespace.xml", "/xdf:xdatenfelder.stammdatenschema.0102", "namespace"),
        ("v3/duplicate-id-node.xml", "/xdf:identifikation/xdf:id[2]", "once"),
        ("v3/empty-id-node.xml", "/xdf:identifikation/xdf:id", "empty id"),
        ("v3/missing-id-node.xml", "/xdf:identifikation/xdf:id", "missing required"),
        ("v3/unexpected-node.xml", "/xdf:identifikation/xdf:unknown", "unexpected"),
        ("v3/invalid-freigabestatus.xml", "/xdf:datenfeldgruppe/xdf:freigabestatus", "freigabe"),
        ("v3/unknown-namespace.xml", "/xdf:xdatenfelder.datenfeldgruppe.0103", "namespace"),
    ],
)
def test_broken_synthetic_files_name_the_element(name, where, what):
    with pytest.raises(XDatenfelderError) as info:
        parse(FIM / "synthetic" / name)
    assert info.value.path.endswith(where), info.value.path
    assert what in info.value.message


@pytest.mark.parametrize("name", ["v2/simple.xml", "v2/select.xml", "v2/rule.xml", "v3/simple.xml"])
def test_valid_synthetic_files_parse(name):
    result = parse(FIM / "synthetic" / name)
    assert isinstance(result.root, Schema | Datenfeldgruppe)


def test_synthetic_v3_input_attributes():
    group = parse(FIM / "synthetic" / "v3" / "input.xml").root
    assert isinstance(group, Datenfeldgruppe)
    feld = group.struktur[0].element
    assert isinstance(feld, Datenfeld)
    p = feld.praezisierung
    assert (p.min_length, p.max_length, p.min_value, p.max_value, p.pattern) == (
        0,
        1,
        "0",
        "1",
        "abc",
    )
    assert (feld.inhalt, p.max_size, p.media_types) == ("Some Content", 10, ("application/json",))
    with pytest.raises(TypeError):
        _ = parse(FIM / "synthetic" / "v3" / "input.xml").schema


def test_conflicting_duplicate_definition_is_an_error():
    data = (FIM / "xdf3" / "S00000000362" / "schema.xdf.xml").read_bytes()
    marker = b"<xdf3:id>F60000000261</xdf3:id>"
    assert data.count(marker) > 1, "the field occurs twice in this schema"
    second = data.index(marker, data.index(marker) + 1)
    name_at = data.index(b"<xdf3:name>", second)
    broken = data[:name_at] + b"<xdf3:name>Anders" + data[name_at + len(b"<xdf3:name>") :]
    with pytest.raises(XDatenfelderError) as info:
        parse(broken)
    assert "F60000000261" in info.value.message and "conflicts" in info.value.message
    assert "/xdf3:struktur" in info.value.path and info.value.path.endswith("xdf3:datenfeld")


def test_anzahl_must_be_min_max():
    data = (FIM / "xdf3" / "S00000000364" / "schema.xdf.xml").read_bytes()
    broken = data.replace(b"<xdf3:anzahl>1:1</xdf3:anzahl>", b"<xdf3:anzahl>eins</xdf3:anzahl>", 1)
    with pytest.raises(XDatenfelderError) as info:
        parse(broken)
    assert info.value.path.endswith("/xdf3:struktur[1]/xdf3:anzahl")
