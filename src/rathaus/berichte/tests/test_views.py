"""The public page and its filters, the open-data files, the job and the command."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from lxml import html

from rathaus.berichte.models import Kennzahlenstand
from rathaus.berichte.opendata import DATEIEN
from rathaus.berichte.services import kennzahlenstand_create
from rathaus.berichte.tasks import BERICHTLAUF, kennzahlen_lauf, naechster_lauf

OPENAPI = (
    Path(__file__).resolve().parents[5]
    / "shared" / "data" / "apis" / "ozg-dashboard-digitale-verwaltung-openapi.yaml"
)  # fmt: skip


def _ohne_inline(text: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert " style=" not in text and "<style" not in text


@pytest.mark.django_db
def test_page_before_the_first_computation(client) -> None:
    antwort = client.get("/digitalisierung/")
    assert antwort.status_code == 200
    assert "Die Kennzahlen wurden noch nicht berechnet." in antwort.content.decode()
    assert client.get("/opendata/reifegrad.csv").status_code == 404
    assert client.get("/opendata/katalog.ttl").status_code == 404


@pytest.fixture
def stand(daten) -> Kennzahlenstand:
    return kennzahlenstand_create(actor="test")


@pytest.mark.parametrize(
    ("abfrage", "angezeigt"),
    [
        ({}, "alle Leistungen"),
        ({"themenfeld": "ein-auswandern"}, "Ein- & Auswandern"),
        ({"lebenslage": "ausweise-dokumente"}, "Ausweise & Dokumente"),
        ({"themenfeld": "ein-auswandern", "lebenslage": "ausweise-dokumente"}, "Ausweise"),
        ({"themenfeld": "", "lebenslage": ""}, "alle Leistungen"),
    ],
)
def test_filters(client, stand, abfrage, angezeigt) -> None:
    antwort = client.get("/digitalisierung/", abfrage)
    assert antwort.status_code == 200
    text = antwort.content.decode()
    _ohne_inline(text)
    seite = html.fromstring(text)
    assert angezeigt in seite.xpath('string(//p[@id="auswahl"])')
    for svg in seite.xpath("//*[local-name()='svg'][@role='img']"):
        titel_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.xpath(f"string(*[@id='{titel_id}'])") and svg.xpath(
            f"string(*[@id='{desc_id}'])"
        )
    assert len(seite.xpath("//*[local-name()='svg'][@role='img']")) == 4
    assert len(seite.xpath("//details/table/caption")) == 4  # each chart's data table
    # the chosen filter stays selected
    for feld, wert in abfrage.items():
        if wert:
            assert seite.xpath(f'//select[@name="{feld}"]/option[@selected]/@value') == [wert]


def test_filtered_figures_are_the_groups(client, stand) -> None:
    """The Themenfeld without services shows zeros, not the city's figures."""
    seite = html.fromstring(client.get("/digitalisierung/", {"themenfeld": "bauen-wohnen"}).content)
    (tabelle,) = seite.xpath('//table[caption="Reifegrad der Leistungen der Stadt"]')
    assert tabelle.xpath("tbody/tr/td/text()") == ["0"] * 5


@pytest.mark.parametrize(
    "abfrage",
    [
        {"themenfeld": "<script>alert(1)</script>"},
        {"lebenslage": "gibt-es-nicht"},
        {"themenfeld": "familie-kind", "lebenslage": "ausweise-dokumente"},  # not in it
        {"themenfeld": "x" * 5000},
    ],
)
def test_bad_filters_answer_400_and_name_the_field(client, stand, abfrage) -> None:
    antwort = client.get("/digitalisierung/", abfrage)
    assert antwort.status_code == 400
    text = antwort.content.decode()
    assert "<script>alert" not in text
    seite = html.fromstring(text)
    (fehler,) = seite.xpath('//*[@class="kern-error"]')
    feld = fehler.get("id").removesuffix("-fehler")
    assert seite.xpath(f'//select[@id="{feld}"]/@aria-invalid') == ["true"]


def test_english_page(client, stand) -> None:
    antwort = client.get("/en/digitalisierung/", {"themenfeld": "familie-kind"})
    assert antwort.status_code == 200
    seite = html.fromstring(antwort.content)
    assert seite.get("lang") == "en"
    assert seite.xpath("string(//h1)") == "How digital is the city?"
    assert "Family & children" in seite.xpath('string(//p[@id="auswahl"])')
    text = seite.text_content()
    for deutsch in ("Gefragte Leistungen", "Noch keine Daten", "Bearbeitung"):
        assert deutsch not in text, deutsch


def test_open_data_files(client, stand) -> None:
    index = html.fromstring(client.get("/opendata/").content)
    links = index.xpath('//main//a[contains(@href, "/opendata/")]/@href')
    assert len(links) == 2 + 2 * 12
    for link in links:
        antwort = client.get(link)
        assert antwort.status_code == 200, link
        if link.endswith(".csv"):  # every file has its columns, also an empty one
            name = link.rsplit("/", 1)[1].removesuffix(".csv")
            kopf = antwort.content.decode().splitlines()[0]
            assert kopf == ",".join(DATEIEN[name].spalten), name
    katalog = client.get("/opendata/leistungskatalog.json").json()["daten"]
    assert {"kriterium_formular", "kriterium_zahlung", "reifegrad", "modell"} <= set(katalog[0])
    assert client.get("/opendata/reifegrad.csv")["Content-Type"] == "text/csv; charset=utf-8"
    for pfad in ("/opendata/gibt-es-nicht.csv", "/opendata/reifegrad.xml", "/opendata/../x.csv"):
        assert client.get(pfad).status_code == 404
    assert client.post("/opendata/reifegrad.csv").status_code == 405


@pytest.mark.skipif(not OPENAPI.is_file(), reason=f"{OPENAPI} not found (../shared/data)")
def test_ozg_dashboard_export_has_the_shape_of_the_federal_api(client, stand, daten) -> None:
    from openapi_schema_validator import OAS30Validator

    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    schema = {**schemas["PageDvDataDto"], "components": {"schemas": schemas}}
    schema = yaml.safe_load(
        yaml.safe_dump(schema).replace("#/components/schemas/", "#/components/schemas/")
    )
    daten_json = client.get("/opendata/ozg-dashboard.json").json()
    OAS30Validator(schema).validate(daten_json)
    (zeile,) = daten_json["content"]  # the one Leistung with an online form
    assert (
        zeile["ars"] == "130730088088"
        and zeile["leika_key"] == daten.schaustellung.leika_schluessel
    )
    assert set(zeile) == set(schemas["DvDataDto"]["properties"])


def test_command_and_periodic_job(daten) -> None:
    from rathaus.core.periodic import _jobs

    ausgabe = io.StringIO()
    call_command("bericht_berechnen", stdout=ausgabe)
    assert Kennzahlenstand.objects.count() == 1 and "Kennzahlenstand" in ausgabe.getvalue()
    assert BERICHTLAUF in _jobs
    pk = kennzahlen_lauf.call()
    assert Kennzahlenstand.objects.count() == 2 and Kennzahlenstand.objects.filter(pk=pk).exists()
    from datetime import UTC, datetime

    lauf = naechster_lauf(datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    assert lauf > datetime(2026, 12, 7, 12, 0, tzinfo=UTC) and (lauf.hour, lauf.minute) != (12, 0)


def test_page_shows_the_newest_snapshot(client, daten) -> None:
    """The figures' HTML is kept per snapshot: a new snapshot is shown at once."""
    from datetime import timedelta

    from django.utils import timezone

    from rathaus.berichte.tests.daten import antraege_anlegen

    def summe() -> str:
        seite = html.fromstring(client.get("/digitalisierung/").content)
        return seite.xpath('string(//p[@data-kennzahl="antraege"])')

    kennzahlenstand_create(actor="test")
    assert summe().startswith("0 Online-Anträge")
    assert summe().startswith("0 Online-Anträge")  # from the kept HTML
    antraege_anlegen(
        leistung=daten.schaustellung, anzahl=7, am=timezone.now() - timedelta(days=3), praefix="N"
    )
    kennzahlenstand_create(actor="test")
    assert summe().startswith("7 Online-Anträge")
