"""Statements of an interpreted rule: what a condition does to the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .regel_ast import Always, Comparison, Cond, Const, Kontext, Ref, find_all, is_filled


@dataclass(frozen=True, slots=True)
class Verstoss:
    """A violated rule, naming the fields the citizen has to look at."""

    regel_id: str
    felder: tuple[str, ...]
    art: str  # pflicht | nicht_erlaubt | mindestens_eines | genau_eines | pruefung | vorbelegung
    meldung: str

    def to_json(self) -> dict[str, Any]:
        return {"regel": self.regel_id, "felder": list(self.felder), "art": self.art,
                "meldung": self.meldung}  # fmt: skip


ALWAYS = Always()


def _filled(ref: Ref, scope: Any, data: Any) -> bool:
    return any(is_filled(v) for v in ref.values(scope, data))


class Statement:
    """Base: ``check`` returns violations, ``shows``/``hides`` steer visibility."""

    def targets(self) -> tuple[Ref, ...]:
        return ()

    def refs(self) -> list[Ref]:
        return list(self.targets())

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        return []

    def to_json(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Show(Statement):
    """The targets are shown only while ``when`` holds (and then required if ``required``)."""

    ziele: tuple[Ref, ...]
    when: Cond
    required: bool = False

    def targets(self) -> tuple[Ref, ...]:
        return self.ziele

    def refs(self) -> list[Ref]:
        return [*self.ziele, *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.required or not self.when.holds(scope, data, ctx):
            return []
        return [
            Verstoss(rid, (z.id,), "pflicht", f"{z.id} ist auszufüllen")
            for z in self.ziele
            if not _filled(z, scope, data)
        ]

    def to_json(self) -> dict[str, Any]:
        return {"do": "show", "targets": [z.to_json() for z in self.ziele],
                "when": self.when.to_json(), "required": self.required}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Hide(Statement):
    """The targets are hidden while ``when`` holds; data in them is then not allowed."""

    ziele: tuple[Ref, ...]
    when: Cond

    def targets(self) -> tuple[Ref, ...]:
        return self.ziele

    def refs(self) -> list[Ref]:
        return [*self.ziele, *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.when.holds(scope, data, ctx):
            return []
        return [
            Verstoss(
                rid,
                (z.id,),
                "nicht_erlaubt",
                f"{z.id} ist ausgeblendet und darf nicht befüllt sein",
            )
            for z in self.ziele
            if _filled(z, scope, data)
        ]

    def to_json(self) -> dict[str, Any]:
        return {"do": "hide", "targets": [z.to_json() for z in self.ziele],
                "when": self.when.to_json()}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RequiredIf(Statement):
    ziele: tuple[Ref, ...]
    when: Cond

    def targets(self) -> tuple[Ref, ...]:
        return self.ziele

    def refs(self) -> list[Ref]:
        return [*self.ziele, *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.when.holds(scope, data, ctx):
            return []
        return [
            Verstoss(rid, (z.id,), "pflicht", f"{z.id} ist auszufüllen")
            for z in self.ziele
            if not _filled(z, scope, data)
        ]

    def to_json(self) -> dict[str, Any]:
        return {"do": "required", "targets": [z.to_json() for z in self.ziele],
                "when": self.when.to_json()}  # fmt: skip


def _matches(ref: Ref, value: Const | None, scope: Any, data: Any, ctx: Kontext) -> bool:
    if value is None:
        return _filled(ref, scope, data)
    return Comparison(ref, "=", value).holds(scope, data, ctx)


@dataclass(frozen=True, slots=True)
class AtLeastOne(Statement):
    """At least one of the fields is filled (or has ``value``, e.g. ``wahr``)."""

    felder: tuple[Ref, ...]
    value: Const | None = None
    when: Cond = ALWAYS

    def refs(self) -> list[Ref]:
        return [*self.felder, *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.when.holds(scope, data, ctx):
            return []
        if any(_matches(f, self.value, scope, data, ctx) for f in self.felder):
            return []
        ids = tuple(f.id for f in self.felder)
        return [Verstoss(rid, ids, "mindestens_eines", f"mindestens eines von {', '.join(ids)}")]

    def to_json(self) -> dict[str, Any]:
        return {"do": "at_least_one", "fields": [f.to_json() for f in self.felder],
                "value": self.value.to_json() if self.value else None,
                "when": self.when.to_json()}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExactlyOne(Statement):
    """Exactly one of the fields or groups is filled ("entweder … oder …")."""

    felder: tuple[Ref, ...]
    when: Cond = ALWAYS

    def refs(self) -> list[Ref]:
        return [*self.felder, *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.when.holds(scope, data, ctx):
            return []
        if sum(_filled(f, scope, data) for f in self.felder) == 1:
            return []
        ids = tuple(f.id for f in self.felder)
        return [Verstoss(rid, ids, "genau_eines", f"genau eines von {', '.join(ids)}")]

    def to_json(self) -> dict[str, Any]:
        return {"do": "exactly_one", "fields": [f.to_json() for f in self.felder],
                "when": self.when.to_json()}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Check(Statement):
    """``cond`` must hold whenever ``when`` holds (comparisons, dates, allowed codes)."""

    cond: Cond
    when: Cond = ALWAYS
    meldung: str = ""

    def refs(self) -> list[Ref]:
        return [*self.cond.refs(), *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.when.holds(scope, data, ctx) or self.cond.holds(scope, data, ctx):
            return []
        ids = tuple(dict.fromkeys(r.id for r in self.cond.refs()))
        return [Verstoss(rid, ids, "pruefung", self.meldung or "Prüfung nicht erfüllt")]

    def to_json(self) -> dict[str, Any]:
        return {"do": "check", "cond": self.cond.to_json(), "when": self.when.to_json(),
                "message": self.meldung}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Prefill(Statement):
    """The field is preset with ``value`` (and hidden when ``hidden``)."""

    ziel: Ref
    value: Const
    when: Cond = ALWAYS
    hidden: bool = True

    def targets(self) -> tuple[Ref, ...]:
        return (self.ziel,)

    def refs(self) -> list[Ref]:
        return [self.ziel, *self.when.refs()]

    def check(self, rid: str, scope: Any, data: Any, ctx: Kontext) -> list[Verstoss]:
        if not self.when.holds(scope, data, ctx):
            return []
        values = [v for v in find_all(scope, self.ziel.path) if is_filled(v)]
        if all(str(v) == str(self.value.value) for v in values):
            return []
        return [Verstoss(rid, (self.ziel.id,), "vorbelegung", f"{self.ziel.id} ist vorbelegt")]

    def to_json(self) -> dict[str, Any]:
        return {"do": "prefill", "target": self.ziel.to_json(), "value": self.value.to_json(),
                "when": self.when.to_json(), "hidden": self.hidden}  # fmt: skip
