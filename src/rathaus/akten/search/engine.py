"""Running a query against SQLite FTS5 or PostgreSQL, restricted to visible Akten.

The permission filter is part of the SQL, so paging and counts only ever see documents
the user may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from .text import fold, stem, words

MAX_WORDS = 12
# "32.10", "32.10.05/7", "32/": at least one separator, so "2025" stays a text query.
AKTENZEICHEN = re.compile(r"^\d{1,4}((\.\d{1,4})+(/\d*)?|/\d*)$")

# Akten whose federführende or a sharing Organisationseinheit has the user as member
# (organisation.Mitgliedschaft, any role; the same rule as organisationseinheit_ids_of).
_SICHTBAR = (
    "v.akte_id IN ("
    "SELECT a.id FROM akten_akte a WHERE a.federfuehrend_id IN "
    "(SELECT m.organisationseinheit_id FROM organisation_mitgliedschaft m WHERE m.user_id = %s) "
    "UNION SELECT g.akte_id FROM akten_akte_geteilt_mit g WHERE g.organisationseinheit_id IN "
    "(SELECT m.organisationseinheit_id FROM organisation_mitgliedschaft m WHERE m.user_id = %s))"
)


def pg_form(word: str) -> str:
    """Mirror of the generated column: folded ae/oe/ue back to umlauts for the stemmer."""
    return word.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")


@dataclass(frozen=True)
class Treffer:
    ids: list[int]
    gesamt: int


def _run(base: str, ordnung: str, params: list[str | int], limit: int, offset: int) -> Treffer:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {base}", params)
        gesamt = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT d.id {base} ORDER BY {ordnung} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return Treffer([row[0] for row in cursor.fetchall()], gesamt)


def _where(user_id: int, akte_id: int | None) -> tuple[str, list[str | int]]:
    sql, params = _SICHTBAR, [user_id, user_id]
    if akte_id is not None:
        sql += " AND v.akte_id = %s"
        params.append(akte_id)
    return sql, list(params)


def _sqlite(query: str, user_id: int, akte_id: int | None, limit: int, offset: int) -> Treffer:
    terms = [f'"{stem(w)}"*' for w in words(fold(query))[:MAX_WORDS]]
    if not terms:
        return Treffer([], 0)
    where, params = _where(user_id, akte_id)
    base = (
        "FROM akten_suchindex_fts JOIN akten_dokument d ON d.id = akten_suchindex_fts.rowid "
        "JOIN akten_vorgang v ON v.id = d.vorgang_id "
        f"WHERE akten_suchindex_fts MATCH %s AND {where}"
    )
    ordnung = "bm25(akten_suchindex_fts, 5.0, 1.0), d.id DESC"
    return _run(base, ordnung, [" AND ".join(terms), *params], limit, offset)


def _postgres(query: str, user_id: int, akte_id: int | None, limit: int, offset: int) -> Treffer:
    # Words are letters and digits only, so they cannot carry tsquery syntax.
    terms = [f"{pg_form(w)}:*" for w in words(fold(query))[:MAX_WORDS]]
    if not terms:
        return Treffer([], 0)
    where, params = _where(user_id, akte_id)
    base = (
        "FROM akten_suchindex s JOIN akten_dokument d ON d.id = s.dokument_id "
        "JOIN akten_vorgang v ON v.id = d.vorgang_id, to_tsquery('german', %s) AS q(q) "
        f"WHERE s.vektor @@ q.q AND {where}"
    )
    ordnung = "ts_rank(s.vektor, q.q) DESC, d.id DESC"
    return _run(base, ordnung, [" & ".join(terms), *params], limit, offset)


def treffer_ids(
    *, query: str, user_id: int, akte_id: int | None = None, limit: int = 20, offset: int = 0
) -> Treffer:
    """Ids of matching Dokumente the user may see, best first."""
    if connection.vendor == "postgresql":
        return _postgres(query, user_id, akte_id, limit, offset)
    return _sqlite(query, user_id, akte_id, limit, offset)
