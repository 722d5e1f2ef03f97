import pytest
from jsonschema import Draft202012Validator

from rathaus.standards.xdatenfelder import parse, sample_instance, to_json_schema

from ._data import ALL_FILES, FIM, ids, needs_data

pytestmark = needs_data


def _validator(schema):
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_generated_schema_is_valid_and_accepts_a_minimal_sample(path):
    js = to_json_schema(parse(path).root)
    Draft202012Validator.check_schema(js)
    assert js["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert js["additionalProperties"] is False
    errors = list(_validator(js).iter_errors(sample_instance(js)))
    assert not errors, errors[0].message


def _schema(sid: str):
    return to_json_schema(parse(FIM / "xdf3" / sid / "schema.xdf.xml").root)


def _resolve(js, node):
    return js["$defs"][node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node


def test_properties_are_fim_ids_and_required_follows_anzahl():
    js = _schema("S00000000364")
    assert set(js["properties"]) >= {"F60000000319", "G60000000086", "G00000002211"}
    assert "F60000000319" in js["required"]  # 1:1
    name = _resolve(js, js["properties"]["F60000000319"])
    assert (name["type"], name["minLength"], name["maxLength"]) == ("string", 1, 1000)
    address = _resolve(js, js["properties"]["G60000000086"])
    assert address["type"] == "object" and address["additionalProperties"] is False
    plz = _resolve(js, address["properties"]["F60000000246"])
    assert plz["pattern"].startswith("^(?:") and plz["pattern"].endswith(")$")
    v = _validator(js)
    sample = sample_instance(js)
    assert v.is_valid(sample)
    sample["F60000000319"] = ""
    assert not v.is_valid(sample)
    sample["F60000000319"] = "Muster GmbH"
    sample["Fremd"] = 1
    assert not v.is_valid(sample)


def test_repeatable_elements_become_arrays_and_codes_become_choices():
    js = _schema("S05000001319")
    arrays = [
        node
        for d in js["$defs"].values()
        for node in d.get("properties", {}).values()
        if node.get("type") == "array"
    ]
    assert arrays
    assert any("maxItems" not in a for a in arrays)  # 0:* / 1:*
    assert all(a.get("minItems", 0) <= a.get("maxItems", 10**6) for a in arrays)
    choices = [d for d in js["$defs"].values() if "oneOf" in d]
    assert choices and all(c["type"] == "string" for c in choices)
    assert all("const" in o and "title" in o for c in choices for o in c["oneOf"])


def test_types_from_datentyp():
    js = _schema("S05000001319")
    types = {(d.get("type"), d.get("format")) for d in js["$defs"].values()}
    assert ("string", "date") in types
    assert ("boolean", None) in types
    assert ("integer", None) in types
    ranges = [d for d in js["$defs"].values() if d.get("type") == "integer" and "maximum" in d]
    assert any((d["minimum"], d["maximum"]) == (1, 12) for d in ranges)  # Monat
