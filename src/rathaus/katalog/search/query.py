"""Parsing a citizen's query into required groups of alternatives and weak terms.

A query is a conjunction of groups; a group is a disjunction of alternatives; an
alternative is a sequence of folded words that must all occur. Synonyms, verb roots and
typo corrections add alternatives to a group, they never remove what the citizen typed.
Weak terms ("beantragen", "anmelden", "mein" ...) are not required: they only lift
services with the matching Verrichtung (see verbs.py) — unless the query has nothing
else, then they are searched like any word.
Only `[a-z0-9]` survives folding, so nothing a citizen types reaches a MATCH or
tsquery expression unescaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .text import words
from .verbs import OPPOSITES, WEAK_TERMS, verb_root

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


class SuchanfrageUngueltig(ValueError):
    """The query cannot be searched; the message says why, for the citizen."""


Alternative = tuple[str, ...]


@dataclass
class Gruppe:
    alternativen: list[Alternative]

    @property
    def getippt(self) -> Alternative:
        """What the citizen typed (the first alternative)."""
        return self.alternativen[0]

    def words(self) -> set[str]:
        return {w for alt in self.alternativen for w in alt}


@dataclass(frozen=True)
class Schwach:
    """A weak term, the name parts that show the Verrichtung it asks for, and the opposite."""

    wort: str
    formen: tuple[str, ...]
    gegenteil: tuple[str, ...] = ()


@dataclass
class Anfrage:
    original: str
    gruppen: list[Gruppe] = field(default_factory=list)
    schwache: list[Schwach] = field(default_factory=list)
    # typed words the synonym table knows: complete words, not the start of a longer one
    ganze_woerter: set[str] = field(default_factory=set)
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


def _phrases(
    tokens: list[str], synonyme: Mapping[Alternative, list[Alternative]]
) -> list[tuple[Alternative, list[Alternative]]]:
    """Split into phrases, the longest synonym phrase first, each with its replacements."""
    longest = max((len(k) for k in synonyme), default=1)
    phrases: list[tuple[Alternative, list[Alternative]]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            if size == 1 or phrase in synonyme:
                phrases.append((phrase, list(synonyme.get(phrase, []))))
                i += size
                break
    return phrases


def _gruppe(phrase: Alternative, ersetzungen: list[Alternative]) -> Gruppe:
    alternativen = [phrase, *ersetzungen]
    if len(phrase) == 1 and not ersetzungen and (root := verb_root(phrase[0])):
        alternativen.append((root,))
    return Gruppe(alternativen)


def parse(query: str, synonyme: Mapping[Alternative, list[Alternative]]) -> Anfrage:
    """Split into groups; a synonym phrase found in the query becomes one group."""
    text = validate(query)
    anfrage = Anfrage(original=text)
    phrases = _phrases(words(text)[:MAX_WORDS], synonyme)
    weak = [len(p) == 1 and p[0] in WEAK_TERMS for p, _ in phrases]
    if all(weak):  # nothing but weak words: search the verbs like any other word
        weak = [not WEAK_TERMS[p[0]] for p, _ in phrases]
    if all(weak):  # nothing but filler words
        weak = [False] * len(phrases)
    for (phrase, ersetzungen), schwach in zip(phrases, weak, strict=True):
        if schwach:
            word = phrase[0]
            anfrage.schwache.append(Schwach(word, WEAK_TERMS[word], OPPOSITES.get(word, ())))
        else:
            anfrage.gruppen.append(_gruppe(phrase, ersetzungen))
            if ersetzungen:
                anfrage.ganze_woerter.update(phrase)
    return anfrage
