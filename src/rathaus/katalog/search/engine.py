"""Running a parsed query against SQLite FTS5 or PostgreSQL and ranking the hits.

Ranking, strictly in this order: all words in the name (as words), in the name (as parts
of compound words), in the synonyms, in the text; within a tier the city's own services
(with a Zuständigkeit here) first, then the most requested, then relevance (bm25 /
ts_rank): among services that match equally well, the one most citizens come for wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef

from rathaus.core.text import pg_form

from ..models import Leistung, Synonym, Zustaendigkeit
from .query import Alternative, Anfrage, Gruppe, SuchanfrageUngueltig, parse
from .text import stem, words
from .vocabulary import vocabulary

__all__ = ["SuchanfrageUngueltig", "Suchergebnis", "leistung_search"]

TIER_NAME, TIER_NAME_PART, TIER_SYNONYM, TIER_TEXT = range(4)


@dataclass
class Suchergebnis:
    anfrage: str
    gesamt: int
    treffer: list[Leistung]
    korrekturen: dict[str, str] = field(default_factory=dict)
    teiltreffer: bool = False  # no service matched every word; these match some


@dataclass
class _Hit:
    tier: int
    score: float = 0.0


def _synonyme() -> dict[Alternative, list[Alternative]]:
    table: dict[Alternative, list[Alternative]] = {}
    for begriff, ersetzung in Synonym.objects.values_list("begriff", "ersetzung"):
        key, value = tuple(words(begriff)), tuple(words(ersetzung))
        if key and value and key != value:
            table.setdefault(key, []).append(value)
    return table


def _correct(anfrage: Anfrage) -> None:
    """Add the closest index word as an alternative for words the index does not know."""
    vocab = vocabulary()
    for gruppe in anfrage.gruppen:
        extra: list[Alternative] = []
        for alt in gruppe.alternativen:
            fixed = []
            changed = False
            for word in alt:
                if vocab.knows(word) or word.isdigit():
                    fixed.append(word)
                    continue
                better = vocab.closest(word)
                if better:
                    anfrage.korrekturen[word] = better
                    changed = True
                fixed.append(better or word)
            if changed:
                extra.append(tuple(fixed))
        gruppe.alternativen.extend(extra)


# --- SQLite -------------------------------------------------------------------------------


def _fts_expression(gruppen: list[Gruppe], *, stemmed: bool) -> str | None:
    parts = []
    for gruppe in gruppen:
        alts = []
        for alt in gruppe.alternativen:
            if stemmed:
                terms = [f'"{stem(w)}"*' for w in alt]
            elif all(len(w) >= 3 for w in alt):
                terms = [f'"{w}"' for w in alt]
            else:
                continue
            alts.append("(" + " AND ".join(terms) + ")")
        if not alts:
            return None
        parts.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(parts) if parts else None


def _sqlite_hits(gruppen: list[Gruppe]) -> dict[int, _Hit]:
    hits: dict[int, _Hit] = {}
    stem_expr = _fts_expression(gruppen, stemmed=True)
    tri_expr = _fts_expression(gruppen, stemmed=False)

    def add(rows: Iterable[tuple[int, float]], tier: int) -> None:
        for pk, score in rows:
            hit = hits.setdefault(pk, _Hit(tier=tier, score=score))
            hit.tier = min(hit.tier, tier)

    with connection.cursor() as cursor:
        if stem_expr:
            cursor.execute(
                "SELECT rowid, bm25(katalog_suchindex_fts, 10.0, 5.0, 1.0) "
                "FROM katalog_suchindex_fts WHERE katalog_suchindex_fts MATCH %s",
                [stem_expr],
            )
            add(cursor.fetchall(), TIER_TEXT)
            for column, tier in (("name", TIER_NAME), ("synonyme", TIER_SYNONYM)):
                cursor.execute(
                    "SELECT rowid, 0 FROM katalog_suchindex_fts "
                    "WHERE katalog_suchindex_fts MATCH %s",
                    [f"{{{column}}} : ({stem_expr})"],
                )
                add(cursor.fetchall(), tier)
        if tri_expr:
            for column, tier in (("name", TIER_NAME_PART), ("synonyme", TIER_SYNONYM)):
                cursor.execute(
                    "SELECT rowid, 0 FROM katalog_suchindex_tri "
                    "WHERE katalog_suchindex_tri MATCH %s",
                    [f"{{{column}}} : ({tri_expr})"],
                )
                add(cursor.fetchall(), tier)
    return hits


# --- PostgreSQL ---------------------------------------------------------------------------


def _tsquery(gruppen: list[Gruppe]) -> str:
    return " & ".join(
        "("
        + " | ".join(
            "(" + " & ".join(f"{pg_form(w)}:*" for w in alt) + ")" for alt in g.alternativen
        )
        + ")"
        for g in gruppen
    )


def _postgres_hits(gruppen: list[Gruppe]) -> dict[int, _Hit]:
    hits: dict[int, _Hit] = {}
    tsquery = _tsquery(gruppen)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.leistung_id, ts_rank(s.vektor, q.q), "
            "to_tsvector('german', replace(replace(replace(s.name, 'ae', 'ä'), 'oe', 'ö'), "
            "'ue', 'ü')) @@ q.q, "
            "to_tsvector('german', replace(replace(replace(s.synonyme, 'ae', 'ä'), 'oe', 'ö'), "
            "'ue', 'ü')) @@ q.q "
            "FROM katalog_suchindex s, to_tsquery('german', %s) AS q(q) WHERE s.vektor @@ q.q",
            [tsquery],
        )
        for pk, rank, in_name, in_synonym in cursor.fetchall():
            tier = TIER_NAME if in_name else TIER_SYNONYM if in_synonym else TIER_TEXT
            # ts_rank: higher is better; bm25 in SQLite: lower is better. Keep "lower wins".
            hits[pk] = _Hit(tier=tier, score=-float(rank))
        # pg_trgm: parts of compound words ("ausweis" in "Personalausweis").
        conditions: list[str] = []
        params: list[str] = []
        for gruppe in gruppen:
            alts = [alt for alt in gruppe.alternativen if all(len(w) >= 3 for w in alt)]
            if not alts:
                return hits
            alt_sql = []
            for alt in alts:
                alt_sql.append(
                    "(" + " AND ".join("(s.name || ' ' || s.synonyme) LIKE %s" for _ in alt) + ")"
                )
                params.extend(f"%{w}%" for w in alt)
            conditions.append("(" + " OR ".join(alt_sql) + ")")
        cursor.execute(
            "SELECT s.leistung_id, s.name FROM katalog_suchindex s WHERE "  # noqa: S608
            + " AND ".join(conditions),
            params,
        )
        for pk, name in cursor.fetchall():
            in_name = all(
                any(all(w in name for w in alt) for alt in g.alternativen) for g in gruppen
            )
            tier = TIER_NAME_PART if in_name else TIER_SYNONYM
            hit = hits.setdefault(pk, _Hit(tier=tier))
            hit.tier = min(hit.tier, tier)
    return hits


# --- public -------------------------------------------------------------------------------


def _hits(gruppen: list[Gruppe]) -> dict[int, _Hit]:
    if connection.vendor == "postgresql":
        return _postgres_hits(gruppen)
    return _sqlite_hits(gruppen)


def _rank(hits: dict[int, _Hit], themenfeld_id: int | None) -> list[int]:
    if not hits:
        return []
    queryset = Leistung.objects.filter(pk__in=list(hits))
    if themenfeld_id is not None:
        queryset = queryset.filter(ozg_leistung__lebenslage__themenfeld_id=themenfeld_id)
    rows = queryset.annotate(
        hier=Exists(
            Zustaendigkeit.objects.filter(leistung=OuterRef("pk"), gebiet_ags=settings.RATHAUS_AGS)
        )
    ).values_list("pk", "hier", "nachfrage", "name")
    ordered = sorted(rows, key=lambda r: (hits[r[0]].tier, not r[1], -r[2], hits[r[0]].score, r[3]))
    return [r[0] for r in ordered]


def leistung_search(
    *, query: str, themenfeld_id: int | None = None, limit: int = 20, offset: int = 0
) -> Suchergebnis:
    """Search the catalogue. Raises SuchanfrageUngueltig for a query that cannot be searched."""
    anfrage = parse(query, _synonyme())
    if anfrage.leer:
        return Suchergebnis(anfrage=anfrage.original, gesamt=0, treffer=[])
    _correct(anfrage)
    ids = _rank(_hits(anfrage.gruppen), themenfeld_id)
    teiltreffer = False
    if not ids and len(anfrage.gruppen) > 1:
        # Nothing has every word: offer what has any of them, marked as partial.
        merged = Gruppe([alt for g in anfrage.gruppen for alt in g.alternativen])
        ids = _rank(_hits([merged]), themenfeld_id)
        teiltreffer = bool(ids)
    page_ids = ids[offset : offset + limit]
    objects = Leistung.objects.select_related("ozg_leistung").in_bulk(page_ids)
    return Suchergebnis(
        anfrage=anfrage.original,
        gesamt=len(ids),
        treffer=[objects[pk] for pk in page_ids if pk in objects],
        korrekturen=anfrage.korrekturen,
        teiltreffer=teiltreffer,
    )
