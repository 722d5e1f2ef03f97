"""The stored form of a parsed schema: the codec's dataclasses as plain JSON and back.

Every dataclass becomes an object tagged ``"@": ClassName`` holding only the fields that
differ from their defaults; code lists are stored once in ``codelisten`` (a value list is
often shared by several fields) and referenced by key; a resolved genericode list is stored
there in full (codes, display texts, ISO keys), so a form never needs the list files at
runtime. ``decode(encode(schema)) == schema``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from enum import Enum
from typing import Any

from rathaus.standards.xdatenfelder import (
    Anzahl,
    Bezug,
    Code,
    CodelisteReferenz,
    Datenfeld,
    Datenfeldgruppe,
    Datentyp,
    Feldart,
    Kind,
    Praezisierung,
    Regel,
    Schema,
)

FORMAT = 1
_CLASSES: dict[str, type] = {
    c.__name__: c
    for c in (
        Anzahl,
        Bezug,
        CodelisteReferenz,
        Datenfeld,
        Datenfeldgruppe,
        Kind,
        Praezisierung,
        Regel,
        Schema,
    )
}
_ENUMS: dict[str, type[Enum]] = {"feldart": Feldart, "datentyp": Datentyp}


class _Encoder:
    def __init__(self) -> None:
        self.codelisten: dict[str, list[list[str]]] = {}

    def werte(self, codes: tuple[Code, ...]) -> str:
        rows = [_code_row(c) for c in codes]
        key = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]
        self.codelisten.setdefault(key, rows)
        return key

    def value(self, obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            out: dict[str, Any] = {"@": type(obj).__name__}
            for f in dataclasses.fields(obj):
                v = getattr(obj, f.name)
                if f.default is not dataclasses.MISSING and v == f.default:
                    continue
                if f.default_factory is not dataclasses.MISSING and v == f.default_factory():
                    continue
                out[f.name] = self.werte(v) if f.name == "werte" else self.value(v)
            return out
        if isinstance(obj, Enum):
            return obj.value
        if isinstance(obj, tuple | list):
            return [self.value(v) for v in obj]
        return obj


def _code_row(c: Code) -> list[Any]:
    """``[code, label]``, then ``hilfe`` and ``[[column, value], …]`` where set."""
    row: list[Any] = [c.code, c.label]
    if c.hilfe or c.spalten:
        row.append(c.hilfe)
    if c.spalten:
        row.append([list(p) for p in c.spalten])
    return row


def _code(row: list[Any]) -> Code:
    spalten = tuple((str(k), str(v)) for k, v in row[3]) if len(row) > 3 else ()
    return Code(row[0], row[1], row[2] if len(row) > 2 else "", spalten)


def encode(schema: Schema | Datenfeldgruppe) -> dict[str, Any]:
    """The schema as JSON: ``{"format", "root", "codelisten"}``."""
    enc = _Encoder()
    root = enc.value(schema)
    return {"format": FORMAT, "root": root, "codelisten": enc.codelisten}


def decode(data: dict[str, Any]) -> Schema | Datenfeldgruppe:
    """The dataclasses again, from :func:`encode`'s output."""
    codelisten = {
        key: tuple(_code(row) for row in rows) for key, rows in data["codelisten"].items()
    }

    def value(obj: Any, name: str = "") -> Any:
        if isinstance(obj, dict) and "@" in obj:
            cls = _CLASSES[obj["@"]]
            kwargs = {k: value(v, k) for k, v in obj.items() if k != "@"}
            return cls(**kwargs)
        if name == "werte":
            return codelisten[obj]
        if name in _ENUMS:
            return _ENUMS[name](obj)
        if isinstance(obj, list):
            return tuple(value(v) for v in obj)
        return obj

    root = value(data["root"])
    if not isinstance(root, Schema | Datenfeldgruppe):
        raise TypeError("struktur holds no schema")
    return root
