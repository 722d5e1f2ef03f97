"""FIM rule interpreter: free-text rules of a schema → executable conditions.

``Regelwerk(schema)`` reads every rule of a Stammdatenschema. A rule whose every sentence
matches a known pattern becomes a :class:`Programm` of statements (Show, Hide, RequiredIf,
AtLeastOne, ExactlyOne, Check, Prefill); any other rule stays an :class:`UnreadableRule`
with its text, to be shown as a hint – it is never dropped. On the server,
``evaluate(data)`` lists the violations and ``visible(data)`` the element ids to show;
``to_json()`` hands the same tree to the browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .model import Datenfeld, Datenfeldgruppe, Kind, Regel, Schema, all_regeln, iter_elements
from .regel_ast import Kontext, find_all
from .regel_sentences import read_rule
from .regel_statements import (
    AtLeastOne,
    Check,
    ExactlyOne,
    Hide,
    Prefill,
    RequiredIf,
    Show,
    Statement,
    Verstoss,
)
from .regel_text import Unreadable

__all__ = [
    "AtLeastOne",
    "Check",
    "ExactlyOne",
    "Hide",
    "Prefill",
    "Programm",
    "Regelwerk",
    "RequiredIf",
    "Show",
    "UnreadableRule",
    "Verstoss",
    "coverage",
    "interpret",
    "muster",
]

_BERLIN = ZoneInfo("Europe/Berlin")


def _today() -> date:
    return datetime.now(tz=_BERLIN).date()


@dataclass(frozen=True, slots=True)
class UnreadableRule:
    """A rule the interpreter could not read: kept with its text, shown as a hint."""

    regel_id: str
    text: str
    grund: str

    def to_json(self) -> dict[str, Any]:
        return {"regel": self.regel_id, "unreadable": True, "text": self.text, "reason": self.grund}


@dataclass(frozen=True, slots=True)
class Programm:
    """An executable rule; ``scope`` is the group it belongs to (None: the whole schema)."""

    regel_id: str
    text: str
    statements: tuple[Statement, ...]
    scope: str | None = None

    def scopes(self, data: Any) -> list[Any]:
        if self.scope is None:
            return [data]
        found: list[Any] = []
        for hit in find_all(data, (self.scope,)):
            found.extend(hit if isinstance(hit, list) else [hit])
        return [s for s in found if isinstance(s, dict)] or [data]

    def evaluate(self, data: Any, ctx: Kontext | None = None) -> list[Verstoss]:
        ctx = ctx or Kontext(today=_today())
        return [
            v
            for scope in self.scopes(data)
            for st in self.statements
            for v in st.check(self.regel_id, scope, data, ctx)
        ]

    def to_json(self) -> dict[str, Any]:
        return {"regel": self.regel_id, "scope": self.scope, "text": self.text,
                "statements": [s.to_json() for s in self.statements]}  # fmt: skip


def regel_text(regel: Regel) -> str:
    return regel.freitext or regel.beschreibung


def interpret(
    regel: Regel, *, scope: str | None = None, known_ids: frozenset[str] | None = None
) -> Programm | UnreadableRule:
    """Read one rule; with ``known_ids`` every referenced element must exist in the schema."""
    text = regel_text(regel)
    try:
        statements = read_rule(text)
    except Unreadable as exc:
        return UnreadableRule(regel.id, text, str(exc))
    if known_ids is not None:
        for st in statements:
            for r in st.refs():
                missing = [i for i in r.path if i not in known_ids]
                if missing:
                    return UnreadableRule(regel.id, text, f"unknown element {missing[0]}")
    return Programm(regel.id, text, statements, scope)


class Regelwerk:
    """All rules of a schema (or group), interpreted, with server-side evaluation."""

    def __init__(self, root: Schema | Datenfeldgruppe, *, land: str | None = None) -> None:
        self.root = root
        self.land = land
        self.ids = frozenset(k.element.id for k, _ in iter_elements(root.struktur)) | {root.id}
        self.labels = {
            k.element.id: {c.code: c.label for c in k.element.werte}
            for k, _ in iter_elements(root.struktur)
            if isinstance(k.element, Datenfeld) and k.element.werte
        }
        self.regeln: tuple[Programm | UnreadableRule, ...] = tuple(
            interpret(r, scope=owner[-1] if owner else None, known_ids=self.ids)
            for r, owner in all_regeln(root)
        )

    @property
    def executable(self) -> tuple[Programm, ...]:
        return tuple(r for r in self.regeln if isinstance(r, Programm))

    @property
    def unreadable(self) -> tuple[UnreadableRule, ...]:
        return tuple(r for r in self.regeln if isinstance(r, UnreadableRule))

    def kontext(self, today: date | None = None) -> Kontext:
        return Kontext(today=today or _today(), land=self.land, labels=self.labels)

    def visible(self, data: Any, *, today: date | None = None) -> set[str]:
        """Ids of the elements to show for ``data`` (children of hidden groups are hidden)."""
        ctx = self.kontext(today)
        shows: dict[str, bool] = {}
        hidden: set[str] = set()
        for prog in self.executable:
            for scope in prog.scopes(data):
                for st in prog.statements:
                    if isinstance(st, Show):
                        held = st.when.holds(scope, data, ctx)
                        for z in st.ziele:
                            shows[z.id] = shows.get(z.id, False) or held
                    elif isinstance(st, Hide) and st.when.holds(scope, data, ctx):
                        hidden.update(z.id for z in st.ziele)
                    elif isinstance(st, Prefill) and st.hidden and st.when.holds(scope, data, ctx):
                        hidden.add(st.ziel.id)
        hidden.update(i for i, shown in shows.items() if not shown)
        out: set[str] = set()

        def walk(kinder: tuple[Kind, ...]) -> None:
            for k in kinder:
                if k.element.id in hidden:
                    continue
                out.add(k.element.id)
                if isinstance(k.element, Datenfeldgruppe):
                    walk(k.element.struktur)

        walk(self.root.struktur)
        return out

    def evaluate(self, data: Any, *, today: date | None = None) -> list[Verstoss]:
        """Violations of all executable rules; "required" only counts for visible elements."""
        ctx = self.kontext(today)
        shown = self.visible(data, today=today)
        out: list[Verstoss] = []
        for prog in self.executable:
            for v in prog.evaluate(data, ctx):
                if v.art == "pflicht" and not set(v.felder) <= shown:
                    continue
                out.append(v)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"schema": self.root.id, "version": self.root.version, "land": self.land,
                "rules": [r.to_json() for r in self.regeln]}  # fmt: skip


def muster(rule: Programm | UnreadableRule) -> str:
    """The recurring pattern a rule belongs to (for reports)."""
    if isinstance(rule, UnreadableRule):
        return "unreadable (kept as hint)"
    kinds = {type(s) for s in rule.statements}
    text = json.dumps(rule.to_json())
    if '"op": "land"' in text:
        return "Länder-specific (Für die Länder … gilt)"
    if '"op": "valid_date"' in text:
        return "Tag/Monat/Jahr form a valid date"
    if Check in kinds and "nur bestimmte Codes" in text:
        return "WENN … DANN muss befüllt, wobei nur Codes …"
    if Check in kinds:
        return "date comparison (vor/nach/Zukunft)"
    if AtLeastOne in kinds:
        return "mindestens eines der Felder"
    if ExactlyOne in kinds:
        return "entweder … oder … (exactly one)"
    if Prefill in kinds:
        return "vorbefüllen und ausblenden"
    if RequiredIf in kinds and Hide in kinds:
        return "WENN = DANN muss befüllt / SONST nicht angezeigt"
    if RequiredIf in kinds:
        return "Pflicht wenn … (required if)"
    return "WENN … DANN zeige/aktiviere / SONST blende aus"


def coverage(regelwerke: list[Regelwerk]) -> tuple[int, int]:
    """(total, executable) over several schemas."""
    total = sum(len(w.regeln) for w in regelwerke)
    return total, sum(len(w.executable) for w in regelwerke)
