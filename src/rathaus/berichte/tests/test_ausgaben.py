"""Page, PDF and open data show the same figures, and no person appears in any of them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from lxml import html
from pypdf import PdfReader

from rathaus.berichte.opendata import DATEIEN
from rathaus.berichte.pdf import bericht_pdf
from rathaus.berichte.services import kennzahlenstand_create
from rathaus.berichte.tests.daten import antraege_anlegen, verfahren_anlegen
from rathaus.core.pdfpruefung import tags_befunde
from rathaus.konten.models import Buerger

EMAIL = "erika.geheim@example.org"
NAME = "Geheimnachname"


@pytest.fixture
def bericht(daten, client) -> dict[str, Any]:
    """Anträge of two Leistungen (12 and 3: the 3 are published as "< 5"), 11 closed
    Verfahren (6 after 10.5 days within their deadline, 5 after 30 days past it), 1 open."""
    jetzt = timezone.now()
    konto = User.objects.create_user("geheim-konto", password=None)
    buerger = Buerger.objects.create(
        user=konto,
        aussteller="https://idp.test",
        sub="geheim-1",
        vorname="Erika",
        nachname=NAME,
        email=EMAIL,
    )
    a = antraege_anlegen(
        leistung=daten.schaustellung, anzahl=12, am=jetzt - timedelta(days=40), praefix="S",
        email=EMAIL, buerger=buerger,
    )  # fmt: skip
    eingang = jetzt - timedelta(days=40)
    frist = (eingang + timedelta(days=20)).date()
    verfahren_anlegen(
        antraege=a[:6], oe=daten.ordnungsamt, eingang=eingang, dauer_tage=10.5, frist=frist
    )
    verfahren_anlegen(
        antraege=a[6:11], oe=daten.ordnungsamt, eingang=eingang, dauer_tage=30, frist=frist
    )
    verfahren_anlegen(antraege=a[11:], oe=daten.ordnungsamt, eingang=eingang, dauer_tage=None)
    antraege_anlegen(
        leistung=daten.personalausweis, anzahl=3, am=jetzt - timedelta(days=5), praefix="P"
    )
    stand = kennzahlenstand_create(actor="test")
    return {"stand": stand, "daten": daten}


def _csv(client, name: str) -> list[dict[str, str]]:
    antwort = client.get(f"/opendata/{name}.csv")
    assert antwort.status_code == 200
    return list(csv.DictReader(io.StringIO(antwort.content.decode())))


def _tabelle(seite: Any, titel: str) -> list[tuple[str, str]]:
    (tabelle,) = seite.xpath(f'//table[caption[normalize-space()="{titel}"]]')
    return [
        (tr.xpath("string(th)").strip(), tr.xpath("string(td[1])").strip())
        for tr in tabelle.xpath("tbody/tr")
    ]


def _ohne_leerraum(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_page_pdf_and_open_data_agree(client, bericht, tmp_path) -> None:
    seite = html.fromstring(client.get("/digitalisierung/").content)
    # maturity per level: page table == open data == snapshot
    ozg = _tabelle(seite, "Reifegrad der kommunal relevanten OZG-Leistungen")
    csv_stufen = _csv(client, "reifegrad")
    assert [w for _l, w in ozg] == [r["ozg_leistungen"] for r in csv_stufen]
    stadt = _tabelle(seite, "Reifegrad der Leistungen der Stadt")
    assert [w for _l, w in stadt] == [r["leistungen_der_stadt"] for r in csv_stufen]
    # online applications per month
    monate = _tabelle(seite, "Online-Anträge je Monat")
    csv_monate = _csv(client, "antraege-monat")
    assert [w for _l, w in monate] == [r["online_antraege"] for r in csv_monate]
    assert sum(int(w) for _l, w in monate if w.isdigit()) == 12 and "< 5" in [w for _l, w in monate]
    # open Verfahren by age
    offen = _tabelle(seite, "Offene Verfahren nach Alter")
    assert [w for _l, w in offen] == [
        r["offene_verfahren"] for r in _csv(client, "offene-verfahren")
    ]
    # processing time and deadlines (JSON numbers, German page text)
    fristen = {
        r["kennzahl"]: r["wert"] for r in client.get("/opendata/fristen.json").json()["daten"]
    }
    assert fristen["median_tage_eingang_bis_bescheid"] == 10.5
    assert fristen["p90_tage_eingang_bis_bescheid"] == 30.0
    assert fristen["bescheide_12_monate"] == 11 and fristen["quote_fristgerecht_prozent"] == 54.5
    summen = {
        p.get("data-kennzahl"): p.text_content().strip() for p in seite.xpath("//p[@data-kennzahl]")
    }
    assert "10,5 Tage" in summen["dauer"] and "30,0 Tagen" in summen["dauer"]
    assert "54,5 %" in summen["fristen"] and "(6 von 11)" in summen["fristen"]
    # the PDF holds every summary sentence and the same tables
    jahr, monat = timezone.localdate().year, timezone.localdate().month
    pdf = bericht_pdf(quartal=f"{jahr}-Q{(monat - 1) // 3 + 1}")
    text = _ohne_leerraum("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    for kennzahl, satz in summen.items():
        assert _ohne_leerraum(satz) in text, kennzahl
    for label, wert in ozg + monate + offen:
        assert _ohne_leerraum(f"{label}{wert}") in text, (label, wert)
    assert tags_befunde(pdf, sprache="de") == []


def test_pdf_command_lists_changed_levels_and_refuses_bad_quarters(
    client, bericht, tmp_path
) -> None:
    from django.core.management.base import CommandError

    from rathaus.katalog.models import Leistung

    daten = bericht["daten"]
    # the described Personalausweis gets a form: 1 → 3 in a later snapshot
    Leistung.objects.filter(pk=daten.personalausweis.pk).update(unterlagen="")
    daten.formular.leistung = daten.personalausweis
    daten.formular.save(update_fields=["leistung"])
    kennzahlenstand_create(actor="test")
    jahr, monat = timezone.localdate().year, timezone.localdate().month
    quartal = f"{jahr}-Q{(monat - 1) // 3 + 1}"
    ziel = tmp_path / "bericht.pdf"
    call_command("bericht", quartal=quartal, out=ziel, stdout=io.StringIO())
    text = _ohne_leerraum("".join(p.extract_text() for p in PdfReader(ziel).pages))
    assert _ohne_leerraum("Leistungen mit geändertem Reifegrad im Quartal") in text
    assert _ohne_leerraum("Personalausweis beantragen13") in text  # name, before, now
    for falsch in ("2026-Q5", "Q4-2026", "2026-Q4; rm -rf /", "1999-Q1"):
        with pytest.raises(CommandError):
            call_command("bericht", quartal=falsch, out=tmp_path / "x.pdf", stdout=io.StringIO())
    assert not (tmp_path / "x.pdf").exists()


def _alle_ausgaben(client) -> dict[str, str]:
    out = {
        "seite": client.get("/digitalisierung/").content.decode(),
        "seite_en": client.get("/en/digitalisierung/").content.decode(),
        "opendata": client.get("/opendata/").content.decode(),
        "ttl": client.get("/opendata/katalog.ttl").content.decode(),
        "jsonld": client.get("/opendata/katalog.jsonld").content.decode(),
    }
    for name in DATEIEN:
        for fmt in ("csv", "json"):
            out[f"{name}.{fmt}"] = client.get(f"/opendata/{name}.{fmt}").content.decode()
    jahr, monat = timezone.localdate().year, timezone.localdate().month
    pdf = bericht_pdf(quartal=f"{jahr}-Q{(monat - 1) // 3 + 1}")
    out["pdf"] = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return out


def test_small_counts_are_hidden_and_no_person_appears(client, bericht) -> None:
    ausgaben = _alle_ausgaben(client)
    for name, text in ausgaben.items():
        for verboten in (EMAIL, NAME, "Erika", "geheim-1", "S-0000001", "P-0000002"):
            assert verboten not in text, (name, verboten)
    # the Personalausweis' 3 Anträge: "< 5" everywhere, never 3
    zeilen = json.loads(ausgaben["antraege-leistung-monat.json"])["daten"]
    ausweis = [z for z in zeilen if z["leistung"] == "Personalausweis beantragen"]
    assert {z["online_antraege"] for z in ausweis} == {0, "< 5"}
    seite = html.fromstring(ausgaben["seite"])
    je_leistung = dict(_tabelle(seite, "Online-Anträge je Leistung (zwölf Monate)"))
    assert je_leistung == {
        "Schaustellungserlaubnis verlängern": "12",
        "Personalausweis beantragen": "< 5",
    }
    # one open Verfahren: "< 5"; durations of the 1 open one are not published
    offen = json.loads(ausgaben["offene-verfahren.json"])["daten"]
    assert {o["offene_verfahren"] for o in offen} <= {0, "< 5"}


def test_a_leistung_with_fewer_than_five_closed_verfahren_shows_no_duration(client, daten) -> None:
    jetzt = timezone.now()
    a = antraege_anlegen(
        leistung=daten.schaustellung, anzahl=4, am=jetzt - timedelta(days=9), praefix="K"
    )
    verfahren_anlegen(
        antraege=a, oe=daten.ordnungsamt, eingang=jetzt - timedelta(days=9), dauer_tage=2
    )
    kennzahlenstand_create(actor="test")
    zeilen = client.get("/opendata/bearbeitungszeit-leistung.json").json()["daten"]
    assert zeilen == [
        {"leistung": "Schaustellungserlaubnis verlängern", "verfahren": "< 5", "median_tage": None,
         "p90_tage": None}
    ]  # fmt: skip
