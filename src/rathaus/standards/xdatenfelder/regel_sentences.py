"""Sentences of a FIM rule: whole-rule templates, WENN/DANN clauses and their actions."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from .regel_ast import (
    AllOf,
    Always,
    AnyOf,
    Comparison,
    Cond,
    Const,
    Filled,
    LandIs,
    Not,
    Ref,
    Today,
    ValidDate,
)
from .regel_statements import (
    AtLeastOne,
    Check,
    ExactlyOne,
    Hide,
    Prefill,
    RequiredIf,
    Show,
    Statement,
)
from .regel_text import (
    _LAND_HDR,
    _OTHERS_HDR,
    PATH,
    Unreadable,
    normalize,
    parse_condition,
    parse_value,
    ref,
    refs_in,
    split_outside_quotes,
)

# -- actions ---------------------------------------------------------------------------

_VERB = re.compile(r"\b(?:aktiviere|deaktiviere|mache|zeige|blende)\b", re.IGNORECASE)
_HIDE = re.compile(
    r"\bnicht (?:mehr )?(?:angezeigt|anzeigen|an\b|einblenden|befüllt|ausgefüllt)|"
    r"\bausgeblendet|\bauszublenden|\bblende\b.*\baus\b|\bdeaktiviere\b|\bzeige\b.*\bnicht\b",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"\bPflicht|\bmuss\b.*\b(?:befüllt|ausgefüllt)\b|\bzu befüllen\b|\bnicht leer\b",
    re.IGNORECASE,
)
_SHOW = re.compile(r"\baktiviere\b|\bzeige\b|\bangezeigt\b|\beinblenden\b", re.IGNORECASE)


def _segments(text: str) -> list[str]:
    starts = [m.start() for m in _VERB.finditer(text)]
    if len(starts) <= 1:
        return [text]
    cuts = [0, *starts[1:], len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def parse_action(
    text: str, when: Cond, previous: tuple[Ref, ...]
) -> tuple[list[Statement], tuple[Ref, ...]]:
    """Statements for one DANN/SONST part; pronouns ("es", "die Felder") mean ``previous``."""
    out: list[Statement] = []
    t = text.strip().rstrip(".").strip()
    allowed = None
    if m := re.search(
        r",? wobei nur (?:der Code|die Codes) (.+?) ausgewählt werden (?:darf|dürfen)$", t
    ):
        allowed = [parse_value(v) for v in re.split(r"\s*\bODER\b\s*", m.group(1))]
        t = t[: m.start()]
    targets = previous
    for seg in _segments(t):
        found = refs_in(seg)
        targets = found or targets
        if not targets:
            raise Unreadable(f"action without a target: {text!r}")
        if m := re.search(r"\bmit (\w+)\b.*\bvorbefüllt\b", seg):
            hidden = bool(re.search(r"ausgeblendet|auszublenden", seg))
            out.extend(Prefill(z, parse_value(m.group(1)), when, hidden) for z in targets)
        elif re.search(r"\boptional", seg):
            pass  # "ist ein optionales Feld": no constraint
        elif _HIDE.search(seg):
            out.append(Hide(targets, when))
        elif _REQUIRED.search(seg):
            if re.search(r"\baktiviere\b|\bzeige\b|angezeigt", seg, re.IGNORECASE):
                out.append(Show(targets, when, required=True))
            elif re.search(r"^\s*(?:und )?mache\b", seg, re.IGNORECASE) and out:
                last = out.pop()
                if not isinstance(last, Show):
                    raise Unreadable(f"'mache … Pflicht' after {type(last).__name__}")
                out.append(Show(last.ziele, last.when, required=True))
            else:
                out.append(RequiredIf(targets, when))
        elif _SHOW.search(seg):
            out.append(Show(targets, when))
        else:
            raise Unreadable(f"unknown action {seg!r}")
    if allowed:
        z = targets[-1]
        ok = AnyOf(tuple(Comparison(z, "=", v) for v in allowed))
        out.append(Check(ok, AllOf((when, Filled(z))), "nur bestimmte Codes zulässig"))
    return out, targets


# -- WENN … DANN … SONST … -----------------------------------------------------------

_CLAUSE_START = re.compile(
    rf",?\s*\b(?:wenn|bei)\b(?=\s+(?:<>|==|=|!=|{PATH}|das|die|Feld|im|in))", re.IGNORECASE
)
# a sentence ends at "." or ";" before a capital letter, not after "D.h." or "z.B."
_SENTENCE_END = re.compile(r"(?<!D\.h)(?<!z\.B)[.;]\s+(?=[A-ZÄÖÜ])|\.$")
_DANN = re.compile(r",?\s*\bdann\b\s*", re.IGNORECASE)
_SONST = re.compile(r",?\s*\b(?:sonst|ansonsten)\b\s*", re.IGNORECASE)
_ACTION_START = re.compile(
    r"\b(?:zeige|blende|aktiviere|deaktiviere|muss|darf|ist|soll)\b", re.IGNORECASE
)


def _clause(text: str, outer: Cond, prev_ref: Ref | None) -> tuple[list[Statement], Ref | None]:
    body = re.sub(r"^(?:wenn|bei)\s+", "", text.strip(), flags=re.IGNORECASE)
    parts = split_outside_quotes(body, _DANN)
    if len(parts) == 2:
        cond_text, action_text = parts
    elif len(parts) == 1:
        m = _ACTION_START.search(body)
        if not m:
            raise Unreadable(f"no DANN in {text!r}")
        cond_text, action_text = body[: m.start()], body[m.start() :]
    else:
        raise Unreadable(f"several DANN in {text!r}")
    cond, left = parse_condition(cond_text, prev_ref)
    when = cond if isinstance(outer, Always) else AllOf((outer, cond))
    branches = split_outside_quotes(action_text, _SONST)
    stmts, targets = parse_action(branches[0], when, ())
    if len(branches) == 2:
        other = Not(cond) if isinstance(outer, Always) else AllOf((outer, Not(cond)))
        rest = branches[1].strip()
        if rest.rstrip(".") == "nicht":
            pass  # "…, ansonsten nicht": a Show already hides otherwise
        else:
            more, _ = parse_action(rest, other, targets)
            stmts.extend(more)
    elif len(branches) > 2:
        raise Unreadable("several SONST")
    return stmts, left


def _sentences(text: str, outer: Cond) -> list[Statement]:
    out: list[Statement] = []
    prev_ref: Ref | None = None
    for sentence in split_outside_quotes(text, _SENTENCE_END):
        for template in _TEMPLATES:
            found = template(sentence, outer)
            if found is not None:
                out.extend(found)
                break
        else:
            clauses = split_outside_quotes(sentence, _CLAUSE_START)
            if not re.match(r"^\s*(?:wenn|bei)\b", sentence, re.IGNORECASE):
                # an unconditional sentence: "Das Datenfeld F… muss befüllt werden."
                if len(clauses) != 1:
                    raise Unreadable(f"sentence {sentence!r}")
                stmts, _ = parse_action(sentence, outer, ())
                out.extend(stmts)
                continue
            for clause in clauses:
                stmts, prev_ref = _clause(clause, outer, prev_ref)
                out.extend(stmts)
    return out


# -- whole-sentence templates ----------------------------------------------------------

Template = Callable[[str, Cond], list[Statement] | None]


def _at_least_one(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(
        r"(?:Es muss )?[Mm]indestens (?:eines|ein) (?:der |Datenfeld der )?(?:Daten)?[Ff]elder?\b"
        r"(.*?)(?:muss den Wert \"?(\w+)\"? haben|(?:befüllt|ausgefüllt) (?:sein|werden))\.?",
        s,
    )
    if not m:
        return None
    rs = refs_in(m.group(1))
    if len(rs) < 2:
        raise Unreadable("at least one of fewer than two named fields")
    value = parse_value(m.group(2)) if m.group(2) else None
    return [AtLeastOne(rs, value, outer)]


def _exactly_one(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(
        r"(?:Es muss )?[Ee]ntweder (?:muss )?(.+?) oder (.+?) (?:befüllt|angegeben|ausgefüllt) "
        r"(?:sein|werden)\.?",
        s,
    )
    if not m:
        return None
    rs = refs_in(m.group(1)) + refs_in(m.group(2))
    if len(rs) < 2:
        raise Unreadable("entweder/oder without two elements")
    return [ExactlyOne(rs, outer)]


def _valid_date(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(
        rf"Wenn alle drei Felder ({PATH}), ({PATH}) und ({PATH}) befüllt sind, muss die "
        r"Validität des sich ergebenden Kalenderdatums sichergestellt werden\.?",
        s,
    )
    if not m:
        return None
    t, mo, y = (ref(g) for g in m.groups())
    when = AllOf((outer, Filled(t), Filled(mo), Filled(y)))
    return [Check(ValidDate(t, mo, y), when, "kein gültiges Kalenderdatum")]


def _explanation(s: str, outer: Cond) -> list[Statement] | None:
    # the sentence after the calendar-date rule only gives examples
    if re.match(r"D\.h\. es muss z\.B\. .* verhindert werden", s) and not refs_in(s):
        return []
    return None


def _date_order(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(
        rf"(?:Das )?(?:Datum )?(?:im |in )?(?:Daten)?(?:[Ff]eld )?({PATH}) muss (?:zeitlich )?"
        rf"(vor|nach) dem Datum (?:im |in )?(?:Daten)?(?:[Ff]eld )?({PATH}) liegen\.?",
        s,
    )
    if m:
        a, b = ref(m.group(1)), ref(m.group(3))
        op = "<" if m.group(2) == "vor" else ">"
        when = AllOf((outer, Filled(a), Filled(b)))
        return [Check(Comparison(a, op, b), when, f"{a.id} muss {m.group(2)} {b.id} liegen")]
    m = re.fullmatch(
        rf"(?:Das )?(?:Datum )?(?:im |in )?(?:Daten)?(?:[Ff]eld )?({PATH}) "
        r"(darf nicht in der Zukunft|muss in der Vergangenheit|darf nicht in der Vergangenheit|"
        r"muss in der Zukunft) liegen\.?",
        s,
    )
    if m:
        a = ref(m.group(1))
        op = _TODAY_OPS[m.group(2)]
        return [Check(Comparison(a, op, Today()), AllOf((outer, Filled(a))), f"{a.id}: Datum")]
    return None


_TODAY_OPS = {
    "darf nicht in der Zukunft": "<=",
    "muss in der Vergangenheit": "<",
    "darf nicht in der Vergangenheit": ">=",
    "muss in der Zukunft": ">",
}


def _prefill(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(
        rf"(?:Das )?(?:Daten)?[Ff]eld ({PATH}) (?:ist|wird) mit (\w+)(?: \"[^\"]*\")? "
        r"(?:vorzubefüllen|vorbefüllt)"
        r"( und in der Antragsstrecke (?:auszublenden|ausgeblendet))?\.?",
        s,
    )
    if not m:
        return None
    return [Prefill(ref(m.group(1)), parse_value(m.group(2)), outer, bool(m.group(3)))]


def _required_if_any(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(rf"(?:Das )?(?:Feld )?({PATH}) ist ein Pflichtfeld, wenn (.+?)\.?", s)
    if not m:
        return None
    cond, _ = parse_condition(m.group(2), None)
    return [RequiredIf((ref(m.group(1)),), AllOf((outer, cond)))]


def _only_then(s: str, outer: Cond) -> list[Statement] | None:
    m = re.fullmatch(r"(.+?) (?:ist|sind) nur dann zu befüllen, wenn (.+?)\.?", s)
    if not m:
        return None
    targets = refs_in(m.group(1))
    cond, _ = parse_condition(m.group(2), None)
    if not targets:
        raise Unreadable("nur dann zu befüllen without targets")
    return [Show(targets, AllOf((outer, cond)))]


_TEMPLATES: list[Template] = [
    _at_least_one, _exactly_one, _valid_date, _explanation, _date_order, _prefill,
    _required_if_any, _only_then,
]  # fmt: skip


# -- Länder sections -------------------------------------------------------------------


def _land_sections(text: str) -> list[tuple[Cond, str]]:
    marks = sorted(
        [(m.start(), m.end(), m.group(1)) for m in _LAND_HDR.finditer(text)]
        + [(m.start(), m.end(), None) for m in _OTHERS_HDR.finditer(text)]
    )
    if not marks:
        return [(Always(), text)]
    if text[: marks[0][0]].strip():
        raise Unreadable("text before the first Land section")
    sections: list[tuple[Cond, str]] = []
    named: list[str] = []
    for i, (_, end, codes) in enumerate(marks):
        body = text[end : marks[i + 1][0] if i + 1 < len(marks) else len(text)]
        if codes is None:
            cond: Cond = Not(LandIs(tuple(dict.fromkeys(named))))
        else:
            laender = tuple(re.findall(r"[A-Z]{2}", codes))
            named.extend(laender)
            cond = LandIs(laender)
        sections.append((cond, body))
    return sections


_LAND_NAMES = {
    "Baden-Württemberg": "BW", "Bayern": "BY", "Berlin": "BE", "Brandenburg": "BB",
    "Bremen": "HB", "Hamburg": "HH", "Hessen": "HE", "Mecklenburg-Vorpommern": "MV",
    "Niedersachsen": "NI", "Nordrhein-Westfalen": "NW", "Rheinland-Pfalz": "RP",
    "Saarland": "SL", "Sachsen-Anhalt": "ST", "Sachsen": "SN", "Schleswig-Holstein": "SH",
    "Thüringen": "TH",
}  # fmt: skip
_INLINE_LAND = re.compile(
    rf"(?:Die|Das) (?:Daten)?(?:[Ff]eld)?(?:[Gg]ruppe)? ?(?P<ziel>{PATH}) (?:ist|muss|darf) "
    r"(?:nur )?(?:für (?:das Land |die Länder )?(?P<ausser>alle Länder außer )?(?:für )?|in )"
    r"(?P<laender>.+?) (?P<verb>zu befüllen|befüllt werden|angezeigt werden)"
    r"(?:\. Für (?:die |alle )?(?:anderen (?:Bundes)?[Ll]änder|(?P<rest>.+?)) "
    r"(?:wird|darf) (?:die Gruppe |das Feld |es |sie )?nicht angezeigt(?: werden)?"
    r"|, für die anderen Länder muss es (?P<sonst>angezeigt) werden)\.?"
)


def _laender(text: str) -> tuple[str, ...]:
    names = re.findall(r"[A-Z]{2}\b|[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?", text)
    codes = [_LAND_NAMES.get(n, n) for n in names]
    if not codes or any(len(c) != 2 or not c.isupper() for c in codes):
        raise Unreadable(f"Länder {text!r}")
    return tuple(codes)


def _land_inline(text: str) -> list[Statement] | None:
    """ "Das Feld F… muss für die Länder A und B befüllt werden. Für die anderen … nicht …"."""
    m = _INLINE_LAND.fullmatch(text)
    if not m:
        return None
    ziel = (ref(m.group("ziel")),)
    laender = _laender(m.group("laender"))
    if m.group("rest") and set(_laender(m.group("rest"))) != set(laender):
        raise Unreadable("the second Land list differs from the first")
    where: Cond = Not(LandIs(laender)) if m.group("ausser") else LandIs(laender)
    required = m.group("verb") != "angezeigt werden"
    if m.group("sonst"):  # required in these Länder, shown (optional) elsewhere
        return [RequiredIf(ziel, where)]
    return [Show(ziel, where, required=required)]


def _contradictions(stmts: list[Statement]) -> None:
    """Refuse "show when X = a" next to "hide when X <> b" (a ≠ b): the text is garbled."""
    shown: dict[tuple[tuple[str, ...], tuple[str, ...]], set[object]] = {}
    hidden: dict[tuple[tuple[str, ...], tuple[str, ...]], set[object]] = {}
    for st in stmts:
        cond = getattr(st, "when", None)
        if not isinstance(cond, Comparison) or not isinstance(cond.right, Const):
            continue
        for z in st.targets():
            key = (z.path, cond.left.path)
            if isinstance(st, Show | RequiredIf) and cond.op == "=":
                shown.setdefault(key, set()).add(cond.right.value)
            elif isinstance(st, Hide) and cond.op == "!=":
                hidden.setdefault(key, set()).add(cond.right.value)
    for key, values in shown.items():
        if key in hidden and not values & hidden[key]:
            raise Unreadable(f"contradictory conditions for {key[0][-1]}")


def read_rule(text: str) -> tuple[Statement, ...]:
    """All statements of one rule text; raises :class:`Unreadable` if any part is not understood."""
    t = normalize(text)
    if not t:
        raise Unreadable("empty rule text")
    if t.count('"') % 2:
        raise Unreadable("unbalanced quotes")
    inline = _land_inline(t)
    if inline is not None:
        return tuple(inline)
    out: list[Statement] = []
    for cond, body in _land_sections(t):
        out.extend(_sentences(body, cond))
    if not out:
        raise Unreadable("no statement")
    _contradictions(out)
    return tuple(out)
