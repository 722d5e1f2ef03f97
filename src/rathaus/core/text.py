"""German text folding and stemming, shared by every full-text index of the project.

Index and query side go through the same folding (case, umlauts, ß, other diacritics) so
that "Führerschein", "Fuehrerschein" and "FÜHRERSCHEIN" meet, and the same Snowball
stemmer (Anträge ↔ Antrag).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import snowballstemmer

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_STEMMER = snowballstemmer.stemmer("german")


def fold(text: str) -> str:
    """Lower-case, ä→ae, ö→oe, ü→ue, ß→ss, other diacritics removed."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball German stem of one folded word."""
    return str(_STEMMER.stemWord(word))
