"""Keeping the search index in step with the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.cache import cache
from django.db import connection, transaction

from ..models import Leistung, Suchindex
from .text import fold, stems

VERSION_KEY = "katalog:suchindex:version"
_TEXT_FIELDS = (
    "kurztext",
    "volltext",
    "voraussetzungen",
    "unterlagen",
    "kosten",
    "verfahrensablauf",
    "hinweise",
    "rechtsgrundlagen",
    "gesetze",
)


def _chunks[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _row(leistung: Leistung) -> Suchindex:
    text = "\n".join(getattr(leistung, f) for f in _TEXT_FIELDS if getattr(leistung, f))
    synonyme = " ".join(filter(None, [leistung.synonyme.replace("\n", " "), leistung.name_en]))
    # Both names count as the name: the LeiKa one ("Personalausweis Ausstellung") and the
    # citizen's ("Personalausweis beantragen"), which carries the verb people type.
    name = " ".join(filter(None, [leistung.name, leistung.name_buerger]))
    return Suchindex(
        leistung_id=leistung.pk, name=fold(name), synonyme=fold(synonyme), text=fold(text)
    )


def _sqlite_write(rows: list[Suchindex], ids: list[int], leistungen: dict[int, Leistung]) -> None:
    placeholders = ",".join("%s" for _ in ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM katalog_suchindex_fts WHERE rowid IN ({placeholders})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM katalog_suchindex_tri WHERE rowid IN ({placeholders})", ids)  # noqa: S608
        cursor.executemany(
            "INSERT INTO katalog_suchindex_fts(rowid, name, synonyme, text) "
            "VALUES (%s, %s, %s, %s)",
            [
                (
                    row.leistung_id,
                    " ".join(stems(row.name)),
                    " ".join(stems(row.synonyme)),
                    " ".join(stems(row.text)),
                )
                for row in rows
            ],
        )
        cursor.executemany(
            "INSERT INTO katalog_suchindex_tri(rowid, name, synonyme) VALUES (%s, %s, %s)",
            [(row.leistung_id, row.name, row.synonyme) for row in rows],
        )


@transaction.atomic
def suchindex_update(*, leistung_ids: Iterable[int] | None = None) -> int:
    """Rebuild the index rows of the given Leistungen (all when None); returns the count.

    Deleted Leistungen lose their rows. Call it in the transaction that changed the texts.
    """
    queryset = Leistung.objects.all()
    if leistung_ids is not None:
        queryset = queryset.filter(pk__in=list(leistung_ids))
    else:
        Suchindex.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM katalog_suchindex_fts")
                cursor.execute("DELETE FROM katalog_suchindex_tri")
    count = 0
    for chunk in _chunks(queryset.order_by("pk").iterator(chunk_size=1000), 1000):
        leistungen = {leistung.pk: leistung for leistung in chunk}
        ids = list(leistungen)
        rows = [_row(leistung) for leistung in chunk]
        Suchindex.objects.filter(leistung_id__in=ids).delete()
        Suchindex.objects.bulk_create(rows)
        if connection.vendor == "sqlite":
            _sqlite_write(rows, ids, leistungen)
        count += len(rows)
    if leistung_ids is not None:
        # Leistungen that were asked for but no longer exist: drop their rows.
        gone = set(leistung_ids) - set(queryset.values_list("pk", flat=True))
        if gone:
            Suchindex.objects.filter(leistung_id__in=gone).delete()
            if connection.vendor == "sqlite":
                _sqlite_write([], list(gone), {})
    transaction.on_commit(_bump_version)
    return count


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def index_version() -> int:
    return int(cache.get(VERSION_KEY) or 0)
