from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rathaus.core.models import Protokoll
from rathaus.katalog.models import Gebuehr, Leistung, Synonym, Zustaendigkeit
from rathaus.katalog.services.redaktion import (
    GebuehrEintrag,
    ZustaendigkeitEintrag,
    gebuehren_set,
    leistung_demo_ensure,
    leistung_redaktion_update,
    synonym_upsert,
    zustaendigkeit_set,
)
from rathaus.organisation.models import Organisationseinheit

pytestmark = pytest.mark.django_db
ACTOR = "redaktion"


@pytest.fixture
def leistung() -> Leistung:
    return Leistung.objects.create(
        quelle="nrw-ozgdb:1234",
        name="Personalausweis Ausstellung",
        slug="personalausweis-ausstellung",
        leika_schluessel="99008001012000",
        rechtsgrundlagen="PAuswG",
    )


def _oe(slug: str) -> Organisationseinheit:
    return Organisationseinheit.objects.create(name=slug.title(), slug=slug, art="abteilung")


# --- leistung_demo_ensure ---------------------------------------------------------------


def test_demo_ensure_finds_the_imported_leistung_by_key(leistung: Leistung) -> None:
    found, created = leistung_demo_ensure(
        leika_schluessel="99008001012000", name="Personalausweis beantragen", actor=ACTOR
    )
    assert (found.pk, created) == (leistung.pk, False)
    assert found.quelle == "nrw-ozgdb:1234"
    assert found.name == "Personalausweis Ausstellung"
    assert Leistung.objects.count() == 1
    assert not Protokoll.objects.exists()


def test_demo_ensure_creates_a_sample_entry_once() -> None:
    leistung, created = leistung_demo_ensure(
        leika_schluessel="99085001012000", name="Reisepass beantragen", actor=ACTOR
    )
    assert created
    assert leistung.quelle == "demo:99085001012000"
    assert leistung.slug == "reisepass-beantragen"
    assert leistung.beispielinhalt
    assert Protokoll.objects.get().aktion == "leistung.create"

    again, created_again = leistung_demo_ensure(
        leika_schluessel="99085001012000", name="Reisepass beantragen", actor=ACTOR
    )
    assert (again.pk, created_again) == (leistung.pk, False)
    assert Protokoll.objects.count() == 1


def test_demo_ensure_makes_slugs_unique() -> None:
    Leistung.objects.create(quelle="x:1", name="Hundesteuer", slug="hundesteuer")
    Leistung.objects.create(quelle="x:2", name="Hundesteuer", slug="hundesteuer-2")
    leistung, _ = leistung_demo_ensure(
        leika_schluessel="99102013002000", name="Hundesteuer", actor=ACTOR
    )
    assert leistung.slug == "hundesteuer-3"


def test_demo_ensure_without_key_uses_slug_for_quelle() -> None:
    leistung, created = leistung_demo_ensure(
        leika_schluessel=None, name="Stadtführung buchen", slug="stadtfuehrung", actor=ACTOR
    )
    assert created
    assert leistung.quelle == "demo:stadtfuehrung"
    assert leistung.leika_schluessel is None
    with pytest.raises(ValidationError):
        leistung_demo_ensure(leika_schluessel=None, name="Ohne", actor=ACTOR)


def test_demo_ensure_rejects_an_invalid_key() -> None:
    with pytest.raises(ValidationError):
        leistung_demo_ensure(leika_schluessel="12345", name="Kaputt", actor=ACTOR)
    assert not Leistung.objects.exists()


# --- leistung_redaktion_update ---------------------------------------------------------


def test_redaktion_update_sets_texts_and_records_changes(leistung: Leistung) -> None:
    changed = leistung_redaktion_update(
        leistung=leistung,
        name_en="Apply for an identity card",
        name_buerger="Personalausweis beantragen",
        kurztext="Kurz.",
        volltext="Lang. " * 100,
        synonyme=["Perso", " Ausweis ", "perso", ""],
        termin_url="https://termine.example.org/ausweis",
        nachfrage=9000,
        beispielinhalt=True,
        actor=ACTOR,
    )
    assert changed
    leistung.refresh_from_db()
    assert leistung.synonyme == "Perso\nAusweis"
    assert leistung.synonym_list == ["Perso", "Ausweis"]
    assert (leistung.nachfrage, leistung.beispielinhalt) == (9000, True)
    assert leistung.termin_url == "https://termine.example.org/ausweis"
    assert leistung.anzeigename == "Personalausweis beantragen"
    assert leistung.quelle == "nrw-ozgdb:1234"  # the source fields are untouched
    assert leistung.rechtsgrundlagen == "PAuswG"

    eintrag = Protokoll.objects.get(aktion="leistung.redaktion_update")
    assert eintrag.objekt_id == str(leistung.pk)
    assert eintrag.details["nachfrage"] == [0, 9000]
    assert eintrag.details["volltext"] == "geändert"  # long texts are not copied into the log


def test_redaktion_update_without_change_writes_nothing(leistung: Leistung) -> None:
    leistung_redaktion_update(leistung=leistung, kurztext="Kurz.", synonyme="A\nB", actor=ACTOR)
    geaendert_am = Leistung.objects.get().geaendert_am

    assert not leistung_redaktion_update(
        leistung=leistung, kurztext="Kurz.", synonyme=["A", "B"], actor=ACTOR
    )
    assert Protokoll.objects.count() == 1
    assert Leistung.objects.get().geaendert_am == geaendert_am


@pytest.mark.parametrize(
    "felder",
    [
        {"quelle": "demo:x"},
        {"leika_schluessel": "99008001000000"},
        {"reifegrad": 3},  # follows from the forms, never typed in
        {"online_dienst_url": "https://example.org/online"},  # gone: no typed online claim
        {"termin_url": "kein link"},
        {"termin_url": "javascript:alert(1)"},
        {"name_buerger": "x" * 301},
    ],
)
def test_redaktion_update_rejects_bad_fields(leistung: Leistung, felder: dict) -> None:
    with pytest.raises(ValidationError):
        leistung_redaktion_update(leistung=leistung, actor=ACTOR, **felder)
    fresh = Leistung.objects.get()
    assert (fresh.quelle, fresh.leika_schluessel) == ("nrw-ozgdb:1234", "99008001012000")
    assert (fresh.termin_url, fresh.name_buerger) == ("", "")
    assert not Protokoll.objects.exists()


# --- gebuehren_set ------------------------------------------------------------------------

GEBUEHREN = [
    GebuehrEintrag("Personalausweis ab 24 Jahren", Decimal("37.00")),
    GebuehrEintrag("Personalausweis unter 24 Jahren", Decimal("22.80")),
    GebuehrEintrag("Sondernutzungsgebühr", hinweis="nach Satzung"),
    GebuehrEintrag("Spanne", Decimal("10.20"), Decimal("767.00")),
]


def test_gebuehren_set_replaces_in_order_and_is_idempotent(leistung: Leistung) -> None:
    Gebuehr.objects.create(leistung=leistung, bezeichnung="alt", betrag=Decimal("1"))
    gebuehren_set(leistung=leistung, gebuehren=GEBUEHREN, actor=ACTOR)

    rows = list(leistung.gebuehren.values_list("bezeichnung", "betrag", "betrag_bis", "hinweis"))
    assert rows == [
        ("Personalausweis ab 24 Jahren", Decimal("37.00"), None, ""),
        ("Personalausweis unter 24 Jahren", Decimal("22.80"), None, ""),
        ("Sondernutzungsgebühr", None, None, "nach Satzung"),
        ("Spanne", Decimal("10.20"), Decimal("767.00"), ""),
    ]
    assert Protokoll.objects.filter(aktion="gebuehren.set").count() == 1

    # The same amounts written differently (37 == 37.00) are no change.
    same = [GebuehrEintrag("Personalausweis ab 24 Jahren", Decimal("37")), *GEBUEHREN[1:]]
    gebuehren_set(leistung=leistung, gebuehren=same, actor=ACTOR)
    assert Protokoll.objects.filter(aktion="gebuehren.set").count() == 1

    gebuehren_set(leistung=leistung, gebuehren=[], actor=ACTOR)
    assert not leistung.gebuehren.exists()
    assert Protokoll.objects.filter(aktion="gebuehren.set").count() == 2


def test_gebuehren_set_rejects_inverted_range(leistung: Leistung) -> None:
    gebuehren_set(leistung=leistung, gebuehren=GEBUEHREN[:1], actor=ACTOR)
    with pytest.raises(ValidationError):
        gebuehren_set(
            leistung=leistung,
            gebuehren=[GebuehrEintrag("falsch", Decimal("10"), Decimal("5"))],
            actor=ACTOR,
        )
    assert list(leistung.gebuehren.values_list("bezeichnung", flat=True)) == [
        "Personalausweis ab 24 Jahren"
    ]


# --- zustaendigkeit_set -------------------------------------------------------------------


def test_zustaendigkeit_set_adds_removes_and_updates(leistung: Leistung) -> None:
    bb, kfz, sta = _oe("buergerbuero"), _oe("kfz"), _oe("standesamt")
    Zustaendigkeit.objects.create(
        leistung=leistung, organisationseinheit=sta, gebiet_ags="13073001"
    )

    zustaendigkeit_set(
        leistung=leistung,
        eintraege=[ZustaendigkeitEintrag(bb), ZustaendigkeitEintrag(kfz, "nur Abholung")],
        actor=ACTOR,
    )
    assert set(
        leistung.zustaendigkeiten.filter(gebiet_ags="13073088").values_list(
            "organisationseinheit__slug", "hinweis"
        )
    ) == {("buergerbuero", ""), ("kfz", "nur Abholung")}
    # Another area is left alone.
    assert leistung.zustaendigkeiten.filter(gebiet_ags="13073001").count() == 1

    zustaendigkeit_set(
        leistung=leistung,
        eintraege=[ZustaendigkeitEintrag(bb), ZustaendigkeitEintrag(kfz, "nur Abholung")],
        actor=ACTOR,
    )
    assert Protokoll.objects.filter(aktion="zustaendigkeit.set").count() == 1

    zustaendigkeit_set(
        leistung=leistung, eintraege=[ZustaendigkeitEintrag(bb, "mit Termin")], actor=ACTOR
    )
    assert list(
        leistung.zustaendigkeiten.filter(gebiet_ags="13073088").values_list(
            "organisationseinheit__slug", "hinweis"
        )
    ) == [("buergerbuero", "mit Termin")]
    last = Protokoll.objects.filter(aktion="zustaendigkeit.set").first()
    assert last is not None
    assert last.details["entfernt"] == [kfz.pk]
    assert last.details["hinweis_geaendert"] == [bb.pk]


def test_zustaendigkeit_set_rejects_bad_ags_and_duplicates(leistung: Leistung) -> None:
    bb = _oe("buergerbuero")
    with pytest.raises(ValidationError):
        zustaendigkeit_set(
            leistung=leistung, eintraege=[ZustaendigkeitEintrag(bb)], gebiet_ags="130", actor=ACTOR
        )
    with pytest.raises(ValidationError):
        zustaendigkeit_set(
            leistung=leistung,
            eintraege=[ZustaendigkeitEintrag(bb), ZustaendigkeitEintrag(bb, "doppelt")],
            actor=ACTOR,
        )
    assert not Zustaendigkeit.objects.exists()


# --- synonym_upsert -----------------------------------------------------------------------


def test_synonym_upsert_creates_updates_and_ignores_repeats() -> None:
    synonym_upsert(begriff="  Heirat ", ersetzung="Eheschließung", actor=ACTOR)
    synonym_upsert(begriff="heirat", ersetzung="Eheschließung", actor=ACTOR)
    assert list(Synonym.objects.values_list("begriff", "ersetzung")) == [
        ("Heirat", "Eheschließung")
    ]
    assert Protokoll.objects.count() == 1

    synonym_upsert(begriff="Heirat", ersetzung="Eheschließung Anmeldung", actor=ACTOR)
    assert Synonym.objects.get().ersetzung == "Eheschließung Anmeldung"
    update = Protokoll.objects.get(aktion="synonym.update")
    assert update.details["ersetzung"] == ["Eheschließung", "Eheschließung Anmeldung"]


@pytest.mark.parametrize(("begriff", "ersetzung"), [("", "x"), ("Pass", " "), ("Pass", "pass")])
def test_synonym_upsert_rejects_useless_entries(begriff: str, ersetzung: str) -> None:
    with pytest.raises(ValidationError):
        synonym_upsert(begriff=begriff, ersetzung=ersetzung, actor=ACTOR)
    assert not Synonym.objects.exists()
