"""Concurrent submissions on PostgreSQL: one Antrag per key, gap-free unique numbers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from rathaus.antraege import services
from rathaus.antraege.models import Antrag
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.core.models import Outbox

from . import helfer


def _parallel(n: int, aufgabe: Callable[[int], Any]) -> list[Any]:
    start = threading.Barrier(n)
    ergebnisse: list[Any] = [None] * n

    def lauf(i: int) -> None:
        try:
            start.wait()
            ergebnisse[i] = aufgabe(i)
        except Exception as exc:  # reported by the assertion below
            ergebnisse[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lauf, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return ergebnisse


@pytest.fixture
def nur_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with one database lock; row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_of_one_draft_creates_one_antrag(nur_postgres, tmp_path):
    w = helfer.welt(tmp_path)
    entwurf = helfer.entwurf(w.formular)
    schluessel = idempotenzschluessel(entwurf=entwurf)
    ergebnisse = _parallel(
        8,
        lambda i: services.antrag_submit(entwurf=entwurf, actor="test", idempotency_key=schluessel),
    )
    assert all(not isinstance(e, Exception) for e in ergebnisse), ergebnisse
    assert {e.antrag.pk for e in ergebnisse} == {Antrag.objects.get().pk}
    assert sum(e.neu for e in ergebnisse) == 1
    assert Outbox.objects.filter(consumer="eingang").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_api_retries_with_one_key_create_one_antrag(nur_postgres, tmp_path):
    w = helfer.welt(tmp_path)
    client, _token = services.clientsystem_create(
        name="Portal", scopes=["antraege:einreichen"], actor="test"
    )

    def senden(i: int):
        return services.antrag_receive(
            clientsystem=client,
            formular=w.formular,
            daten=helfer.daten(),
            metadaten={},
            dateien=[],
            idempotency_key="k-1",
            anfrage_sha256="a" * 64,
            actor="test",
        )

    ergebnisse = _parallel(8, senden)
    assert all(not isinstance(e, Exception) for e in ergebnisse), ergebnisse
    assert Antrag.objects.count() == 1 and sum(e.neu for e in ergebnisse) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_consecutive_numbers(nur_postgres, tmp_path):
    w = helfer.welt(tmp_path)
    entwuerfe = [helfer.entwurf(w.formular) for _ in range(12)]
    ergebnisse = _parallel(
        12,
        lambda i: services.antrag_submit(
            entwurf=entwuerfe[i],
            actor="test",
            idempotency_key=idempotenzschluessel(entwurf=entwuerfe[i]),
        ),
    )
    assert all(not isinstance(e, Exception) for e in ergebnisse), ergebnisse
    nummern = sorted(int(e.antrag.aktenzeichen[-6:]) for e in ergebnisse)
    assert nummern == list(range(1, 13))
