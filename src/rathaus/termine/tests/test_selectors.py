"""Availability: only days and starts that really have a free counter for the request."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from rathaus.organisation.models import Sonderoeffnung
from rathaus.termine import selectors, services
from rathaus.termine.models import Abwesenheit, Schalter, Sperrtag, Terminleistung

from .helfer import JETZT, MORGEN, um, welt

pytestmark = pytest.mark.django_db


def _wunsch(w, **leistungen):
    return selectors.wunsch_build(terminort=w.terminort, leistungen=leistungen or {w.ausweis.pk: 1})


def _buchen(w, beginn, email, leistungen=None):
    buchung, _token = services.buchung_reserve(
        terminort=w.terminort,
        leistungen=leistungen or {w.anmeldung.pk: 1},
        beginn=beginn,
        name="Test",
        email=email,
        actor="test",
        now=JETZT,
    )
    return buchung


def test_window_starts_tomorrow_and_skips_weekends():
    w = welt()
    tage = selectors.freie_tage(wunsch=_wunsch(w), now=JETZT)
    assert tage[0] == MORGEN
    assert all(t.weekday() < 5 for t in tage)
    assert tage[-1] <= JETZT.date() + timedelta(days=56)


def test_a_visit_of_two_units_fits_only_inside_the_opening_hours():
    w = welt()
    starts = [s.beginn for s in selectors.freie_slots(wunsch=_wunsch(w), datum=MORGEN, now=JETZT)]
    assert starts[0] == um(MORGEN, 8)
    assert starts[-1] == um(MORGEN, 11, 30)  # 11:30–12:00; 11:45 would end after closing
    assert all(
        s.ende <= um(MORGEN, 12)
        for s in selectors.freie_slots(wunsch=_wunsch(w), datum=MORGEN, now=JETZT)
    )


def test_more_persons_need_more_units_and_the_cap_per_booking_holds():
    w = welt()
    assert _wunsch(w).einheiten == 2
    assert (
        selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 3}).einheiten == 4
    )
    # 2 + 4 + 1 = 7 units ≤ the cap of 8
    assert (
        selectors.wunsch_build(
            terminort=w.terminort, leistungen={w.ausweis.pk: 5, w.anmeldung.pk: 1}
        ).einheiten
        == 7
    )
    w.terminort.max_einheiten = 4
    with pytest.raises(ValidationError) as fehler:
        selectors.wunsch_build(
            terminort=w.terminort, leistungen={w.ausweis.pk: 3, w.anmeldung.pk: 1}
        )
    assert "leistungen" in fehler.value.message_dict
    with pytest.raises(ValidationError) as fehler:
        selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 6})
    assert "personen" in fehler.value.message_dict


def test_a_service_not_offered_here_or_on_no_common_counter_is_refused():
    w = welt()
    with pytest.raises(ValidationError) as fehler:
        selectors.wunsch_build(terminort=w.terminort, leistungen={999999: 1})
    assert "leistungen" in fehler.value.message_dict
    w.tl_anmeldung.schalter.set([w.schalter[0]])
    w.tl_ausweis.schalter.set([w.schalter[1]])
    with pytest.raises(ValidationError):
        selectors.wunsch_build(
            terminort=w.terminort, leistungen={w.ausweis.pk: 1, w.anmeldung.pk: 1}
        )


def test_a_fully_booked_day_is_not_offered():
    w = welt(schalter=1, von=time(8), bis=time(9))
    for minute in (0, 15, 30, 45):
        _buchen(w, um(MORGEN, 8, minute), f"p{minute}@example.org")
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.anmeldung.pk: 1})
    assert MORGEN not in selectors.freie_tage(wunsch=wunsch, now=JETZT)
    assert selectors.freie_slots(wunsch=wunsch, datum=MORGEN, now=JETZT) == []
    assert MORGEN + timedelta(days=1) in selectors.freie_tage(wunsch=wunsch, now=JETZT)


def test_gaps_too_short_for_the_visit_are_not_offered():
    w = welt(schalter=1, von=time(8), bis=time(9))
    _buchen(w, um(MORGEN, 8, 15), "a@example.org")
    _buchen(w, um(MORGEN, 8, 45), "b@example.org")
    # free: 8:00 and 8:30, single units; a Personalausweis needs two in a row
    assert MORGEN not in selectors.freie_tage(wunsch=_wunsch(w), now=JETZT)


def test_blocked_days_holidays_and_closures_are_not_offered():
    w = welt()
    Sperrtag.objects.create(terminort=w.terminort, datum=MORGEN, grund="Betriebsausflug")
    Sonderoeffnung.objects.create(
        organisationseinheit=w.terminort.organisationseinheit,
        datum=date(2026, 12, 25),
        geschlossen=True,
        grund="1. Weihnachtstag",
    )
    Abwesenheit.objects.create(
        terminort=w.terminort, von=um(date(2026, 12, 9), 0), bis=um(date(2026, 12, 10), 0)
    )
    tage = selectors.freie_tage(wunsch=_wunsch(w), now=JETZT)
    assert MORGEN not in tage
    assert date(2026, 12, 25) not in tage
    assert date(2026, 12, 9) not in tage
    assert date(2026, 12, 10) in tage


def test_an_absent_counter_leaves_the_other_one():
    w = welt(schalter=2)
    Abwesenheit.objects.create(
        terminort=w.terminort, schalter=w.schalter[0], von=um(MORGEN, 8), bis=um(MORGEN, 12)
    )
    beginn = um(MORGEN, 9)
    assert selectors.freie_schalter(wunsch=_wunsch(w), beginn=beginn, now=JETZT) == [
        w.schalter[1].pk
    ]


def test_held_back_counters_open_online_only_shortly_before_the_day():
    w = welt(schalter=1)
    Schalter.objects.filter(pk=w.schalter[0].pk).update(vorbehalten=True)
    w.terminort.freigabe_tage = 2
    tage = selectors.freie_tage(wunsch=_wunsch(w), now=JETZT)
    assert tage == [MORGEN, MORGEN + timedelta(days=1)]


def test_expired_holds_count_as_free():
    w = welt(schalter=1)
    _buchen(w, um(MORGEN, 8), "a@example.org")
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.anmeldung.pk: 1})
    assert um(MORGEN, 8) not in [
        s.beginn for s in selectors.freie_slots(wunsch=wunsch, datum=MORGEN, now=JETZT)
    ]
    spaeter = JETZT + timedelta(minutes=16)
    assert um(MORGEN, 8) in [
        s.beginn for s in selectors.freie_slots(wunsch=wunsch, datum=MORGEN, now=spaeter)
    ]


def test_no_start_outside_the_grid_or_window():
    w = welt()
    assert selectors.freie_schalter(wunsch=_wunsch(w), beginn=um(MORGEN, 8, 7), now=JETZT) == []
    assert selectors.freie_schalter(wunsch=_wunsch(w), beginn=um(JETZT.date(), 11), now=JETZT) == []
    fern = JETZT.date() + timedelta(days=70)
    assert selectors.freie_slots(wunsch=_wunsch(w), datum=fern, now=JETZT) == []


def test_few_queries_for_the_whole_window(django_assert_max_num_queries):
    w = welt(schalter=3)
    for i in range(10):
        _buchen(w, um(MORGEN + timedelta(days=i % 3), 8, 15 * (i // 3)), f"x{i}@example.org")
    Terminleistung.objects.update()
    wunsch = _wunsch(w)
    with django_assert_max_num_queries(6):
        selectors.freie_tage(wunsch=wunsch, now=JETZT)
