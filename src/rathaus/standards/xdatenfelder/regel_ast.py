"""The executable form of FIM rules: a small AST of frozen dataclasses.

Conditions read values from a form's data (a dict keyed by FIM ids, as described by
:func:`to_json_schema`); statements turn them into visibility and violations. Every node
serialises to plain JSON (``to_json``) so the browser can evaluate the same tree.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

Value = str | bool | int | float

_TRUE = {"ja", "wahr", "true", "j", "1", "yes"}
_FALSE = {"nein", "falsch", "false", "n", "0", "no"}


@dataclass(frozen=True, slots=True)
class Kontext:
    """Everything a condition may look at besides the data."""

    today: date
    land: str | None = None  # two-letter code of the Land running the form; None = all apply
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # field id -> code -> label


# -- value access ----------------------------------------------------------------------


def find_all(scope: Any, path: tuple[str, ...]) -> list[Any]:
    """Every value at ``path`` (ids, first one searched at any depth) inside ``scope``."""
    hits: list[Any] = []

    def follow(node: Any, rest: tuple[str, ...]) -> None:
        if isinstance(node, list):
            for item in node:
                follow(item, rest)
            return
        if not rest:
            hits.append(node)
            return
        if isinstance(node, dict) and rest[0] in node:
            follow(node[rest[0]], rest[1:])

    def search(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == path[0]:
                    follow(value, path[1:])
                else:
                    search(value)
        elif isinstance(node, list):
            for item in node:
                search(item)

    search(scope)
    return hits


def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, dict):
        return any(is_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(is_filled(v) for v in value)
    return True


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+([.,]\d+)?", value.strip()):
        return float(value.strip().replace(",", "."))
    return None


def _truth(value: Any, labels: dict[str, str]) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    for candidate in (text, labels.get(str(value).strip(), "").strip().casefold()):
        if candidate in _TRUE:
            return True
        if candidate in _FALSE:
            return False
    return None


def _equal(value: Any, const: Value, labels: dict[str, str]) -> bool:
    if not is_filled(value):
        return False
    if isinstance(const, bool):
        return _truth(value, labels) is const
    a, b = _as_number(value), _as_number(const)
    if a is not None and b is not None:
        return a == b
    text = str(value).strip().casefold()
    wanted = str(const).strip().casefold()
    return text == wanted or labels.get(str(value).strip(), "").strip().casefold() == wanted


# -- operands and conditions -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    path: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.path[-1]

    def values(self, scope: Any, data: Any) -> list[Any]:
        hits = find_all(scope, self.path)
        if not hits and scope is not data:
            hits = find_all(data, self.path)
        return hits

    def value(self, scope: Any, data: Any) -> Any:
        filled = [v for v in self.values(scope, data) if is_filled(v)]
        return filled[0] if filled else None

    def to_json(self) -> dict[str, Any]:
        return {"ref": list(self.path)}


@dataclass(frozen=True, slots=True)
class Const:
    value: Value
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"const": self.value, **({"label": self.label} if self.label else {})}


@dataclass(frozen=True, slots=True)
class Today:
    offset_years: int = 0

    def resolve(self, ctx: Kontext) -> date:
        t = ctx.today
        year = t.year + self.offset_years
        return t.replace(year=year, day=min(t.day, calendar.monthrange(year, t.month)[1]))

    def to_json(self) -> dict[str, Any]:
        return {"today": self.offset_years}


class Cond:
    """Base of conditions: ``holds(scope, data, ctx) -> bool``."""

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:  # pragma: no cover
        raise NotImplementedError

    def refs(self) -> list[Ref]:
        return []

    def to_json(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Always(Cond):
    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        return True

    def to_json(self) -> dict[str, Any]:
        return {"op": "always"}


@dataclass(frozen=True, slots=True)
class Filled(Cond):
    ref: Ref

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        return any(is_filled(v) for v in self.ref.values(scope, data))

    def refs(self) -> list[Ref]:
        return [self.ref]

    def to_json(self) -> dict[str, Any]:
        return {"op": "filled", **self.ref.to_json()}


@dataclass(frozen=True, slots=True)
class Not(Cond):
    cond: Cond

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        return not self.cond.holds(scope, data, ctx)

    def refs(self) -> list[Ref]:
        return self.cond.refs()

    def to_json(self) -> dict[str, Any]:
        return {"op": "not", "cond": self.cond.to_json()}


@dataclass(frozen=True, slots=True)
class AllOf(Cond):
    conds: tuple[Cond, ...]

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        return all(c.holds(scope, data, ctx) for c in self.conds)

    def refs(self) -> list[Ref]:
        return [r for c in self.conds for r in c.refs()]

    def to_json(self) -> dict[str, Any]:
        return {"op": "all", "conds": [c.to_json() for c in self.conds]}


@dataclass(frozen=True, slots=True)
class AnyOf(Cond):
    conds: tuple[Cond, ...]

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        return any(c.holds(scope, data, ctx) for c in self.conds)

    def refs(self) -> list[Ref]:
        return [r for c in self.conds for r in c.refs()]

    def to_json(self) -> dict[str, Any]:
        return {"op": "any", "conds": [c.to_json() for c in self.conds]}


@dataclass(frozen=True, slots=True)
class LandIs(Cond):
    """The form runs in one of these Länder (true for all when no Land is configured)."""

    laender: tuple[str, ...]

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        return ctx.land is None or ctx.land.upper() in self.laender

    def to_json(self) -> dict[str, Any]:
        return {"op": "land", "laender": list(self.laender)}


_ORDER = {"<", "<=", ">", ">="}


@dataclass(frozen=True, slots=True)
class Comparison(Cond):
    """``left op right``; right is a constant, another field or today (± years).

    ``=`` and ``!=`` compare codes, labels and yes/no words; the order operators compare
    dates or numbers. An empty left side is never equal and always unequal.
    """

    left: Ref
    op: str
    right: Ref | Const | Today

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        labels = ctx.labels.get(self.left.id, {})
        values = [v for v in self.left.values(scope, data) if is_filled(v)]
        if self.op in ("=", "!="):
            if isinstance(self.right, Const):
                const = self.right.value
                equal = any(_equal(v, const, labels) for v in values)
            else:
                other = self._right_value(scope, data, ctx)
                equal = any(_equal(v, other, labels) for v in values) if other else False
            return equal if self.op == "=" else not equal
        other = self._right_value(scope, data, ctx)
        if not values or other is None:
            return False
        return _ordered(values[0], self.op, other)

    def _right_value(self, scope: Any, data: Any, ctx: Kontext) -> Any:
        if isinstance(self.right, Today):
            return self.right.resolve(ctx)
        if isinstance(self.right, Ref):
            return self.right.value(scope, data)
        return self.right.value

    def refs(self) -> list[Ref]:
        return [self.left, *([self.right] if isinstance(self.right, Ref) else [])]

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "left": self.left.to_json(), "right": self.right.to_json()}


def _ordered(a: Any, op: str, b: Any) -> bool:
    da, db = _as_date(a), _as_date(b)
    left: Any
    right: Any
    if da is not None and db is not None:
        left, right = da, db
    else:
        na, nb = _as_number(a), _as_number(b)
        if na is None or nb is None:
            return False
        left, right = na, nb
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
    }[op]


@dataclass(frozen=True, slots=True)
class ValidDate(Cond):
    """Day, month and year fields together name a real calendar date (or are not all set)."""

    tag: Ref
    monat: Ref
    jahr: Ref

    def holds(self, scope: Any, data: Any, ctx: Kontext) -> bool:
        parts = [_as_number(r.value(scope, data)) for r in (self.tag, self.monat, self.jahr)]
        if any(p is None for p in parts):
            return True
        d, m, y = (int(p) for p in parts if p is not None)
        return 1 <= m <= 12 and y >= 1 and 1 <= d <= calendar.monthrange(y, m)[1]

    def refs(self) -> list[Ref]:
        return [self.tag, self.monat, self.jahr]

    def to_json(self) -> dict[str, Any]:
        return {"op": "valid_date", "parts": [r.to_json() for r in self.refs()]}
