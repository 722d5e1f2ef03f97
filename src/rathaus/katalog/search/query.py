"""Parsing a citizen's query into groups of alternatives.

A query is a conjunction of groups; a group is a disjunction of alternatives; an
alternative is a sequence of folded words that must all occur. Synonyms and typo
corrections add alternatives to a group, they never remove what the citizen typed.
Only `[a-z0-9]` survives folding, so nothing a citizen types reaches a MATCH or
tsquery expression unescaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .text import words

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


class SuchanfrageUngueltig(ValueError):
    """The query cannot be searched; the message says why, for the citizen."""


Alternative = tuple[str, ...]


@dataclass
class Gruppe:
    alternativen: list[Alternative]

    def words(self) -> set[str]:
        return {w for alt in self.alternativen for w in alt}


@dataclass
class Anfrage:
    original: str
    gruppen: list[Gruppe] = field(default_factory=list)
    korrekturen: dict[str, str] = field(default_factory=dict)

    @property
    def leer(self) -> bool:
        return not self.gruppen


def validate(query: str) -> str:
    if "\x00" in query:
        raise SuchanfrageUngueltig(_("Die Suchanfrage enthält ungültige Zeichen."))
    if len(query) > MAX_QUERY_LENGTH:
        raise SuchanfrageUngueltig(
            _("Die Suchanfrage ist zu lang (höchstens %(max)d Zeichen).")
            % {"max": MAX_QUERY_LENGTH}
        )
    return query.strip()


def parse(query: str, synonyme: Mapping[Alternative, list[Alternative]]) -> Anfrage:
    """Split into groups; a synonym phrase found in the query becomes one group."""
    text = validate(query)
    tokens = words(text)[:MAX_WORDS]
    anfrage = Anfrage(original=text)
    longest = max((len(k) for k in synonyme), default=1)
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            if phrase in synonyme:
                anfrage.gruppen.append(Gruppe([phrase, *synonyme[phrase]]))
                i += size
                break
        else:
            anfrage.gruppen.append(Gruppe([(tokens[i],)]))
            i += 1
    return anfrage
