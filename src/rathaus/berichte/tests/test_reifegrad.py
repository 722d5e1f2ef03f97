"""The one maturity rule (berichte.reifegrad) and that the service page and the API show
what it decides."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lxml import html

from rathaus.berichte import selectors
from rathaus.berichte.reifegrad import MODELL_VERSION, Merkmale, Stufe, stufe_bestimmen
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import person_schema_xml, schema_xml
from rathaus.katalog.models import Gebuehr, Leistung
from rathaus.katalog.search import suchindex_update


@pytest.mark.parametrize(
    ("merkmale", "stufe"),
    [
        (Merkmale(beschrieben=False), Stufe.OFFLINE),
        (Merkmale(beschrieben=True), Stufe.INFORMATION),
        # a form without a description still is a form to fill in
        (Merkmale(beschrieben=False, formular=True, unterlagen=True), Stufe.FORMULAR),
        (Merkmale(beschrieben=True, formular=True, unterlagen=True), Stufe.FORMULAR),
        (Merkmale(beschrieben=True, formular=True, unterlagen=False), Stufe.ONLINE),
        (Merkmale(beschrieben=True, formular=True, dateifeld=True, unterlagen=True), Stufe.ONLINE),
        (Merkmale(beschrieben=True, formular=True, postfach=True), Stufe.TRANSAKTION),
        (Merkmale(beschrieben=True, formular=True, postfach=True, gebuehr=True), Stufe.ONLINE),
        (
            Merkmale(
                beschrieben=True, formular=True, postfach=True, gebuehr=True, online_zahlung=False
            ),
            Stufe.ONLINE,
        ),
        (
            Merkmale(
                beschrieben=True, formular=True, postfach=True, gebuehr=True, online_zahlung=True
            ),
            Stufe.TRANSAKTION,
        ),
        # Postfach and payment without evidence online: still 2
        (Merkmale(beschrieben=True, formular=True, unterlagen=True, postfach=True), Stufe.FORMULAR),
    ],
)
def test_stufe(merkmale: Merkmale, stufe: Stufe) -> None:
    ergebnis = stufe_bestimmen(merkmale)
    assert ergebnis.stufe == stufe
    assert ergebnis.version == MODELL_VERSION
    daten = ergebnis.als_daten()
    assert daten["stufe"] == int(stufe) and set(daten["kriterien"]) == {  # type: ignore[arg-type]
        "beschrieben", "formular", "nachweise", "postfach", "zahlung",
    }  # fmt: skip


def test_every_combination_is_monotone_and_explained() -> None:
    """A level is never reached with a criterion of it or below unmet (except the
    description below a form), and every criterion has a text both ways."""
    for werte in itertools.product([False, True], repeat=6):
        for zahlung in (None, False, True):
            m = Merkmale(*werte, online_zahlung=zahlung)
            r = stufe_bestimmen(m)
            for k in r.kriterien:
                assert k.text
                if k.stufe <= r.stufe and k.code != "beschrieben":
                    assert k.erfuellt, (m, r)


def _formular(leistung: Leistung, tmp_path: Path, xml: bytes, niveau: str = "basis") -> None:
    datei = tmp_path / f"{leistung.slug}.xdf.xml"
    datei.write_bytes(xml)
    formular_import(
        dateien=[datei],
        actor="test",
        leistung_schluessel=leistung.leika_schluessel,
        vertrauensniveau=niveau,
    )


@pytest.fixture
def stufen(db: None, tmp_path: Path) -> dict[str, Leistung]:
    def neu(slug: str, n: int, **kw: object) -> Leistung:
        return Leistung.objects.create(
            quelle=f"t:{slug}", name=slug, slug=slug, leika_schluessel=f"990000000000{n:02d}", **kw
        )

    out = {
        "null": neu("null", 1),
        "eins": neu("eins", 2, kurztext="Beschrieben."),
        "zwei": neu("zwei", 3, kurztext="B.", unterlagen="- Nachweis"),
        "drei": neu("drei", 4, kurztext="B.", unterlagen="- Nachweis"),
        "vier": neu("vier", 5, kurztext="B."),
        "gebuehr": neu("gebuehr", 6, kurztext="B."),
    }
    _formular(out["zwei"], tmp_path, person_schema_xml())  # no file field
    _formular(out["drei"], tmp_path, schema_xml(sid="S99000000004"))  # file field, basis
    _formular(out["vier"], tmp_path, schema_xml(sid="S99000000005"), "substantiell")
    _formular(out["gebuehr"], tmp_path, schema_xml(sid="S99000000006"), "substantiell")
    Gebuehr.objects.create(leistung=out["gebuehr"], bezeichnung="Gebühr", betrag=10)
    suchindex_update()
    return out


ERWARTET = {"null": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "gebuehr": 3}


def test_levels_from_what_the_system_offers(stufen: dict[str, Leistung]) -> None:
    bulk = selectors.reifegrade_of(leistung_ids=[x.pk for x in stufen.values()])
    for name, leistung in stufen.items():
        einzeln = selectors.leistung_reifegrad(leistung=leistung)
        assert int(einzeln.stufe) == ERWARTET[name], name
        assert bulk[leistung.pk] == einzeln  # the bulk read and the page's read agree
    kriterien = {k.code: k.erfuellt for k in bulk[stufen["gebuehr"].pk].kriterien}
    # a fee and no app that can say whether it can be paid online: not 4
    assert kriterien == dict.fromkeys(
        ("beschrieben", "formular", "nachweise", "postfach"), True
    ) | {"zahlung": False}
    for stufe in range(5):
        assert set(selectors.leistung_ids_mit_stufe(stufe=stufe)) == {
            stufen[n].pk for n, s in ERWARTET.items() if s == stufe
        }


def test_service_page_and_api_show_the_same_level(client, stufen: dict[str, Leistung]) -> None:
    for name, leistung in stufen.items():
        seite = html.fromstring(client.get(f"/leistungen/{leistung.slug}/").content)
        (box,) = seite.xpath('//div[@class="reifegrad"]')
        assert str(Stufe(ERWARTET[name]).label) in box.text_content(), name
        api = client.get(f"/api/v1/leistungen/{leistung.pk}/").json()
        assert api["reifegrad"] == ERWARTET[name], name
    gefiltert = client.get("/api/v1/leistungen/", {"reifegrad": "4"}).json()
    assert [r["slug"] for r in gefiltert["results"]] == ["vier"]
    gesucht = client.get("/api/v1/leistungen/", {"q": "gebuehr", "reifegrad": "3"}).json()
    assert [r["slug"] for r in gesucht["results"]] == ["gebuehr"]


@pytest.mark.parametrize(
    ("faelligkeit", "stufe", "zahlung"),
    [("vorab", 4, True), ("bescheid", 3, False)],
)
def test_fee_rules_of_zahlungen_decide_level_4(
    stufen: dict[str, Leistung], faelligkeit: str, stufe: int, zahlung: bool
) -> None:
    """A fee collected with the online application (before processing) is paid online: 4.
    A fee due with the Bescheid: how it is paid is not known, so 3."""
    from rathaus.zahlungen.models import Gebuehrenregel

    vier = stufen["vier"]
    Gebuehrenregel.objects.create(
        leistung=vier, bezeichnung="Gebühr", faelligkeit=faelligkeit, betrag_cent=1000,
        rechtsgrundlage="§ 1 Testgebührenordnung",
    )  # fmt: skip
    r = selectors.leistung_reifegrad(leistung=vier)
    assert int(r.stufe) == stufe
    assert {k.code: k.erfuellt for k in r.kriterien}["zahlung"] is zahlung
    assert selectors.reifegrade_of(leistung_ids=[vier.pk])[vier.pk] == r
