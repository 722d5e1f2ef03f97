"""Ordering the services a query found.

The database only finds candidates (and scores them: bm25 / ts_rank); the order is decided
here, the same way for SQLite and PostgreSQL, from the folded name and synonyms of each
candidate. Sort key, strictly in this order:

0. for partial results only: how many of the citizen's words matched;
1. band: every required word in the name or synonyms, before matches in the text only;
2. a name with the opposite Verrichtung of the citizen's verb (anmelden: "Abmeldung") last
   in its band;
3. the city's own described services (Zuständigkeit here and a text), then the city's
   undescribed ones, then described ones of elsewhere, then the bare catalogue entries —
   most of the 5,000 imported Leistungen have no description, and a citizen who searches
   "Personalausweis" wants the page that tells them what to do;
4. weak terms: the Verrichtung the citizen asked for ("anmelden" → "Anmeldung") in the
   name, then in the synonyms;
5. tier: whole words in the name, parts of compound words in the name, the synonyms;
6. yearly demand; 7. the LeiKa Verrichtung (a service one applies for — Erteilung,
   Ausstellung, Bewilligung … — before Statusabfrage or Informationserteilung, and before
   a bare Leistungsobjekt or a special case); 8. bm25 / ts_rank; 9. the name.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from .query import Alternative, Anfrage, Gruppe
from .text import stem, words
from .vocabulary import COMPOUND_LINKS, Vocabulary

TIER_NAME, TIER_NAME_PART, TIER_SYNONYM, TIER_TEXT = range(4)
_NONE, _PART, _PREFIX, _EXACT = range(4)

# LeiKa Verrichtungen one applies for (digits 9-11 of the key): Erteilung, Ausstellung,
# Bewilligung, Gewährung, Genehmigung, Erlaubnis, Zulassung, Anmeldung, Entsorgung,
# Beurkundung, Bescheinigung, Beglaubigung, Festsetzung.
_VERRICHTUNGEN_ANTRAG = frozenset(
    {"001", "012", "017", "080", "006", "005", "007", "104", "004", "026", "022", "035", "002"}
)


# (partial: groups matched, band, opposite Verrichtung, rang, weak terms, tier, demand,
#  Verrichtung, bm25 / ts_rank, name) — see the module docstring
_Key = tuple[int, int, bool, int, int, int, int, int, float, str]


class Feld(NamedTuple):
    """The words of one folded index field (or of two)."""

    words: tuple[str, ...]
    stems: frozenset[str]

    def und(self, other: Feld) -> Feld:
        return Feld(self.words + other.words, self.stems | other.stems)


# Enough for the names and synonyms of the whole catalogue (5,300 Leistungen).
@lru_cache(maxsize=12288)
def feld(text: str) -> Feld:
    found = tuple(words(text))
    return Feld(found, frozenset(stem(w) for w in found))


class Kandidat(NamedTuple):
    pk: int
    hier: bool  # a Zuständigkeit in this city
    beschrieben: bool
    nachfrage: int
    leika_schluessel: str | None
    name: str
    index_name: str
    index_synonyme: str
    score: float  # lower is better
    im_text: bool  # every group as a whole word somewhere, the text included


def spezifitaet(leika_schluessel: str | None) -> int:
    """0: a Verrichtung one applies for; 1: another one, a bare object, no key; 2: a variant."""
    if not leika_schluessel:
        return 1
    verrichtung, detail = leika_schluessel[8:11], leika_schluessel[11:14]
    if verrichtung == "000":
        return 1
    if detail != "000":
        return 2
    return 0 if verrichtung in _VERRICHTUNGEN_ANTRAG else 1


class Bewertung:
    """Where and how well a candidate matches the groups and weak terms of one query."""

    def __init__(self, anfrage: Anfrage, vocab: Vocabulary, *, teil: bool) -> None:
        self.gruppen = anfrage.gruppen
        self.schwache = anfrage.schwache
        self.ganze_woerter = anfrage.ganze_woerter
        self.vocab = vocab
        self.teil = teil  # partial results: not every group needs to match

    def _continues(self, rest: str) -> bool:
        """Is `rest` (what follows a matched word) an ending or the next part of a compound?

        Personal|ausweis: yes (the end); Hund|esteuer: yes (e + steuer); Perso|enlich,
        Perso|n: no. Inflected forms (Hunde) are the stemmer's business.
        """
        if not rest:
            return True
        for link in COMPOUND_LINKS:
            if rest.startswith(link):
                tail = rest[len(link) :]
                if any(self.vocab.is_word(tail[:n]) for n in range(len(tail), 3, -1)):
                    return True
        return False

    def _word(self, word: str, f: Feld) -> int:
        stemmed = stem(word)
        if word in f.words or stemmed in f.stems:
            return _EXACT
        if len(word) < 3:
            return _NONE
        # A whole word must be a part of a compound; a word cut short may go on anyhow,
        # also in the stemmed form (Schwerbehinderung → schwerbehindert|enausweis).
        whole = word in self.ganze_woerter or self.vocab.is_word(word)
        if not whole and len(stemmed) >= 4 and any(s.startswith(stemmed) for s in f.stems):
            return _PREFIX
        best = _NONE
        for candidate in f.words:
            at = candidate.find(word)
            while at >= 0:
                if not whole or self._continues(candidate[at + len(word) :]):
                    if at == 0:
                        return _PREFIX
                    best = _PART
                at = candidate.find(word, at + 1)
        return best

    def _alternative(self, alt: Alternative, f: Feld) -> int:
        if len(alt) == 1:
            return self._word(alt[0], f)
        return min(self._word(w, f) for w in alt)

    def _gruppe(self, gruppe: Gruppe, f: Feld) -> int:
        return max(self._alternative(alt, f) for alt in gruppe.alternativen)

    def _tier(self, name: Feld, synonyme: Feld) -> tuple[int, int]:
        """(tier, how many groups match in name or synonyms)."""
        in_name = [self._gruppe(g, name) for g in self.gruppen]
        if all(in_name):
            return (TIER_NAME if min(in_name) == _EXACT else TIER_NAME_PART), len(in_name)
        beide = name.und(synonyme)
        stark = [
            level
            for level, g in zip(in_name, self.gruppen, strict=True)
            if level or self._gruppe(g, beide)
        ]
        if not stark or (len(stark) < len(self.gruppen) and not self.teil):
            return TIER_TEXT, len(stark)
        if all(stark):  # partial results: the groups that match are all in the name
            return (TIER_NAME if min(stark) == _EXACT else TIER_NAME_PART), len(stark)
        return TIER_SYNONYM, len(stark)

    def _schwach(self, name: Feld, synonyme: Feld) -> int:
        """Per weak term: its own noun starts a word of the name (3), a related Verrichtung
        does (2), one of them starts a word of the synonyms (1).

        The start, not any part: "Informationserteilung" is no "Erteilung".
        """
        score = 0
        for schwach in self.schwache:
            if not schwach.formen:
                continue
            if any(w.startswith(schwach.formen[0]) for w in name.words):
                score += 3
            elif any(w.startswith(schwach.formen) for w in name.words):
                score += 2
            elif any(w.startswith(schwach.formen) for w in synonyme.words):
                score += 1
        return score

    def _widerspruch(self, name: Feld) -> bool:
        """Does the name carry the opposite Verrichtung of a weak term (anmelden: Abmeldung)?"""
        return any(
            any(w.startswith(s.gegenteil) for w in name.words)
            and not any(w.startswith(s.formen) for w in name.words)
            for s in self.schwache
            if s.gegenteil
        )

    def _key(self, k: Kandidat) -> _Key | None:
        name, synonyme = feld(k.index_name), feld(k.index_synonyme)
        tier, stark = self._tier(name, synonyme)
        if tier == TIER_TEXT and not k.im_text:
            return None  # found by the start of a word that is not part of a compound
        band = 0 if tier <= TIER_SYNONYM else 1
        rang = (0 if k.beschrieben else 1) if k.hier else (2 if k.beschrieben else 3)
        return (
            -stark if self.teil else 0,
            band,
            self._widerspruch(name),
            rang,
            -self._schwach(name, synonyme),
            tier,
            -k.nachfrage,
            spezifitaet(k.leika_schluessel),
            k.score,
            k.name,
        )

    def ordnen(self, kandidaten: Iterable[Kandidat]) -> list[int]:
        """The ids of the candidates that really match, best first."""
        keyed = [(key, k.pk) for k in kandidaten if (key := self._key(k)) is not None]
        keyed.sort()
        return [pk for _, pk in keyed]
