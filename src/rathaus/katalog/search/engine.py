"""Running a parsed query against SQLite FTS5 or PostgreSQL and ranking the hits.

Both backends find the same candidates the same way: every required group must occur —
in the name or synonyms as a word, the start of a word or a part of a compound word; in
the text as a whole word (a prefix there would find "hundert" for "Hund"). The order is
decided in ranking.py, in Python, identically for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.expressions import RawSQL

from rathaus.core.text import pg_form

from ..models import Leistung, Synonym, Zustaendigkeit
from .query import Alternative, Anfrage, Gruppe, SuchanfrageUngueltig, parse
from .ranking import Bewertung, Kandidat
from .text import stem, words
from .vocabulary import vocabulary

__all__ = ["SuchanfrageUngueltig", "Suchergebnis", "leistung_search"]


@dataclass
class Suchergebnis:
    anfrage: str
    gesamt: int
    treffer: list[Leistung]
    korrekturen: dict[str, str] = field(default_factory=dict)
    teiltreffer: bool = False  # no service matched every word; these match some


def _synonyme() -> dict[Alternative, list[Alternative]]:
    return _synonym_table(tuple(Synonym.objects.order_by("pk").values_list("begriff", "ersetzung")))


@lru_cache(maxsize=4)
def _synonym_table(rows: tuple[tuple[str, str], ...]) -> dict[Alternative, list[Alternative]]:
    """The folded table; parsed again only when a row changed."""
    table: dict[Alternative, list[Alternative]] = {}
    for begriff, ersetzung in rows:
        key, value = tuple(words(begriff)), tuple(words(ersetzung))
        if key and value and key != value:
            table.setdefault(key, []).append(value)
    return table


def _correct(anfrage: Anfrage) -> None:
    """Help with typed words the index does not know (where nothing else of the group is).

    A compound of two index words is searched as its two parts (Waffenschein); anything
    else becomes the closest index word (Personalauswies → Personalausweis), reported.
    """
    vocab = vocabulary()

    def known(word: str) -> bool:
        return vocab.knows(word) or word.isdigit()

    for gruppe in anfrage.gruppen:
        if any(all(map(known, alt)) for alt in gruppe.alternativen):
            continue
        fixed: list[str] = []
        for word in gruppe.getippt:
            if known(word):
                fixed.append(word)
            elif parts := vocab.split(word):
                fixed.extend(parts)
            elif better := vocab.closest(word):
                anfrage.korrekturen[word] = better
                fixed.append(better)
            else:
                fixed.append(word)
        if tuple(fixed) != gruppe.getippt:
            gruppe.alternativen.append(tuple(fixed))


def _part_alternatives(gruppe: Gruppe) -> list[Alternative]:
    """Alternatives long enough to be looked up as parts of words (trigrams)."""
    return [alt for alt in gruppe.alternativen if all(len(w) >= 3 for w in alt)]


def _boolean(
    gruppen: list[list[Alternative]], term: Callable[[str], str], und: str, oder: str
) -> str:
    """Groups joined by `und`, alternatives by `oder`, the words of one by `und`."""
    return und.join(
        "(" + oder.join("(" + und.join(map(term, alt)) + ")" for alt in alts) + ")"
        for alts in gruppen
    )


def _quoted(word: str) -> str:
    return f'"{word}"'


@dataclass
class _Fund:
    score: float = 0.0  # bm25 / -ts_rank: lower is better
    im_text: bool = False  # every group as a whole word somewhere (also in the text)


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_candidates(gruppen: list[Gruppe]) -> dict[int, _Fund]:
    found: dict[int, _Fund] = {}
    alts = [g.alternativen for g in gruppen]

    def word(w: str) -> str:
        return _quoted(stem(w))

    def word_or_start(w: str) -> str:
        return f"({{name synonyme}} : {word(w)}* OR {word(w)})"

    fts = "SELECT rowid, bm25(katalog_suchindex_fts, 10.0, 5.0, 1.0) FROM katalog_suchindex_fts "
    with connection.cursor() as cursor:
        cursor.execute(
            fts + "WHERE katalog_suchindex_fts MATCH %s",
            [_boolean(alts, word_or_start, " AND ", " OR ")],
        )
        found.update((pk, _Fund(score)) for pk, score in cursor.fetchall())
        cursor.execute(
            "SELECT rowid FROM katalog_suchindex_fts WHERE katalog_suchindex_fts MATCH %s",
            [_boolean(alts, word, " AND ", " OR ")],
        )
        for (pk,) in cursor.fetchall():
            found[pk].im_text = True
        parts = [_part_alternatives(g) for g in gruppen]
        if all(parts):
            cursor.execute(
                "SELECT rowid FROM katalog_suchindex_tri WHERE katalog_suchindex_tri MATCH %s",
                [f"{{name synonyme}} : ({_boolean(parts, _quoted, ' AND ', ' OR ')})"],
            )
            for (pk,) in cursor.fetchall():
                found.setdefault(pk, _Fund())
    return found


# --- PostgreSQL ---------------------------------------------------------------------------


def _postgres_candidates(gruppen: list[Gruppe]) -> dict[int, _Fund]:
    found: dict[int, _Fund] = {}
    alts = [g.alternativen for g in gruppen]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.leistung_id, ts_rank(s.vektor, q.q, 1), s.vektor @@ w.q "
            "FROM katalog_suchindex s, to_tsquery('german', %s) AS q(q), "
            "to_tsquery('german', %s) AS w(q) WHERE s.vektor @@ q.q",
            [
                _boolean(alts, lambda w: f"({pg_form(w)}:*AB | {pg_form(w)})", " & ", " | "),
                _boolean(alts, pg_form, " & ", " | "),
            ],
        )
        # ts_rank: higher is better; bm25 in SQLite: lower is better. Keep "lower wins".
        # Normalisation 1 (rank / (1 + log length)) favours short names, as bm25 does.
        found.update((pk, _Fund(-float(rank), im_text)) for pk, rank, im_text in cursor.fetchall())
        # pg_trgm: parts of compound words ("ausweis" in "Personalausweis").
        parts = [_part_alternatives(g) for g in gruppen]
        if not all(parts):
            return found
        like = "(s.name || ' ' || s.synonyme) LIKE %s"
        cursor.execute(
            "SELECT s.leistung_id FROM katalog_suchindex s WHERE "  # noqa: S608
            + _boolean(parts, lambda _: like, " AND ", " OR "),
            [f"%{w}%" for alts_ in parts for alt in alts_ for w in alt],
        )
        for (pk,) in cursor.fetchall():
            found.setdefault(pk, _Fund())
    return found


# --- public -------------------------------------------------------------------------------


def _candidates(gruppen: list[Gruppe]) -> dict[int, _Fund]:
    if connection.vendor == "postgresql":
        return _postgres_candidates(gruppen)
    return _sqlite_candidates(gruppen)


def _rank(found: dict[int, _Fund], bewertung: Bewertung, themenfeld_id: int | None) -> list[int]:
    if not found:
        return []
    # The ids come from the database as integers; written into the SQL they spare Django
    # preparing hundreds of parameters one by one (a third of the time of a broad query).
    ids = ",".join(str(int(pk)) for pk in found)
    queryset = Leistung.objects.filter(
        RawSQL(f'"katalog_leistung"."id" IN ({ids})', [], output_field=BooleanField())  # noqa: S611
    )
    if themenfeld_id is not None:
        queryset = queryset.filter(ozg_leistung__lebenslage__themenfeld_id=themenfeld_id)
    rows = queryset.annotate(
        hier=Exists(
            Zustaendigkeit.objects.filter(leistung=OuterRef("pk"), gebiet_ags=settings.RATHAUS_AGS)
        ),
        beschrieben=ExpressionWrapper(
            ~Q(kurztext="") | ~Q(volltext=""), output_field=BooleanField()
        ),
    ).values_list(
        "pk",
        "hier",
        "beschrieben",
        "nachfrage",
        "leika_schluessel",
        "name",
        "suchindex__name",
        "suchindex__synonyme",
    )
    return bewertung.ordnen(
        Kandidat(
            pk,
            hier,
            beschrieben,
            nachfrage,
            key,
            name,
            i_name or "",
            i_syn or "",
            found[pk].score,
            found[pk].im_text,
        )
        for pk, hier, beschrieben, nachfrage, key, name, i_name, i_syn in rows
    )


def _search(anfrage: Anfrage, themenfeld_id: int | None) -> tuple[list[int], bool]:
    """Ranked ids and whether they are partial matches."""
    vocab = vocabulary()
    bewertung = Bewertung(anfrage, vocab, teil=False)
    ids = _rank(_candidates(anfrage.gruppen), bewertung, themenfeld_id)
    if ids or len(anfrage.gruppen) < 2:
        return ids, False
    # Nothing has every word: offer what has any of them, marked as partial.
    merged = Gruppe([alt for g in anfrage.gruppen for alt in g.alternativen])
    bewertung = Bewertung(anfrage, vocab, teil=True)
    ids = _rank(_candidates([merged]), bewertung, themenfeld_id)
    return ids, bool(ids)


def leistung_search(
    *, query: str, themenfeld_id: int | None = None, limit: int = 20, offset: int = 0
) -> Suchergebnis:
    """Search the catalogue. Raises SuchanfrageUngueltig for a query that cannot be searched."""
    anfrage = parse(query, _synonyme())
    if anfrage.leer:
        return Suchergebnis(anfrage=anfrage.original, gesamt=0, treffer=[])
    _correct(anfrage)
    ids, teiltreffer = _search(anfrage, themenfeld_id)
    page_ids = ids[offset : offset + limit]
    objects = Leistung.objects.select_related("ozg_leistung").in_bulk(page_ids)
    return Suchergebnis(
        anfrage=anfrage.original,
        gesamt=len(ids),
        treffer=[objects[pk] for pk in page_ids if pk in objects],
        korrekturen=anfrage.korrekturen,
        teiltreffer=teiltreffer,
    )
