"""Migration 0006: Anträge submitted before it get their Formular's level, and their rows
stay insert-only afterwards (the trigger is back on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from rathaus.antraege.models import Antrag

from . import helfer
from .test_services import _submit

VORHER = [("antraege", "0005_clientsystem_token_ablauf")]
NACHHER = [("antraege", "0006_antrag_vertrauensniveau")]


def _migrieren(ziel: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(ziel)


@pytest.mark.django_db(transaction=True)
def test_alte_antraege_bekommen_das_niveau_ihres_formulars(tmp_path) -> None:
    hoch = helfer.welt(tmp_path, vertrauensniveau="hoch").formular
    antrag_hoch = _submit(helfer.entwurf(hoch)).antrag
    try:
        _migrieren(VORHER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM antraege_antrag ORDER BY id")
            assert [r[0] for r in cursor.fetchall()] == [antrag_hoch.pk]
        _migrieren(NACHHER)
    finally:
        _migrieren(NACHHER)  # whatever happened, the database is as the code expects
    antrag = Antrag.objects.get(pk=antrag_hoch.pk)
    assert antrag.vertrauensniveau == "hoch"
    # still insert-only
    with pytest.raises(IntegrityError), transaction.atomic():
        Antrag.objects.filter(pk=antrag.pk).update(vertrauensniveau="basis")
    with pytest.raises(IntegrityError), transaction.atomic():
        Antrag.objects.filter(pk=antrag.pk).update(daten={})
    assert Antrag.objects.get(pk=antrag.pk).vertrauensniveau == "hoch"
