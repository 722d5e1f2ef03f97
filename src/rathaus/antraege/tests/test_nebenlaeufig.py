"""Concurrent submissions on PostgreSQL: one Antrag per key, gap-free unique numbers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from rathaus.antraege import services
from rathaus.antraege.models import Antrag, Quittung
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.core.models import Outbox, Protokoll
from rathaus.core.services import protokoll_write

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


def _bis_einer_wartet(timeout: float = 20.0) -> None:
    """Wait until some other transaction waits for a lock (seen in pg_locks)."""
    ende = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < ende:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_receipt_of_the_email_while_the_intake_holds_the_protokoll_chain(nur_postgres, tmp_path):
    """Two workers, the confirmation email and the intake of one Antrag, both make its
    receipt. The intake's transaction holds the Protokoll chain (it wrote an entry) when
    it gets there; the email's `quittung_ensure` took the receipt's unique key first and
    then waited for the chain: a deadlock, and PostgreSQL ended one of them, or a web
    request waiting for the chain (load benchmark: 19 deadlocks and 9 answers 500 in 60 s
    with two workers). Both take the chain first now: the second simply gets the first's
    receipt."""
    w = helfer.welt(tmp_path)
    e = helfer.entwurf(w.formular)
    antrag = services.antrag_submit(
        entwurf=e, actor="test", idempotency_key=idempotenzschluessel(entwurf=e)
    ).antrag
    kette_gehalten = threading.Event()

    def aufgabe(i: int) -> Any:
        if i == 0:  # the intake: a Protokoll entry first, then (antrag_file) the receipt
            with transaction.atomic():
                protokoll_write(actor="test", action="test.ablage", target=antrag)
                kette_gehalten.set()
                _bis_einer_wartet()  # the email now waits for something this one holds
                return services.quittung_ensure(antrag=antrag, actor="test")
        kette_gehalten.wait(20)
        return services.quittung_ensure(antrag=antrag, actor="test")

    ergebnisse = _parallel(2, aufgabe)
    assert all(not isinstance(x, Exception) for x in ergebnisse), ergebnisse
    assert ergebnisse[0].pk == ergebnisse[1].pk == Quittung.objects.get(antrag=antrag).pk
    assert Protokoll.objects.filter(aktion="antrag.quittung").count() == 1
