"""Running a query against SQLite FTS5 or PostgreSQL, restricted to visible Akten.

The permission filter is part of the SQL, so paging and counts only ever see documents
the user may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from rathaus.core.text import pg_form

from .text import fold, stem, words

MAX_WORDS = 12
# Above this many visible matches PostgreSQL lists newest first instead of ranking.
MAX_GERANKT = 500
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
    # Prefixes, so that "Hund" finds "Hundesteuer"; the GIN match is then rechecked
    # against each candidate's tsvector, which migration 0006 keeps cheap.
    terms = [f"{pg_form(w)}:*" for w in words(fold(query))[:MAX_WORDS]]
    if not terms:
        return Treffer([], 0)
    where, params = _where(user_id, akte_id)
    tsquery = " & ".join(terms)
    # The matches come from the GIN index first, then the permission filter. Left to
    # itself the planner may walk every visible Dokument and recheck its tsvector
    # (measured over 100,000 Dokumente: 1.3 s instead of tens of ms).
    vorab = (
        "WITH t AS MATERIALIZED (SELECT s.dokument_id FROM akten_suchindex s, "
        "to_tsquery('german', %s) AS q(q) WHERE s.vektor @@ q.q) "
    )
    base = (
        "FROM t JOIN akten_dokument d ON d.id = t.dokument_id "
        f"JOIN akten_vorgang v ON v.id = d.vorgang_id WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{vorab}SELECT count(*) {base}", [tsquery, *params])
        gesamt = cursor.fetchone()[0]
        if gesamt <= MAX_GERANKT:
            # Few enough to rank: ts_rank reads each tsvector, which is what costs.
            cursor.execute(
                f"{vorab}SELECT d.id {base} ORDER BY (SELECT ts_rank(r.vektor, "  # noqa: S608
                "to_tsquery('german', %s)) FROM akten_suchindex r WHERE r.dokument_id = d.id) "
                "DESC, d.id DESC LIMIT %s OFFSET %s",
                [tsquery, *params, tsquery, limit, offset],
            )
        else:
            # A very broad query: newest first instead of ranking thousands.
            cursor.execute(
                f"{vorab}SELECT d.id {base} ORDER BY d.id DESC LIMIT %s OFFSET %s",
                [tsquery, *params, limit, offset],
            )
        return Treffer([row[0] for row in cursor.fetchall()], gesamt)


def treffer_ids(
    *, query: str, user_id: int, akte_id: int | None = None, limit: int = 20, offset: int = 0
) -> Treffer:
    """Ids of matching Dokumente the user may see, best first."""
    if connection.vendor == "postgresql":
        return _postgres(query, user_id, akte_id, limit, offset)
    return _sqlite(query, user_id, akte_id, limit, offset)
