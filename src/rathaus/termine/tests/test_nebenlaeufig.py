"""No double booking under concurrent reservations on PostgreSQL (row-level conflicts)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from rathaus.termine import services
from rathaus.termine.models import Belegung, Buchung

from .helfer import JETZT, MORGEN, um, welt


def _parallel(n: int, aufgabe: Callable[[int], Any]) -> list[Any]:
    start = threading.Barrier(n)
    ergebnisse: list[Any] = [None] * n

    def lauf(i: int) -> None:
        try:
            start.wait()
            ergebnisse[i] = aufgabe(i)
        except Exception as exc:  # reported by the assertions below
            ergebnisse[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lauf, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return ergebnisse


@pytest.fixture
def nur_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with one database lock; row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_many_clients_racing_for_the_last_slots_get_exactly_one_each(nur_postgres):
    w = welt(schalter=4, von=time(8), bis=time(9))  # 4 counters × 4 units = 16 slots
    wer = 40

    def buchen(i: int) -> Buchung:
        beginn = um(MORGEN, 8, 15 * (i % 4))
        buchung, _t = services.buchung_reserve(
            terminort=w.terminort,
            leistungen={w.anmeldung.pk: 1},
            beginn=beginn,
            name=f"Person {i}",
            email=f"p{i}@example.org",
            actor="test",
            now=JETZT,
        )
        return buchung

    ergebnisse = _parallel(wer, buchen)
    fehler = [e for e in ergebnisse if isinstance(e, Exception)]
    assert all(isinstance(e, ValidationError) for e in fehler), fehler
    gebucht = [e for e in ergebnisse if isinstance(e, Buchung)]
    assert len(gebucht) == 16
    assert Buchung.objects.count() == 16
    assert Belegung.objects.count() == 16
    paare = {(b.schalter_id, b.beginn) for b in Buchung.objects.all()}
    assert len(paare) == 16


@pytest.mark.django_db(transaction=True)
def test_overlapping_multi_unit_requests_never_share_a_unit(nur_postgres):
    w = welt(schalter=2, von=time(8), bis=time(9))

    def buchen(i: int) -> Buchung:
        buchung, _t = services.buchung_reserve(
            terminort=w.terminort,
            leistungen={w.ausweis.pk: 1},  # two units
            beginn=um(MORGEN, 8, 15 * (i % 3)),  # 8:00, 8:15, 8:30: all overlap
            name=f"Person {i}",
            email=f"q{i}@example.org",
            actor="test",
            now=JETZT,
        )
        return buchung

    ergebnisse = _parallel(24, buchen)
    assert all(isinstance(e, (Buchung, ValidationError)) for e in ergebnisse), ergebnisse
    einheiten = list(Belegung.objects.values_list("schalter_id", "beginn"))
    assert len(einheiten) == len(set(einheiten)) == 2 * Buchung.objects.count()
    assert 2 <= Buchung.objects.count() <= 4


@pytest.mark.django_db(transaction=True)
def test_a_closure_racing_with_reservations_leaves_no_open_booking_inside_it(nur_postgres):
    w = welt(schalter=3, von=time(8), bis=time(10))

    def aufgabe(i: int) -> Any:
        if i == 0:
            return services.abwesenheit_create(
                terminort=w.terminort,
                von=um(MORGEN, 8),
                bis=um(MORGEN, 10),
                actor="test",
                now=JETZT,
            )
        buchung, _t = services.buchung_reserve(
            terminort=w.terminort,
            leistungen={w.anmeldung.pk: 1},
            beginn=um(MORGEN, 8) + timedelta(minutes=15 * (i % 8)),
            name=f"Person {i}",
            email=f"r{i}@example.org",
            actor="test",
            now=JETZT,
        )
        return buchung

    ergebnisse = _parallel(25, aufgabe)
    fehler = [
        e for e in ergebnisse if isinstance(e, Exception) and not isinstance(e, ValidationError)
    ]
    assert not fehler, fehler
    offen = Buchung.objects.filter(status__in=["reserviert", "bestaetigt"])
    assert not offen.exists(), list(offen.values("beginn", "schalter_id"))
