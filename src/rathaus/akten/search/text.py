"""Word splitting, folding and stemming shared by the index and the query side.

Folding and stemming come from rathaus.core.text, as for the catalogue search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rathaus.core.text import fold, stem

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Words as written (letters and digits; `_`, `.`, `/` separate)."""
    return _WORD.findall(text)


def unique_words(texts: Iterable[str], limit: int) -> str:
    """Each word once, in order of first appearance, up to `limit` characters.

    The index needs which words occur, not how often: this keeps long documents
    searchable to their end within PostgreSQL's 1 MB tsvector limit.
    """
    seen: set[str] = set()
    out: list[str] = []
    size = 0
    for text in texts:
        for word in words(text):
            key = word.casefold()
            if key in seen or len(word) > 100:
                continue
            seen.add(key)
            size += len(word) + 1
            if size > limit:
                return " ".join(out)
            out.append(word)
    return " ".join(out)


def stems(text: str) -> str:
    return " ".join(stem(w) for w in words(fold(text)))
