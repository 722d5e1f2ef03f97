from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from rathaus.core.models import Protokoll
from rathaus.organisation.models import (
    Oeffnungszeit,
    Organisationseinheit,
    Sonderoeffnung,
    Standort,
    Wochentag,
)
from rathaus.organisation.selectors import erste_anlaufstelle
from rathaus.organisation.services import (
    Zeitfenster,
    oeffnungszeiten_set,
    organisationseinheit_upsert,
    sonderoeffnung_upsert,
    standort_upsert,
)

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _standort(**overrides: object) -> Standort:
    values: dict = {
        "slug": "schillstrasse",
        "name": "Verwaltungsgebäude Schillstraße",
        "strasse": "Schillstraße 5-7",
        "plz": "18439",
        "aufzug": True,
        "actor": ACTOR,
    }
    values.update(overrides)
    return standort_upsert(**values)


def test_standort_upsert_creates_once_and_is_idempotent() -> None:
    standort = _standort()
    assert standort.ort == "Stralsund"
    assert standort.aufzug is True
    assert (
        Protokoll.objects.filter(aktion="standort.create", objekt_id=str(standort.pk)).count() == 1
    )

    again = _standort()
    assert again.pk == standort.pk
    assert Standort.objects.count() == 1
    assert Protokoll.objects.count() == 1


def test_standort_upsert_records_only_the_changed_fields() -> None:
    _standort()
    _standort(telefon="03831 253 780", aufzug=False)

    eintrag = Protokoll.objects.get(aktion="standort.update")
    assert eintrag.akteur_name == ACTOR
    assert eintrag.details == {"telefon": ["", "03831 253 780"], "aufzug": [True, False]}
    assert Standort.objects.get().telefon == "03831 253 780"


def test_standort_upsert_rejects_invalid_data_and_writes_nothing() -> None:
    with pytest.raises(ValidationError):
        _standort(email="keine-adresse")
    assert not Standort.objects.exists()
    assert not Protokoll.objects.exists()


def test_organisationseinheit_upsert_builds_hierarchy() -> None:
    standort = _standort()
    verwaltung = organisationseinheit_upsert(
        slug="stadtverwaltung", name="Stadtverwaltung", art="verwaltung", actor=ACTOR
    )
    amt = organisationseinheit_upsert(
        slug="ordnungsamt",
        name="Ordnungsamt",
        art="amt",
        uebergeordnet=verwaltung,
        standort=standort,
        nur_mit_termin=True,
        termin_hinweis="Nur mit Termin.",
        actor=ACTOR,
    )
    assert amt.uebergeordnet == verwaltung
    assert list(verwaltung.untereinheiten.all()) == [amt]
    before = Protokoll.objects.count()

    organisationseinheit_upsert(
        slug="ordnungsamt",
        name="Ordnungsamt",
        art="amt",
        uebergeordnet=verwaltung,
        standort=standort,
        nur_mit_termin=True,
        termin_hinweis="Nur mit Termin.",
        actor=ACTOR,
    )
    assert Protokoll.objects.count() == before

    organisationseinheit_upsert(
        slug="ordnungsamt", name="Ordnungsamt", art="amt", uebergeordnet=None, actor=ACTOR
    )
    update = Protokoll.objects.filter(aktion="organisationseinheit.update").get()
    assert update.details["uebergeordnet"] == [verwaltung.pk, None]
    assert update.details["nur_mit_termin"] == [True, False]


def test_organisationseinheit_upsert_rejects_unknown_art() -> None:
    with pytest.raises(ValidationError):
        organisationseinheit_upsert(slug="x", name="X", art="ministerium", actor=ACTOR)
    assert not Organisationseinheit.objects.exists()


def test_only_one_erste_anlaufstelle() -> None:
    buergerbuero = organisationseinheit_upsert(
        slug="bb", name="Bürgerbüro", art="abteilung", erste_anlaufstelle=True, actor=ACTOR
    )
    assert erste_anlaufstelle() == buergerbuero
    with pytest.raises(ValidationError) as fehler:
        organisationseinheit_upsert(
            slug="info", name="Information", art="abteilung", erste_anlaufstelle=True, actor=ACTOR
        )
    assert "erste Anlaufstelle" in str(fehler.value)
    assert not Organisationseinheit.objects.filter(slug="info").exists()
    amt = organisationseinheit_upsert(slug="amt", name="Amt", art="amt", actor=ACTOR)
    with pytest.raises(ValidationError):
        organisationseinheit_upsert(
            slug="amt", name="Amt", art="amt", erste_anlaufstelle=True, actor=ACTOR
        )
    amt.refresh_from_db()
    assert not amt.erste_anlaufstelle
    # Handing the role over: the old one first gives it up.
    organisationseinheit_upsert(slug="bb", name="Bürgerbüro", art="abteilung", actor=ACTOR)
    organisationseinheit_upsert(
        slug="amt", name="Amt", art="amt", erste_anlaufstelle=True, actor=ACTOR
    )
    assert erste_anlaufstelle() == amt


@pytest.fixture
def oe() -> Organisationseinheit:
    return Organisationseinheit.objects.create(name="Bürgerbüro", slug="bb", art="abteilung")


WOCHE = [
    Zeitfenster(Wochentag.MONTAG, time(8), time(12)),
    Zeitfenster(Wochentag.DIENSTAG, time(13), time(18), nur_mit_termin=True),
    Zeitfenster(Wochentag.DIENSTAG, time(8), time(12)),
]


def test_oeffnungszeiten_set_replaces_week_and_is_idempotent(oe: Organisationseinheit) -> None:
    Oeffnungszeit.objects.create(
        organisationseinheit=oe, wochentag=Wochentag.FREITAG, von=time(7), bis=time(9)
    )
    oeffnungszeiten_set(organisationseinheit=oe, zeiten=WOCHE, actor=ACTOR)

    rows = list(oe.oeffnungszeiten.values_list("wochentag", "von", "bis", "nur_mit_termin"))
    assert rows == [
        (0, time(8), time(12), False),
        (1, time(8), time(12), False),
        (1, time(13), time(18), True),
    ]
    eintrag = Protokoll.objects.get(aktion="oeffnungszeiten.set")
    assert eintrag.details["alt"] == ["freitag 07:00-09:00"]
    assert "dienstag 13:00-18:00 (Termin)" in eintrag.details["neu"]

    # Same week in a different order: nothing happens.
    ids = set(oe.oeffnungszeiten.values_list("id", flat=True))
    oeffnungszeiten_set(organisationseinheit=oe, zeiten=list(reversed(WOCHE)), actor=ACTOR)
    assert set(oe.oeffnungszeiten.values_list("id", flat=True)) == ids
    assert Protokoll.objects.count() == 1


@pytest.mark.parametrize(
    "zeiten",
    [
        [Zeitfenster(Wochentag.MONTAG, time(12), time(8))],
        [
            Zeitfenster(Wochentag.MONTAG, time(8), time(12)),
            Zeitfenster(Wochentag.MONTAG, time(11), time(14)),
        ],
        [Zeitfenster(9, time(8), time(12))],
    ],
    ids=["end-before-start", "overlap", "weekday"],
)
def test_oeffnungszeiten_set_rejects_bad_hours_and_keeps_old(
    oe: Organisationseinheit, zeiten: list[Zeitfenster]
) -> None:
    oeffnungszeiten_set(organisationseinheit=oe, zeiten=WOCHE, actor=ACTOR)
    with pytest.raises(ValidationError):
        oeffnungszeiten_set(organisationseinheit=oe, zeiten=zeiten, actor=ACTOR)
    assert oe.oeffnungszeiten.count() == 3
    assert Protokoll.objects.count() == 1


def test_sonderoeffnung_upsert_closed_day_then_special_hours(oe: Organisationseinheit) -> None:
    tag = date(2026, 12, 24)
    sonderoeffnung_upsert(organisationseinheit=oe, datum=tag, grund="Heiligabend", actor=ACTOR)
    sonderoeffnung_upsert(organisationseinheit=oe, datum=tag, grund="Heiligabend", actor=ACTOR)

    row = Sonderoeffnung.objects.get()
    assert (row.geschlossen, row.von, row.bis, row.grund) == (True, None, None, "Heiligabend")
    assert Protokoll.objects.filter(aktion="sonderoeffnung.set").count() == 1

    sonderoeffnung_upsert(
        organisationseinheit=oe,
        datum=tag,
        grund="Heiligabend: verkürzt geöffnet",
        intervalle=[(time(10), time(11)), (time(8), time(9))],
        actor=ACTOR,
    )
    rows = list(
        Sonderoeffnung.objects.order_by("von").values_list("geschlossen", "von", "bis", "grund")
    )
    assert rows == [
        (False, time(8), time(9), "Heiligabend: verkürzt geöffnet"),
        (False, time(10), time(11), "Heiligabend: verkürzt geöffnet"),
    ]
    assert Protokoll.objects.filter(aktion="sonderoeffnung.set").count() == 2
    sonderoeffnung_upsert(
        organisationseinheit=oe,
        datum=tag,
        grund="Heiligabend: verkürzt geöffnet",
        intervalle=[(time(8), time(9)), (time(10), time(11))],
        actor=ACTOR,
    )
    assert Protokoll.objects.filter(aktion="sonderoeffnung.set").count() == 2


def test_sonderoeffnung_upsert_leaves_other_dates_and_offices_alone(
    oe: Organisationseinheit,
) -> None:
    other = Organisationseinheit.objects.create(name="Standesamt", slug="sta", art="amt")
    sonderoeffnung_upsert(
        organisationseinheit=other, datum=date(2026, 1, 1), grund="Neujahr", actor=ACTOR
    )
    sonderoeffnung_upsert(
        organisationseinheit=oe, datum=date(2026, 1, 2), grund="Brückentag", actor=ACTOR
    )
    sonderoeffnung_upsert(
        organisationseinheit=oe, datum=date(2026, 1, 1), grund="Neujahr", actor=ACTOR
    )

    assert other.sonderoeffnungen.count() == 1
    assert sorted(oe.sonderoeffnungen.values_list("datum", flat=True)) == [
        date(2026, 1, 1),
        date(2026, 1, 2),
    ]


def test_sonderoeffnung_upsert_rejects_inverted_interval(oe: Organisationseinheit) -> None:
    with pytest.raises(ValidationError):
        sonderoeffnung_upsert(
            organisationseinheit=oe,
            datum=date(2026, 6, 20),
            grund="x",
            intervalle=[(time(12), time(9))],
            actor=ACTOR,
        )
    assert not Sonderoeffnung.objects.exists()
