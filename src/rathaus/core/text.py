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


def pg_form(word: str) -> str:
    """Folded ae/oe/ue back to umlauts for PostgreSQL's German stemmer.

    The generated tsvector columns apply the same replacement to the stored folded text, so
    query and index meet (Anträge ↔ Antrag, Fuehrerschein ↔ Führerschein).
    """
    return word.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
