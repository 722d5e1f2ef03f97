"""Recognise the recurring German free-text patterns of FIM rules and build the AST.

The texts are written by people, not generated, so this reader is a set of templates
for the patterns that recur in the real corpus. Anything it is not sure about raises
:class:`Unreadable`; a rule is only executable when every sentence of it was understood.
"""

from __future__ import annotations

import re

from .regel_ast import (
    AllOf,
    AnyOf,
    Comparison,
    Cond,
    Const,
    Filled,
    Not,
    Ref,
    Today,
    Value,
)

ID = r"[FG]\d{5,}"
PATH = rf"{ID}(?:\.?{ID})*"
_PATH_RE = re.compile(PATH)
_ID_RE = re.compile(ID)
_OP = re.compile(r"===|==|!=|<>|<=|>=|=|<|>")
_OPS = {"===": "=", "==": "=", "=": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">",
        "<=": "<=", ">=": ">="}  # fmt: skip
_TRUE_WORDS = {"ja", "wahr", "true"}
_FALSE_WORDS = {"nein", "falsch", "false"}
_LAND = r"[A-Z]{2}"
_LAND_HDR = re.compile(
    rf"Für (?:das Land|die Länder) ({_LAND}(?:\s*(?:,|und)\s*{_LAND})*) gilt\s*[:.]"
)
_OTHERS_HDR = re.compile(r"Für (?:alle )?(?:die )?anderen L(?:ä|a)nder(?:n)? gilt\s*[:.]")


class Unreadable(Exception):
    """The text (or one sentence of it) matches no known pattern."""


def ref(path: str) -> Ref:
    return Ref(tuple(_ID_RE.findall(path)))


def refs_in(text: str) -> tuple[Ref, ...]:
    return tuple(dict.fromkeys(ref(m) for m in _PATH_RE.findall(text)))


def normalize(text: str) -> str:
    """One line, straight quotes, and the quoted labels after ids removed."""
    t = text.replace("\r", " ").replace("'", '"')
    for q in "„“”«»":
        t = t.replace(q, '"')
    t = re.sub(rf'"({PATH})\s+[^"\s][^"]*"', r"\1", t)  # "F123 Label" -> F123
    t = re.sub(rf'"({PATH})\b', r"\1", t)  # stray quote before an id
    t = re.sub(rf'({PATH})\s*"[^"]*"', r"\1", t)  # F123 "Label" -> F123
    # "in der Gruppe G1 das Feld F2" names F2 inside G1
    t = re.sub(
        rf"in der (?:Feld)?[Gg]ruppe ({PATH}) (?:das|dem) (?:Daten)?[Ff]eld ({PATH})", r"\1.\2", t
    )
    return re.sub(r"\s+", " ", t).strip()


def split_outside_quotes(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split at matches of ``pattern`` that are not inside double quotes."""
    parts, start, inside = [], 0, False
    i = 0
    while i < len(text):
        if text[i] == '"':
            inside = not inside
        elif not inside:
            m = pattern.match(text, i)
            if m and m.end() > i:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


# -- values and conditions -------------------------------------------------------------


def parse_value(text: str) -> Const:
    t = text.strip().strip("()").strip()
    t = re.sub(r"^(?:===|==|!=|<>|=)\s*", "", t)
    if not t:
        raise Unreadable("empty value")
    if t.startswith('"'):
        inner = t[1:].split('"', 1)[0].strip()
        first = inner.split(" ", 1)
        if len(first) == 2 and re.fullmatch(r"\d+", first[0]):
            return _const(first[0], first[1])
        return _const(inner, "")
    m = re.match(r'([\w./]+)\s*(?:[-=]?\s*"?(.*?)"?)?$', t)
    if not m:
        raise Unreadable(f"value {text!r}")
    return _const(m.group(1), (m.group(2) or "").strip(' "'))


def _const(token: str, label: str) -> Const:
    low = token.casefold()
    value: Value = True if low in _TRUE_WORDS else False if low in _FALSE_WORDS else token
    if low in {"alle", "ein", "eine"}:
        raise Unreadable(f"value {token!r}")
    return Const(value, label)


_VALUE_SPLIT = re.compile(r"\s*\b(?:ODER|UND)\b\s*")


def parse_comparison(left: Ref, op: str, rest: str) -> Cond:
    age = re.match(r"^\s*(\d+)\s*Jahre", rest)
    if op in ("<", ">") and age:
        if not left.id.startswith("F"):
            raise Unreadable("age of a group")
        years = int(age.group(1))
        # younger than N years <=> born after today - N years
        return Comparison(left, ">" if op == "<" else "<=", Today(-years))
    if _PATH_RE.fullmatch(rest.strip()):
        return Comparison(left, _OPS[op], ref(rest.strip()))
    items = split_outside_quotes(rest, _VALUE_SPLIT)
    if not items:
        raise Unreadable("no value")
    conds: list[Cond] = []
    for item in items:
        m = _OP.match(item.strip().lstrip("("))
        item_op = _OPS[m.group(0)] if m else _OPS[op]
        conds.append(Comparison(left, item_op, parse_value(item)))
    if len(conds) == 1:
        return conds[0]
    ops = {c.op for c in conds if isinstance(c, Comparison)}
    return AllOf(tuple(conds)) if ops == {"!="} else AnyOf(tuple(conds))


_FILLER = re.compile(
    r"^(?:wenn|bei|in|im|das|die|der|dem|den|feld|datenfeld|datenfeldgruppe|gruppe|"
    r"feldgruppe|nur|auswahlfeld:?)\b\s*",
    re.IGNORECASE,
)


def parse_condition(text: str, previous: Ref | None) -> tuple[Cond, Ref | None]:
    t = text.strip().rstrip(",").strip()
    while True:
        stripped = _FILLER.sub("", t, count=1)
        if stripped == t:
            break
        t = stripped
    if m := re.fullmatch(rf"alle drei Felder ({PATH}), ({PATH}) und ({PATH}) befüllt sind", t):
        rs = tuple(ref(g) for g in m.groups())
        return AllOf(tuple(Filled(r) for r in rs)), rs[0]
    if m := re.fullmatch(r"eines der (?:folgenden )?Felder (.+?) mit \"?(\w+)\"? belegt ist", t):
        rs = refs_in(m.group(1))
        return AnyOf(tuple(Comparison(r, "=", parse_value(m.group(2))) for r in rs)), None
    m = _PATH_RE.search(t)
    left = ref(m.group(0)) if m else previous
    tail = t[m.end() :] if m else t
    if left is None:
        raise Unreadable("condition without a field")
    tail = tail.strip()
    if re.fullmatch(
        r"(?:ist |sind )?(?:nicht leer|befüllt|ausgefüllt)(?: (?:wurde|ist|sind))?", tail
    ):
        return Filled(left), left
    if re.fullmatch(
        r"(?:ist |sind )?(?:leer|nicht befüllt|nicht ausgefüllt)(?: (?:wurde|ist))?", tail
    ):
        return Not(Filled(left)), left
    if re.fullmatch(r"bejaht(?: wurde)?", tail):
        return Comparison(left, "=", Const(True)), left
    if m := re.fullmatch(r"(nicht )?der Wert (\"\"|\S+) angegeben wurde", tail):
        negate, raw = bool(m.group(1)), m.group(2)
        if raw == '""':
            cond: Cond = Not(Filled(left))
        else:
            cond = Comparison(left, "=", parse_value(raw))
        return (Not(cond) if negate else cond), left
    if m := re.fullmatch(r"mit dem Code \"?(\w+)\"? belegt ist", tail):
        return Comparison(left, "=", parse_value(m.group(1))), left
    m = _OP.search(tail)
    if not m:
        raise Unreadable(f"no operator in condition {text!r}")
    before = tail[: m.start()].strip()
    # unquoted label words may stand between the id and the operator, but nothing odd
    if re.search(r"\b(?:kein|keine|alle|ein Staat)\b", before):
        raise Unreadable(f"condition {text!r}")
    rest = tail[m.end() :].strip().rstrip(",").strip()
    rest = re.sub(r"\s+ist$", "", rest)
    return parse_comparison(left, m.group(0), rest), left
