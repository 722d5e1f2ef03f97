"""JSON Schema (draft 2020-12) of a Stammdatenschema, keyed by the FIM element ids."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .model import Anzahl, Datenfeld, Datenfeldgruppe, Datentyp, Feldart, Kind, Schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
JsonSchema = dict[str, Any]

_STRING_FORMATS = {Datentyp.DATE: "date", Datentyp.TIME: "time", Datentyp.DATETIME: "date-time"}


def _def_key(element: Datenfeld | Datenfeldgruppe) -> str:
    return f"{element.id}V{element.version}" if element.version else element.id


def _number(value: str | None) -> int | float | None:
    if value is None:
        return None
    try:
        d = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _anchored(pattern: str) -> str:
    # XSD patterns match the whole value; JSON Schema patterns search, so anchor them.
    body = pattern[1:] if pattern.startswith("^") else pattern
    body = body[:-1] if body.endswith("$") and not body.endswith("\\$") else body
    return f"^(?:{body})$"


def _label(element: Datenfeld | Datenfeldgruppe) -> str:
    return element.bezeichnung_eingabe or element.name


def feld_schema(feld: Datenfeld) -> JsonSchema:
    """The JSON Schema of one Datenfeld's value."""
    p = feld.praezisierung
    out: JsonSchema = {"title": _label(feld)}
    if feld.hilfetext_eingabe:
        out["description"] = feld.hilfetext_eingabe
    if feld.werte:
        out["type"] = "string"
        out["oneOf"] = [{"const": c.code, "title": c.label or c.code} for c in feld.werte]
    elif feld.datentyp is Datentyp.BOOL:
        out["type"] = "boolean"
    elif feld.datentyp in (Datentyp.NUM, Datentyp.NUM_INT, Datentyp.NUM_CURRENCY):
        out["type"] = "integer" if feld.datentyp is Datentyp.NUM_INT else "number"
        lo, hi = _number(p.min_value), _number(p.max_value)
        if lo is not None:
            out["minimum"] = lo
        if hi is not None:
            out["maximum"] = hi
    elif feld.datentyp in (Datentyp.FILE, Datentyp.OBJ):
        out["type"] = "string"
        out["contentEncoding"] = "base64"
        if len(p.media_types) == 1:
            out["contentMediaType"] = p.media_types[0]
    else:
        out["type"] = "string"
        if feld.datentyp in _STRING_FORMATS:
            out["format"] = _STRING_FORMATS[feld.datentyp]
        if p.min_length is not None:
            out["minLength"] = p.min_length
        if p.max_length is not None:
            out["maxLength"] = p.max_length
        if p.pattern:
            out["pattern"] = _anchored(p.pattern)
    if feld.feldart is Feldart.LOCKED:
        out["readOnly"] = True
    if feld.inhalt and out.get("type") == "string" and not feld.werte:
        out["default"] = feld.inhalt
    return out


def _with_anzahl(ref: JsonSchema, anzahl: Anzahl) -> JsonSchema:
    if not anzahl.repeatable:
        return ref
    arr: JsonSchema = {"type": "array", "items": ref}
    if anzahl.min:
        arr["minItems"] = anzahl.min
    if anzahl.max is not None:
        arr["maxItems"] = anzahl.max
    return arr


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, JsonSchema] = {}

    def ref(self, element: Datenfeld | Datenfeldgruppe) -> JsonSchema:
        key = _def_key(element)
        if key not in self.defs:
            self.defs[key] = {}  # reserve first: a group may appear again inside itself
            if isinstance(element, Datenfeld):
                self.defs[key] = feld_schema(element)
            else:
                self.defs[key] = {"title": _label(element), **self.objekt(element.struktur)}
        return {"$ref": f"#/$defs/{key}"}

    def objekt(self, struktur: tuple[Kind, ...]) -> JsonSchema:
        props: dict[str, JsonSchema] = {}
        required: list[str] = []
        for kind in struktur:
            el = kind.element
            if isinstance(el, Datenfeld) and el.feldart is Feldart.LABEL:
                continue  # a label shows text and carries no data
            props[el.id] = _with_anzahl(self.ref(el), kind.anzahl)
            if kind.anzahl.min >= 1 and el.id not in required:
                required.append(el.id)
        out: JsonSchema = {"type": "object", "properties": props}
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out


def to_json_schema(schema: Schema | Datenfeldgruppe) -> JsonSchema:
    """Draft 2020-12 JSON Schema: properties named by element id (G…/F…), one $def each."""
    b = _Builder()
    body = b.objekt(schema.struktur)
    name = schema.name
    title = schema.bezeichnung if isinstance(schema, Schema) else schema.bezeichnung_eingabe
    return {
        "$schema": DRAFT,
        "$id": f"urn:xoev-de:fim:datenschema:{schema.id}:{schema.version}",
        "title": title or name,
        **({"description": schema.beschreibung} if schema.beschreibung else {}),
        **body,
        "$defs": b.defs,
    }


# -- a minimal instance, for tests and demo drafts ------------------------------------

_CANDIDATES = ("12345", "test@example.org", "1234567890123", "A", "1", "2024-01-01")


def _sample_string(s: JsonSchema) -> str:
    lo, hi = s.get("minLength", 1), s.get("maxLength")
    fmt = s.get("format")
    if fmt == "date":
        return "2024-01-31"
    if fmt == "time":
        return "12:00:00"
    if fmt == "date-time":
        return "2024-01-31T12:00:00+01:00"
    pattern = s.get("pattern")
    options = (*_CANDIDATES, "x" * max(lo, 1))
    for cand in options:
        if pattern and not re.search(pattern, cand):
            continue
        if len(cand) >= lo and (hi is None or len(cand) <= hi):
            return cand
    return "x" * max(lo, 1)


def _sample(s: JsonSchema, defs: dict[str, JsonSchema]) -> Any:
    if "$ref" in s:
        return _sample(defs[s["$ref"].rsplit("/", 1)[1]], defs)
    if "oneOf" in s:
        return s["oneOf"][0]["const"]
    kind = s.get("type")
    if kind == "object":
        return {k: _sample(s["properties"][k], defs) for k in s.get("required", ())}
    if kind == "array":
        return [_sample(s["items"], defs) for _ in range(s.get("minItems", 0))]
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return s.get("minimum", 1)
    if s.get("contentEncoding") == "base64":
        return "UERG"
    return _sample_string(s)


def sample_instance(json_schema: JsonSchema) -> Any:
    """The smallest instance: only required members, each with a plausible valid value."""
    return _sample(json_schema, json_schema.get("$defs", {}))
