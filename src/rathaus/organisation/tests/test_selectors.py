"""Opening-hours logic, always at fixed moments in Europe/Berlin (never the current time)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from rathaus.organisation.models import Organisationseinheit, Wochentag
from rathaus.organisation.selectors import Intervall, oeffnungsstatus, tagesplan, wochenplan
from rathaus.organisation.services import Zeitfenster, oeffnungszeiten_set, sonderoeffnung_upsert

BERLIN = ZoneInfo("Europe/Berlin")
ACTOR = "test"


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN)


@pytest.fixture
def buergerbuero(db: None) -> Organisationseinheit:
    oe = Organisationseinheit.objects.create(
        name="Bürgerbüro", slug="buergerbuero", art=Organisationseinheit.Art.ABTEILUNG
    )
    zeiten = [
        Zeitfenster(Wochentag.MONTAG, time(8), time(12)),
        Zeitfenster(Wochentag.DIENSTAG, time(8), time(12)),
        Zeitfenster(Wochentag.DIENSTAG, time(13), time(18), nur_mit_termin=True),
        Zeitfenster(Wochentag.MITTWOCH, time(8), time(12)),
        Zeitfenster(Wochentag.DONNERSTAG, time(8), time(12)),
        Zeitfenster(Wochentag.DONNERSTAG, time(13), time(18)),
        Zeitfenster(Wochentag.FREITAG, time(8), time(12)),
    ]
    oeffnungszeiten_set(organisationseinheit=oe, zeiten=zeiten, actor=ACTOR)
    return oe


# 2026-04-14 is a Tuesday; 2026-04-03 is Good Friday, 2026-04-06 Easter Monday.


def test_open_now_until_end_of_interval(buergerbuero: Organisationseinheit) -> None:
    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 14, 9, 30))

    assert status.jetzt_offen
    assert status.offen_bis == time(12)
    assert status.naechste_oeffnung == (
        date(2026, 4, 14),
        Intervall(time(13), time(18), nur_mit_termin=True),
    )
    assert status.heute.intervalle == (
        Intervall(time(8), time(12)),
        Intervall(time(13), time(18), nur_mit_termin=True),
    )


def test_between_intervals_is_closed_and_reopens_after_lunch(
    buergerbuero: Organisationseinheit,
) -> None:
    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 14, 12, 30))

    assert not status.jetzt_offen
    assert status.offen_bis is None
    assert status.naechste_oeffnung is not None
    assert status.naechste_oeffnung[0] == date(2026, 4, 14)
    assert status.naechste_oeffnung[1].von == time(13)


def test_closing_time_itself_counts_as_closed(buergerbuero: Organisationseinheit) -> None:
    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 14, 12, 0))
    assert not status.jetzt_offen
    assert oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 14, 8, 0)).jetzt_offen


def test_holiday_is_closed_with_reason_and_next_opening_skips_it(
    buergerbuero: Organisationseinheit,
) -> None:
    sonderoeffnung_upsert(
        organisationseinheit=buergerbuero, datum=date(2026, 4, 6), grund="Ostermontag", actor=ACTOR
    )

    plan = tagesplan(oe=buergerbuero, datum=date(2026, 4, 6))
    assert plan.geschlossen
    assert plan.grund == "Ostermontag"

    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 6, 10, 0))
    assert not status.jetzt_offen
    assert status.heute.grund == "Ostermontag"
    assert status.naechste_oeffnung == (date(2026, 4, 7), Intervall(time(8), time(12)))


def test_next_opening_across_the_weekend(buergerbuero: Organisationseinheit) -> None:
    # Friday 2026-04-17 after closing: the next opening is Monday 2026-04-20, 8:00.
    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 17, 14, 0))

    assert not status.jetzt_offen
    assert status.heute.intervalle == (Intervall(time(8), time(12)),)
    assert status.naechste_oeffnung == (date(2026, 4, 20), Intervall(time(8), time(12)))


def test_next_opening_across_weekend_and_holiday(buergerbuero: Organisationseinheit) -> None:
    # Maundy Thursday evening → Good Friday, weekend and Easter Monday closed → Tuesday.
    for datum, grund in ((date(2026, 4, 3), "Karfreitag"), (date(2026, 4, 6), "Ostermontag")):
        sonderoeffnung_upsert(
            organisationseinheit=buergerbuero, datum=datum, grund=grund, actor=ACTOR
        )
    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 4, 2, 18, 30))

    assert not status.jetzt_offen
    assert status.naechste_oeffnung == (date(2026, 4, 7), Intervall(time(8), time(12)))


def test_aware_utc_moment_is_converted_to_local_time(buergerbuero: Organisationseinheit) -> None:
    # 07:30 UTC on 14 April 2026 is 09:30 in Berlin (CEST): open.
    status = oeffnungsstatus(
        oe=buergerbuero, now=datetime(2026, 4, 14, 7, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert status.jetzt_offen
    assert status.heute.datum == date(2026, 4, 14)


def test_special_opening_on_a_saturday(buergerbuero: Organisationseinheit) -> None:
    sonderoeffnung_upsert(
        organisationseinheit=buergerbuero,
        datum=date(2026, 6, 20),
        grund="Ausweis-Samstag",
        intervalle=[(time(13), time(15)), (time(9), time(12))],
        actor=ACTOR,
    )
    plan = tagesplan(oe=buergerbuero, datum=date(2026, 6, 20))
    assert plan.grund == "Ausweis-Samstag"
    assert plan.intervalle == (Intervall(time(9), time(12)), Intervall(time(13), time(15)))

    status = oeffnungsstatus(oe=buergerbuero, now=at(2026, 6, 20, 12, 30))
    assert not status.jetzt_offen
    assert status.naechste_oeffnung == (date(2026, 6, 20), Intervall(time(13), time(15)))


def test_touching_intervals_are_one_open_period(db: None) -> None:
    oe = Organisationseinheit.objects.create(name="Bibliothek", slug="bib", art="einrichtung")
    oeffnungszeiten_set(
        organisationseinheit=oe,
        zeiten=[
            Zeitfenster(Wochentag.DIENSTAG, time(10), time(13)),
            Zeitfenster(Wochentag.DIENSTAG, time(13), time(18)),
        ],
        actor=ACTOR,
    )
    status = oeffnungsstatus(oe=oe, now=at(2026, 4, 14, 11, 0))

    assert status.offen_bis == time(18)
    # The next opening is not 13:00 (still open then) but the following Tuesday.
    assert status.naechste_oeffnung == (date(2026, 4, 21), Intervall(time(10), time(13)))


def test_wochenplan_covers_seven_days_with_exceptions(buergerbuero: Organisationseinheit) -> None:
    sonderoeffnung_upsert(
        organisationseinheit=buergerbuero,
        datum=date(2026, 5, 1),
        grund="Tag der Arbeit",
        actor=ACTOR,
    )
    plan = wochenplan(oe=buergerbuero, ab=date(2026, 4, 27))

    assert [t.datum for t in plan] == [date(2026, 4, 27 + i) for i in range(4)] + [
        date(2026, 5, i) for i in range(1, 4)
    ]
    by_day = {t.datum: t for t in plan}
    assert by_day[date(2026, 5, 1)].geschlossen
    assert by_day[date(2026, 5, 1)].grund == "Tag der Arbeit"
    assert by_day[date(2026, 5, 2)].geschlossen and by_day[date(2026, 5, 2)].grund == ""
    assert len(by_day[date(2026, 4, 30)].intervalle) == 2


def test_no_opening_hours_at_all_gives_no_next_opening(db: None) -> None:
    oe = Organisationseinheit.objects.create(name="Leer", slug="leer", art="amt")
    status = oeffnungsstatus(oe=oe, now=at(2026, 4, 14, 10))
    assert not status.jetzt_offen
    assert status.naechste_oeffnung is None
