from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, time
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from rathaus.config.testdaten import geteilte_daten
from rathaus.core.models import Protokoll
from rathaus.katalog.demo import (
    LEISTUNGEN,
    ORGANISATIONSEINHEITEN,
    STANDORTE,
    SYNONYME,
    TEXT_FELDER,
    feiertage_mv,
    ostersonntag,
)
from rathaus.katalog.demo.laden import demo_leistungen
from rathaus.katalog.demo.namen_en import LEBENSLAGEN_EN, THEMENFELDER_EN
from rathaus.katalog.models import Gebuehr, Leistung, Synonym, Zustaendigkeit
from rathaus.organisation.models import Organisationseinheit, Sonderoeffnung, Standort


def _csv(name: str) -> list[dict[str, str]]:
    with geteilte_daten("ozg", name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=out)
    return out.getvalue()


def _snapshot() -> dict[str, object]:
    """Everything load_demo writes, to prove a second run changes nothing."""
    return {
        "leistungen": list(Leistung.objects.order_by("pk").values()),
        "gebuehren": list(Gebuehr.objects.order_by("pk").values()),
        "zustaendigkeiten": list(Zustaendigkeit.objects.order_by("pk").values()),
        "synonyme": list(Synonym.objects.order_by("pk").values()),
        "standorte": list(Standort.objects.order_by("pk").values()),
        "einheiten": list(Organisationseinheit.objects.order_by("pk").values()),
        "sonder": list(Sonderoeffnung.objects.order_by("pk").values()),
    }


# --- the data itself (no database) -------------------------------------------------------


def test_every_demo_key_is_a_real_leika_key_and_unique() -> None:
    real = {row["service_key"]: row["name"] for row in _csv("leika_leistungen_nrw_ozgdb.csv")}
    keys = [d.leika for d in LEISTUNGEN]
    assert len(keys) >= 45
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    for demo in LEISTUNGEN:
        assert re.fullmatch(r"99\d{12}", demo.leika), demo.name_buerger
        assert demo.leika in real, f"{demo.leika} ({demo.name_buerger}) fehlt in der LeiKa-Datei"


def test_every_demo_leistung_is_fully_described() -> None:
    slugs = {oe.slug for oe in ORGANISATIONSEINHEITEN}
    for demo in LEISTUNGEN:
        for feld in TEXT_FELDER:
            assert getattr(demo, feld).strip(), f"{demo.name_buerger}: {feld} leer"
        assert demo.name_en and demo.kurztext_en and demo.synonyme, demo.name_buerger
        assert demo.zustaendig in slugs, demo.name_buerger
        assert demo.nachfrage > 0
        assert not demo.termin_url or demo.termin_url.startswith("https://")


def test_demo_data_types_no_online_claim() -> None:
    """Whether a service can be applied for online follows from its Formular; the demo
    texts neither promise an online application nor say where the Bescheid goes."""
    for demo in LEISTUNGEN:
        assert not hasattr(demo, "reifegrad") and not hasattr(demo, "online_dienst_url")
        assert not demo.termin_url or "termin" in demo.termin_url, demo.name_buerger
        texte = " ".join(getattr(demo, feld) for feld in TEXT_FELDER)
        for anspruch in ("Online-Antrag (", "Onlinedienst der Stadt", "vollständig online",
                         "Postfach", "auch online", "online oder", "oder online"):  # fmt: skip
            assert anspruch not in texte, (demo.name_buerger, anspruch)


def test_county_tasks_are_not_claimed_by_the_city() -> None:
    names = " ".join(d.name_buerger for d in LEISTUNGEN)
    for landkreis_aufgabe in ("Führerschein", "Fahrerlaubnis", "Aufenthaltstitel", "Jugendamt"):
        assert landkreis_aufgabe not in names


def test_english_names_cover_all_real_themenfelder_and_lebenslagen() -> None:
    themen = {row["name"].strip() for row in _csv("ozg_themenfelder.csv")}
    assert themen == set(THEMENFELDER_EN)
    lagen = {row["name"].strip() for row in _csv("ozg_lebenslagen.csv")}
    test_rows = {"aaaaaaaaaaaaaaaaa", "aaaaabbbbb", "aaabbbccc"}
    assert lagen - test_rows == set(LEBENSLAGEN_EN)
    assert all(v.strip() for v in [*THEMENFELDER_EN.values(), *LEBENSLAGEN_EN.values()])


def test_easter_and_mv_holidays() -> None:
    assert ostersonntag(2024) == date(2024, 3, 31)
    assert ostersonntag(2025) == date(2025, 4, 20)
    assert ostersonntag(2026) == date(2026, 4, 5)
    assert ostersonntag(2027) == date(2027, 3, 28)
    assert ostersonntag(2038) == date(2038, 4, 25)  # latest possible date
    tage = dict(feiertage_mv(2026))
    assert tage[date(2026, 4, 3)] == "Karfreitag"
    assert tage[date(2026, 4, 6)] == "Ostermontag"
    assert tage[date(2026, 5, 14)] == "Christi Himmelfahrt"
    assert tage[date(2026, 5, 25)] == "Pfingstmontag"
    assert tage[date(2026, 3, 8)] == "Internationaler Frauentag"
    assert tage[date(2026, 10, 31)] == "Reformationstag"
    assert len(tage) == 11


def test_synonym_table_is_large_and_unique() -> None:
    begriffe = [b.casefold() for b, _ in SYNONYME]
    assert len(begriffe) >= 40
    assert len(set(begriffe)) == len(begriffe)
    demo = " ".join(" ".join((d.kurztext, *d.synonyme)) for d in LEISTUNGEN).casefold()
    katalog = " ".join(row["name"] for row in _csv("leika_leistungen_nrw_ozgdb.csv")).casefold()
    for begriff, ersetzung in SYNONYME:
        # The search word is something the demo services or the real catalogue contain.
        assert ersetzung.casefold() in demo + katalog, f"{begriff} → {ersetzung}"


# --- loading ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_on_an_empty_catalogue() -> None:
    output = _run()

    leistungen = demo_leistungen()
    assert len(leistungen) == len(LEISTUNGEN) >= 45
    beschrieben = [
        leistung
        for leistung in leistungen
        if all(getattr(leistung, f).strip() for f in TEXT_FELDER)
        and leistung.name_en
        and leistung.kurztext_en
        and leistung.synonyme
    ]
    assert len(beschrieben) >= 45
    for leistung in leistungen:
        assert leistung.beispielinhalt
        assert leistung.quelle == f"demo:{leistung.leika_schluessel}"
        zustaendig = list(leistung.zustaendigkeiten.all())
        assert len(zustaendig) == 1
        assert zustaendig[0].gebiet_ags == "13073088"

    assert Standort.objects.count() == len(STANDORTE)
    assert Organisationseinheit.objects.count() == len(ORGANISATIONSEINHEITEN) >= 15
    assert Synonym.objects.count() == len(SYNONYME) >= 40
    assert not Organisationseinheit.objects.filter(beispielinhalt=False).exists()

    ordnungsamt = Organisationseinheit.objects.get(slug="ordnungsamt")
    assert ordnungsamt.nur_mit_termin and ordnungsamt.termin_hinweis
    assert ordnungsamt.standort is not None
    assert ordnungsamt.standort.strasse == "Schillstraße 5-7"
    assert Organisationseinheit.objects.get(slug="buergerbuero").telefon == "03831 253 780"
    # The Bürgerbüro answers general questions where no responsible office is known.
    assert list(
        Organisationseinheit.objects.filter(erste_anlaufstelle=True).values_list("slug", flat=True)
    ) == ["buergerbuero"]
    assert Organisationseinheit.objects.get(slug="kfz-zulassungsstelle").telefon == "03831 253 781"
    assert Organisationseinheit.objects.get(slug="standesamt").telefon == "03831 252 262"
    wohngeld = Organisationseinheit.objects.get(slug="wohngeldstelle")
    assert wohngeld.standort is not None
    assert (wohngeld.standort.strasse, wohngeld.standort.plz) == ("Wiesenstraße 9", "18437")

    # Fees as the law sets them.
    perso = Leistung.objects.get(leika_schluessel="99008001012000")
    assert set(perso.gebuehren.values_list("betrag", flat=True)) >= {
        Decimal("37.00"),
        Decimal("22.80"),
    }
    assert perso.synonym_list[0] == "Perso"
    assert (
        Leistung.objects.get(leika_schluessel="99085001012000")
        .gebuehren.filter(betrag=Decimal("70.00"))
        .exists()
    )

    # Closure days with their reason, for every office and both years.
    karfreitag = Sonderoeffnung.objects.filter(datum=date(2027, 3, 26))
    assert karfreitag.count() == len(ORGANISATIONSEINHEITEN)
    assert set(karfreitag.values_list("grund", "geschlossen")) == {("Karfreitag", True)}
    assert Sonderoeffnung.objects.filter(datum=date(2026, 12, 24), grund="Heiligabend").exists()
    samstag = Sonderoeffnung.objects.get(
        organisationseinheit__slug="buergerbuero", datum=date(2026, 6, 20)
    )
    assert (samstag.geschlossen, samstag.von, samstag.bis) == (False, time(9), time(13))

    assert get_user_model().objects.get(username="admin").is_superuser
    assert "Demo-Konto" in output
    assert f"Leistungen:             {len(LEISTUNGEN)}" in output


@pytest.mark.django_db
def test_second_run_changes_nothing_and_writes_no_protokoll() -> None:
    _run()
    assert Protokoll.objects.filter(akteur_name="load_demo").count() > 0
    before = _snapshot()
    protokoll = Protokoll.objects.count()
    users = get_user_model().objects.count()

    output = _run()

    assert Protokoll.objects.count() == protokoll
    assert _snapshot() == before
    assert get_user_model().objects.count() == users
    assert "Protokolleinträge:      0" in output
    assert "Demo-Konto" not in output


@pytest.mark.django_db
def test_demo_enriches_the_imported_leistung_instead_of_duplicating() -> None:
    imported = Leistung.objects.create(
        quelle="nrw-ozgdb:4242",
        name="Personalausweis Ausstellung",
        slug="personalausweis-ausstellung",
        leika_schluessel="99008001012000",
        typisierung="2/3",
    )
    other = Leistung.objects.create(
        quelle="nrw-ozgdb:1", name="Abbruchgenehmigung", slug="abbruchgenehmigung"
    )

    _run("--ohne-admin")

    assert Leistung.objects.filter(leika_schluessel="99008001012000").count() == 1
    assert not Leistung.objects.filter(quelle="demo:99008001012000").exists()
    imported.refresh_from_db()
    assert imported.quelle == "nrw-ozgdb:4242"
    assert imported.name == "Personalausweis Ausstellung"  # the catalogue name stays
    assert imported.name_buerger == "Personalausweis beantragen"  # beside the citizen's
    assert imported.anzeigename == "Personalausweis beantragen"
    assert imported.termin_url.startswith("https://")
    assert imported.slug == "personalausweis-ausstellung"
    assert imported.typisierung == "2/3"
    assert imported.kurztext.startswith("Den Personalausweis")
    assert imported.beispielinhalt
    assert imported.zustaendigkeiten.get().organisationseinheit.slug == "buergerbuero"
    assert Leistung.objects.count() == len(LEISTUNGEN) + 1
    other.refresh_from_db()
    assert other.kurztext == ""
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_leistungen_are_found_by_citizen_words() -> None:
    search = pytest.importorskip("rathaus.katalog.search")
    _run("--ohne-admin")

    for query, key in [
        ("Heirat", "99059001104000"),
        ("Perso", "99008001012000"),
        ("Mietzuschuss", "99107023017000"),
        ("Nummernschild", "99036009069007"),
    ]:
        treffer = search.leistung_search(query=query, limit=5).treffer
        assert key in [t.leika_schluessel for t in treffer], query
