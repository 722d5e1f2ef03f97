"""Online application forms in Chromium: axe on every step of the five largest real FIM
forms (normal and error state), and a keyboard-only walk to the review page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from rathaus.formulare.definition import definition
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import grosse_formulare, needs_data, schema_xml

from .conftest import axe_check

pytestmark = pytest.mark.e2e


@pytest.fixture
def formulare_gross(live_server: Any, transactional_db: Any) -> list:
    return [z.formular for z in formular_import(dateien=grosse_formulare(5), actor="test")]


@needs_data
def test_every_step_of_the_large_forms_passes_axe(
    formulare_gross: list, live_server: Any, page: Page, axe_source: str
) -> None:
    fehlerseiten = 0
    for formular in formulare_gross:
        for schritt in definition(formular).schritte:
            page.goto(f"{live_server.url}/antrag/{formular.pk}/schritt/{schritt.nr}/")
            expect(page.locator("h1")).to_contain_text(f"Schritt {schritt.nr} von")
            axe_check(page, axe_source)
            # error state: submit the step empty (or with a wrong date where nothing is required)
            datum = page.locator("input[type=text][inputmode]:visible").first
            if datum.count():
                datum.fill("kein Wert")
            page.locator(".antrag__aktionen button[value=weiter]").click()
            page.wait_for_load_state()
            if page.locator("#fehlerliste").count():
                fehlerseiten += 1
                expect(page).to_have_title(__import__("re").compile("^Fehler: "))
                axe_check(page, axe_source)
        page.context.clear_cookies()
    assert fehlerseiten >= 5


def _tab_to(page: Page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector} not reached by Tab")


@pytest.fixture
def klein(live_server: Any, transactional_db: Any, tmp_path: Path):
    p = tmp_path / "klein.xml"
    p.write_bytes(schema_xml())
    return formular_import(dateien=[p], actor="test")[0].formular


def test_keyboard_only_walk_to_the_review_page(
    klein: Any, live_server: Any, page: Page, axe_source: str
) -> None:
    page.goto(f"{live_server.url}/antrag/{klein.pk}/schritt/1/")
    _tab_to(page, "[name='G99000000001.F99000000001']")
    page.keyboard.type("Musterfrau")
    _tab_to(page, "[name='G99000000001.F99000000003']")
    # headless Chromium orders the date segments by its UI language (en-US), not the page's
    page.keyboard.type("02291980")
    assert page.locator("[name='G99000000001.F99000000003']").input_value() == "1980-02-29"
    _tab_to(page, "[name='G99000000001.F99000000009']")
    page.keyboard.press("Space")
    _tab_to(page, "select[name='G99000000001.F99000000010']")
    _tab_to(page, "[name='G99000000001.F99000000011']")
    page.keyboard.press("ArrowRight")  # Nein
    _tab_to(page, ".antrag__aktionen button[value=weiter]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.locator("#fehlerliste").count(), page.locator("#fehlerliste").inner_text()
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    # the rules show the address group as soon as "Ja" is chosen (browser mirror)
    gruppe = page.locator("#f-G99000000002-G99000000003")
    expect(gruppe).to_be_hidden()
    _tab_to(page, "[name='G99000000002.F99000000020']")
    page.keyboard.press("Space")  # Ja
    expect(gruppe).to_be_visible()
    _tab_to(page, "[name='G99000000002.G99000000003.F99000000021']")
    page.keyboard.type("Stralsund")
    _tab_to(page, "button[value='hinzu:G99000000002.G99000000004']")
    page.keyboard.press("Enter")
    expect(page.locator("[name='G99000000002.G99000000004.1.F99000000022']")).to_be_visible()
    _tab_to(page, "[name='G99000000002.G99000000004.0.F99000000022']", limit=40)
    page.keyboard.type("Anna")
    _tab_to(page, ".antrag__aktionen button[value=weiter]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Angaben prüfen")
    inhalt = page.locator("main")
    for text in ("Musterfrau", "29.02.1980", "deutsch", "Stralsund", "Anna"):
        expect(inhalt).to_contain_text(text)
    axe_check(page, axe_source)
