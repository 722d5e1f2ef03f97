"""Opening-hours logic, always at fixed moments in Europe/Berlin (never the current time)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, User

from rathaus.organisation.models import Mitgliedschaft, Organisationseinheit, Wochentag
from rathaus.organisation.selectors import (
    Intervall,
    Rolle,
    mitglieder_of,
    oeffnungsstatus,
    rollen_by_organisationseinheit,
    rollen_of,
    tagesplan,
    wochenplan,
)
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


# -- staff membership (Mitgliedschaft) ---------------------------------------------------


@pytest.fixture
def zwei_einheiten(db: None) -> tuple[Organisationseinheit, Organisationseinheit]:
    return (
        Organisationseinheit.objects.create(
            name="Ordnungsamt", slug="ordnungsamt", art=Organisationseinheit.Art.AMT
        ),
        Organisationseinheit.objects.create(
            name="Bauamt", slug="bauamt", art=Organisationseinheit.Art.AMT
        ),
    )


def _person(name: str, *, aktiv: bool = True) -> User:
    vorname, nachname = name.split()
    return User.objects.create_user(
        username=name.replace(" ", ".").lower(),
        first_name=vorname,
        last_name=nachname,
        is_active=aktiv,
    )


def test_rollen_of_names_the_roles_in_that_unit_only(
    zwei_einheiten: tuple[Organisationseinheit, Organisationseinheit],
) -> None:
    ordnungsamt, bauamt = zwei_einheiten
    anna = _person("Anna Zander")
    Mitgliedschaft.objects.create(user=anna, organisationseinheit=ordnungsamt, rolle=Rolle.LEITUNG)
    Mitgliedschaft.objects.create(
        user=anna, organisationseinheit=ordnungsamt, rolle=Rolle.SACHBEARBEITUNG
    )
    Mitgliedschaft.objects.create(
        user=anna, organisationseinheit=bauamt, rolle=Rolle.FACHADMINISTRATION
    )

    assert rollen_of(user=anna, organisationseinheit_id=ordnungsamt.pk) == {
        Rolle.LEITUNG,
        Rolle.SACHBEARBEITUNG,
    }
    assert rollen_by_organisationseinheit(user=anna) == {
        ordnungsamt.pk: {Rolle.LEITUNG, Rolle.SACHBEARBEITUNG},
        bauamt.pk: {Rolle.FACHADMINISTRATION},
    }
    assert rollen_of(user=anna, organisationseinheit_id=0) == set()


def test_rollen_of_an_inactive_or_anonymous_user_are_none(
    zwei_einheiten: tuple[Organisationseinheit, Organisationseinheit],
) -> None:
    ordnungsamt, _bauamt = zwei_einheiten
    ehemalig = _person("Erik Ehemalig", aktiv=False)
    Mitgliedschaft.objects.create(user=ehemalig, organisationseinheit=ordnungsamt)

    assert rollen_of(user=ehemalig, organisationseinheit_id=ordnungsamt.pk) == set()
    assert rollen_by_organisationseinheit(user=ehemalig) == {}
    assert rollen_of(user=AnonymousUser(), organisationseinheit_id=ordnungsamt.pk) == set()
    assert rollen_by_organisationseinheit(user=AnonymousUser()) == {}


def test_mitglieder_of_lists_active_staff_with_a_role_once_by_name(
    zwei_einheiten: tuple[Organisationseinheit, Organisationseinheit],
) -> None:
    ordnungsamt, bauamt = zwei_einheiten
    zander, adler, ehemalig, fremd, admin = (
        _person("Anna Zander"),
        _person("Bernd Adler"),
        _person("Erik Ehemalig", aktiv=False),
        _person("Frida Fremd"),
        _person("Ali Admin"),
    )
    for person, rolle in [
        (zander, Rolle.LEITUNG),
        (zander, Rolle.SACHBEARBEITUNG),  # two roles: listed once
        (adler, Rolle.SACHBEARBEITUNG),
        (ehemalig, Rolle.SACHBEARBEITUNG),
        (admin, Rolle.FACHADMINISTRATION),
    ]:
        Mitgliedschaft.objects.create(user=person, organisationseinheit=ordnungsamt, rolle=rolle)
    Mitgliedschaft.objects.create(user=fremd, organisationseinheit=bauamt, rolle=Rolle.LEITUNG)

    bearbeiten = (Rolle.SACHBEARBEITUNG, Rolle.LEITUNG)
    assert list(mitglieder_of(organisationseinheit_id=ordnungsamt.pk, rollen=bearbeiten)) == [
        adler,
        zander,
    ]
    assert list(mitglieder_of(organisationseinheit_id=ordnungsamt.pk, rollen=[Rolle.LEITUNG])) == [
        zander
    ]
    assert not mitglieder_of(organisationseinheit_id=bauamt.pk, rollen=[Rolle.SACHBEARBEITUNG])


@pytest.mark.django_db
def test_ist_verwaltung_only_for_the_administration_as_a_whole():
    from rathaus.organisation.selectors import ist_verwaltung

    stadt = Organisationseinheit.objects.create(name="Stadt", slug="stadt", art="verwaltung")
    amt = Organisationseinheit.objects.create(
        name="Amt", slug="amt", art="amt", uebergeordnet=stadt
    )
    assert ist_verwaltung(oe=stadt)
    assert not ist_verwaltung(oe=amt)
