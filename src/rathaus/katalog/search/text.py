"""German text normalisation shared by the index and the query side.

Both sides go through the same folding (case, umlauts, ß, other diacritics) so that
"Führerschein", "Fuehrerschein" and "FÜHRERSCHEIN" meet; the SQLite index adds a
Snowball stemming step (Anträge ↔ Antrag), PostgreSQL uses its `german` configuration.
"""

from __future__ import annotations

import re

from rathaus.core.text import fold, stem

_WORD = re.compile(r"[a-z0-9]+")

# Words too common in service names and texts to carry meaning for the search.
STOPWORDS = frozenset(
    """
    aber als am an auch auf aus bei bin bis da damit dann das dass dem den der des die
    dies diese dieser du durch ein eine einem einen einer eines er es fuer hat ich ihr
    im in ist ja kann mit nach nicht noch nur ob oder sie sind so um und uns von vor
    wie wir wird zu zum zur ueber wenn werden wurde sowie
    """.split()
)


def words(text: str) -> list[str]:
    """Folded words of a text, stopwords removed."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]
