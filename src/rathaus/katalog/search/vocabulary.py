"""Words of the index, for typo correction (Personalauswies → Personalausweis)."""

from __future__ import annotations

import bisect
import threading
import time
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..models import Suchindex
from .index import index_version
from .text import words

# Linking elements of German compounds: Hund|e|steuer, Geburt|s|urkunde.
COMPOUND_LINKS = ("", "s", "e", "n", "en", "es", "er", "ns")

# Processes that do not share a cache (locmem) still pick up changes after this long.
MAX_AGE_SECONDS = 300


@dataclass(frozen=True)
class Vocabulary:
    version: int
    built: float
    sorted_words: list[str]
    word_set: frozenset[str] = frozenset()

    def is_word(self, word: str) -> bool:
        """True when the word occurs as a whole word in the index."""
        return word in self.word_set

    def knows(self, word: str) -> bool:
        """True when the word or a longer word starting with it is in the index."""
        i = bisect.bisect_left(self.sorted_words, word)
        return i < len(self.sorted_words) and self.sorted_words[i].startswith(word)

    def split(self, word: str) -> tuple[str, str] | None:
        """Two index words that make up a compound the index does not know, else None.

        Waffenschein → (waffen, schein): a real word, not a typo of "Hafenschein".
        """
        for cut in range(len(word) - 4, 3, -1):
            head, rest = word[:cut], word[cut:]
            if not self.is_word(head):
                continue
            for link in COMPOUND_LINKS:
                tail = rest[len(link) :]
                if rest.startswith(link) and len(tail) >= 4 and self.is_word(tail):
                    return head, tail
        return None

    def closest(self, word: str) -> str | None:
        if len(word) < 5:
            return None
        allowed = 1 if len(word) < 8 else 2
        match = process.extractOne(
            word, self.sorted_words, scorer=OSA.distance, score_cutoff=allowed
        )
        return match[0] if match else None


_lock = threading.Lock()
_current: Vocabulary | None = None


def _build(version: int) -> Vocabulary:
    found: set[str] = set()
    for name, synonyme, text in Suchindex.objects.values_list("name", "synonyme", "text"):
        found.update(words(name))
        found.update(words(synonyme))
        found.update(words(text))
    return Vocabulary(
        version=version,
        built=time.monotonic(),
        sorted_words=sorted(w for w in found if len(w) >= 3),
        word_set=frozenset(found),
    )


def vocabulary() -> Vocabulary:
    global _current
    version = index_version()
    current = _current
    if (
        current is None
        or current.version != version
        or time.monotonic() - current.built > MAX_AGE_SECONDS
    ):
        with _lock:
            current = _current = _build(version)
    return current


def reset() -> None:
    global _current
    _current = None
