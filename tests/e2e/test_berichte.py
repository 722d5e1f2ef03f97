"""Browser checks of the digitisation report: axe on the page and its filter states, the
filter form without JavaScript, the data tables opened by keyboard (the page fixture also
checks phone width and the console for CSP errors)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from rathaus.berichte.services import kennzahlenstand_create
from rathaus.berichte.tests.daten import antraege_anlegen, verfahren_anlegen

from .conftest import axe_check

pytestmark = pytest.mark.e2e

SEITEN = [
    "/digitalisierung/",
    "/digitalisierung/?themenfeld=ein-auswandern",
    "/digitalisierung/?lebenslage=ausweise-dokumente",
    "/digitalisierung/?themenfeld=bauen-wohnen",
    "/digitalisierung/?themenfeld=familie-kind&lebenslage=ausweise-dokumente",  # 400
    "/opendata/",
    "/en/digitalisierung/",
    "/en/digitalisierung/?themenfeld=familie-kind",
    "/en/opendata/",
]


@pytest.fixture
def bericht(daten: Any) -> Any:
    jetzt = timezone.now()
    a = antraege_anlegen(
        leistung=daten.schaustellung, anzahl=9, am=jetzt - timedelta(days=35), praefix="E"
    )
    verfahren_anlegen(
        antraege=a[:6], oe=daten.ordnungsamt, eingang=jetzt - timedelta(days=35), dauer_tage=12
    )
    verfahren_anlegen(
        antraege=a[6:], oe=daten.ordnungsamt, eingang=jetzt - timedelta(days=35), dauer_tage=None
    )
    return kennzahlenstand_create(actor="e2e")


@pytest.mark.parametrize("pfad", SEITEN)
def test_axe(pfad: str, bericht: Any, live_server: Any, page: Page, axe_source: str) -> None:
    page.goto(live_server.url + pfad)
    expect(page.locator("main h1")).to_have_count(1)
    for details in page.locator("details").all():  # the data tables too
        details.locator("summary").click()
    axe_check(page, axe_source)


def test_filter_without_javascript(bericht: Any, live_server: Any, new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url + "/digitalisierung/")
    page.select_option("#id_themenfeld", "ein-auswandern")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator("#auswahl")).to_contain_text("Ein- & Auswandern")
    assert "themenfeld=ein-auswandern" in page.url


def test_data_table_by_keyboard(bericht: Any, live_server: Any, page: Page) -> None:
    page.goto(live_server.url + "/digitalisierung/")
    summary = page.locator("details summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details table").first).to_be_visible()
