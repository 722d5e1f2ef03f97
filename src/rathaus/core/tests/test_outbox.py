"""A consumer's slow preparation runs before the outbox row is locked and outside any
transaction; a failure there is a failed attempt like any other."""

from __future__ import annotations

from datetime import timedelta

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


@pytest.fixture
def kaputt():
    """A consumer whose other side is down until the test repairs it."""
    zustand = {"kaputt": True, "zugestellt": 0}

    @core_outbox.consumers.register("test-kaputt")
    class Kaputt(core_outbox.Consumer):
        topics = ("test.kaputt",)

        def deliver(self, eintrag):
            if zustand["kaputt"]:
                raise ConnectionError("Gegenstelle antwortet nicht")
            zustand["zugestellt"] += 1

    try:
        yield zustand
    finally:
        core_outbox.consumers._items.pop("test-kaputt")


@pytest.mark.django_db
def test_a_row_is_given_up_after_the_most_attempts_and_an_administrator_resends_it(
    kaputt, settings, caplog
):
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from rathaus.core.health import health
    from rathaus.core.models import Protokoll
    from rathaus.core.tests.otp import mit_zweitem_faktor

    settings.RATHAUS_ANTRAEGE_OUTBOX_MAX_VERSUCHE = 3
    with transaction.atomic():
        (row,) = core_outbox.outbox_write(topic="test.kaputt", key="9", payload={})
    ergebnisse = []
    for _ in range(3):
        row.refresh_from_db()
        ergebnisse.append(core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at))
    assert ergebnisse == ["fehler", "fehler", "aufgegeben"]
    row.refresh_from_db()
    assert row.dead_letter_at is not None and row.delivered_at is None
    assert "nach 3 Versuchen aufgegeben" in caplog.text
    # Not tried again by the worker, however long it waits …
    spaeter = row.next_attempt_at + timedelta(days=30)
    assert core_outbox.outbox_sweep(now=spaeter) == 0
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=spaeter) == "erledigt_oder_gesperrt"
    # … but visible: /healthz and the admin's filter.
    stand = health()
    assert stand.ok and stand.checks["outbox"] == {
        "status": "warning",
        "dead_letters": 1,
        "failing": 0,
    }
    admin = mit_zweitem_faktor(Client(), User.objects.create_superuser("it", password=None))
    liste = admin.get(reverse("admin:core_outbox_changelist"), {"zustand": "aufgegeben"})
    assert reverse("admin:core_outbox_change", args=[row.pk]) in liste.content.decode()
    # The other side is back; the administrator resends it.
    kaputt["kaputt"] = False
    assert core_outbox.outbox_retry(rows=[row], actor="admin") == 1
    row.refresh_from_db()
    assert row.dead_letter_at is None and row.attempts == 0
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at) == "zugestellt"
    assert kaputt["zugestellt"] == 1
    eintrag = Protokoll.objects.get(aktion="outbox.retry")
    assert eintrag.details["aufgegeben"] is True and eintrag.details["versuche"] == 3
    assert health().checks["outbox"]["status"] == "ok"
