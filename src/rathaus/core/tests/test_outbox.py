"""A consumer's slow preparation runs before the outbox row is locked and outside any
transaction; a failure there is a failed attempt like any other."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox


@pytest.fixture
def verbraucher():
    beobachtet: list[tuple[str, bool]] = []
    fehler: list[Exception] = []

    @core_outbox.consumers.register("test-vorbereitend")
    class Vorbereitend(core_outbox.Consumer):
        topics = ("test.vorbereiten",)
        ergebnis = None

        def prepare(self, eintrag):
            beobachtet.append(("vorbereiten", connection.in_atomic_block))
            if fehler:
                raise fehler.pop()
            self.ergebnis = f"gerendert {eintrag.key}"

        def deliver(self, eintrag):
            beobachtet.append(("zustellen", connection.in_atomic_block))
            beobachtet.append((self.ergebnis or "", True))

    try:
        yield beobachtet, fehler
    finally:
        core_outbox.consumers._items.pop("test-vorbereitend")


@pytest.mark.django_db(transaction=True)
def test_preparation_runs_without_a_transaction_and_its_result_is_delivered(verbraucher):
    beobachtet, _fehler = verbraucher
    with transaction.atomic():
        (row,) = core_outbox.outbox_write(topic="test.vorbereiten", key="7", payload={})
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert beobachtet == [
        ("vorbereiten", False),
        ("zustellen", True),
        ("gerendert 7", True),
    ]
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "erledigt_oder_gesperrt"
    assert len(beobachtet) == 3  # a delivered row is not prepared again


@pytest.mark.django_db(transaction=True)
def test_failed_preparation_is_a_failed_attempt_and_delivers_nothing(verbraucher):
    beobachtet, fehler = verbraucher
    fehler.append(OSError("Schriften fehlen"))
    with transaction.atomic():
        (row,) = core_outbox.outbox_write(topic="test.vorbereiten", key="8", payload={})
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "fehler"
    row = Outbox.objects.get(pk=row.pk)
    assert row.attempts == 1 and row.delivered_at is None
    assert "Schriften fehlen" in row.last_error
    assert [b for b, _ in beobachtet] == ["vorbereiten"]
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at) == "zugestellt"
