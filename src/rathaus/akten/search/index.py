"""Keeping the Suchindex rows (and SQLite's FTS5 mirror) in step with the Dokumente."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Prefetch

from ..models import Anlage, Dokument, Suchindex, Version
from .text import fold, stems, unique_words

MAX_METADATEN = 20_000
MAX_TEXT = 400_000


def _versionen() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch("versionen", queryset=Version.objects.select_related("volltext"))


def _row(dokument: Dokument) -> Suchindex:
    versionen = list(dokument.versionen.all())
    for anlage in dokument.anlagen.all():
        versionen.extend(anlage.versionen.all())
    akte = dokument.vorgang.akte
    metadaten = [
        dokument.betreff,
        akte.aktenzeichen,
        dokument.absender,
        dokument.empfaenger,
        *(anlage.bezeichnung for anlage in dokument.anlagen.all()),
        *(version.dateiname for version in versionen),
    ]
    texte = []
    for version in versionen:
        volltext = getattr(version, "volltext", None)
        if volltext is not None and volltext.text:
            texte.append(volltext.text)
    return Suchindex(
        dokument_id=dokument.pk,
        metadaten=unique_words(map(fold, metadaten), MAX_METADATEN),
        text=unique_words(map(fold, texte), MAX_TEXT),
    )


def suchindex_update(*, dokument_ids: Iterable[int]) -> None:
    """Rebuild the index rows of these Dokumente; call it in the transaction of the change."""
    ids = sorted(set(dokument_ids))
    if not ids:
        return
    dokumente = (
        Dokument.objects.filter(pk__in=ids)
        .select_related("vorgang__akte")
        .prefetch_related(
            _versionen(),
            Prefetch(
                "anlagen",
                queryset=Anlage.objects.prefetch_related(_versionen()),  # type: ignore[type-var]
            ),
        )
    )
    rows = [_row(dokument) for dokument in dokumente]
    Suchindex.objects.filter(pk__in=ids).delete()
    Suchindex.objects.bulk_create(rows)
    if connection.vendor == "sqlite":
        placeholders = ",".join("%s" for _ in ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM akten_suchindex_fts WHERE rowid IN ({placeholders})",  # noqa: S608
                ids,
            )
            cursor.executemany(
                "INSERT INTO akten_suchindex_fts(rowid, metadaten, text) VALUES (%s, %s, %s)",
                [(row.dokument_id, stems(row.metadaten), stems(row.text)) for row in rows],
            )
