from __future__ import annotations

import pytest

from rathaus.katalog.models import (
    Lebenslage,
    Leistung,
    OzgLeistung,
    Themenfeld,
    verwaltungsebene_of,
)
from rathaus.katalog.selectors import (
    az_buchstaben,
    leistungen_az,
    leistungen_filter,
    themenfelder_list,
)


@pytest.mark.django_db
def test_empty_placeholder_lebenslagen_are_not_offered():
    tf = Themenfeld.objects.create(quelle_id=1, name="Gesundheit", slug="gesundheit")
    voll = Lebenslage.objects.create(quelle_id=1, themenfeld=tf, name="Pflege", slug="pflege")
    Lebenslage.objects.create(quelle_id=2, themenfeld=tf, name="aaabbbccc", slug="aaabbbccc")
    ozg = OzgLeistung.objects.create(quelle_id=1, ozg_id="10001", name="Pflege", lebenslage=voll)
    Leistung.objects.create(quelle="t:1", name="Pflegegeld", slug="pflegegeld", ozg_leistung=ozg)
    (themenfeld,) = themenfelder_list()
    assert [lage.name for lage in themenfeld.lebenslagen.all()] == ["Pflege"]


@pytest.mark.django_db
def test_az_index_sorts_umlauts_with_their_letter():
    for i, name in enumerate(["Abfall", "Änderung", "Baum", "2. Wohnsitz"]):
        Leistung.objects.create(quelle=f"t:{i}", name=name, slug=f"s{i}")
    assert [x.name for x in leistungen_az(buchstabe="A")] == ["Abfall", "Änderung"]
    assert [x.name for x in leistungen_az(buchstabe="0-9")] == ["2. Wohnsitz"]


@pytest.mark.django_db
def test_az_index_files_by_the_citizen_name():
    Leistung.objects.create(
        quelle="t:1", name="Personalausweis Ausstellung", slug="a",
        name_buerger="Ausweis beantragen",
    )  # fmt: skip
    Leistung.objects.create(quelle="t:2", name="Parkausweis", slug="b")
    assert [x.anzeigename for x in leistungen_az(buchstabe="A")] == ["Ausweis beantragen"]
    assert [x.anzeigename for x in leistungen_az(buchstabe="P")] == ["Parkausweis"]
    assert {b.buchstabe for b in az_buchstaben() if b.vorhanden} == {"A", "P"}


@pytest.mark.parametrize(
    ("typisierung", "regelung", "vollzug", "kommunal"),
    [
        ("1", ["bund"], ["bund"], False),
        ("2", ["bund"], ["land"], False),
        ("2/3", ["bund"], ["land", "kommune"], True),
        ("4", ["land"], ["land", "kommune"], True),
        ("5", ["kommune"], ["kommune"], True),
        ("1, 2/3", ["bund"], ["bund", "land", "kommune"], True),
    ],
)
def test_verwaltungsebene_from_the_leika_type(typisierung, regelung, vollzug, kommunal):
    ebene = verwaltungsebene_of(typisierung)
    assert ebene is not None
    assert [str(e) for e in ebene.regelung] == regelung
    assert [str(e) for e in ebene.vollzug] == vollzug
    assert ebene.kommunal is kommunal


@pytest.mark.parametrize("typisierung", ["", "6", "44", "1, 6", " , ", "2/3/4"])
def test_unknown_leika_type_is_not_interpreted(typisierung):
    assert verwaltungsebene_of(typisierung) is None


@pytest.mark.django_db
def test_filter_by_ids_that_a_higher_app_decided():
    """The maturity filter of the API: berichte decides the levels, the catalogue only
    restricts to the ids it is given (an empty set yields nothing, None filters nothing)."""
    a = Leistung.objects.create(quelle="t:1", name="A", slug="a")
    b = Leistung.objects.create(quelle="t:2", name="B", slug="b", volltext="Text.")
    assert list(leistungen_filter(leistung_ids=[b.pk])) == [b]
    assert list(leistungen_filter(leistung_ids=[])) == []
    assert list(leistungen_filter(leistung_ids=None)) == [a, b]


@pytest.mark.django_db
def test_what_bootstrap_and_the_portal_ask_of_the_catalogue():
    from django.utils import translation

    from rathaus.katalog import selectors

    assert not selectors.katalog_geladen()
    assert not selectors.beispielinhalt_geladen()
    assert selectors.leistung_by_leika(leika_schluessel="99050053020000") is None
    b = Themenfeld.objects.create(quelle_id=2, name="Bauen", slug="bauen")
    a = Themenfeld.objects.create(quelle_id=1, name="Arbeit", slug="arbeit")
    leer = Leistung.objects.create(quelle="t:1", name="Leer", slug="leer")
    demo = Leistung.objects.create(
        quelle="t:2",
        name="Hund",
        slug="hund",
        kurztext="Steuer",
        leika_schluessel="99050053020000",
        beispielinhalt=True,
    )
    assert selectors.katalog_geladen() and selectors.beispielinhalt_geladen()
    assert list(selectors.themenfelder_by_name()) == [a, b]
    assert selectors.leistung_by_leika(leika_schluessel="99050053020000") == demo
    assert selectors.leistung_by_leika(leika_schluessel="") is None  # not the Leistung without
    assert not leer.ist_beschrieben and demo.ist_beschrieben
    with translation.override("de"):
        assert selectors.ebene_label(wert="kommune") == "Kommune"
    with pytest.raises(ValueError):
        selectors.ebene_label(wert="<script>")
