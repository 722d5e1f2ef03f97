"""Long code lists in Chromium: the filter above the "Staat der Geburt" select of the demo
form S05000001319 is labelled, narrows the list, says how many entries are left, works by
keyboard (Enter never submits the step), passes axe; without JavaScript the plain select
is there and is submitted."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from rathaus.formulare.services import formular_import
from rathaus.standards.xdatenfelder.tests._data import FIM, needs_codelisten

from .conftest import axe_check

pytestmark = [pytest.mark.e2e, needs_codelisten]

GEBURTSSTAAT = "G05000012012.G05000012016.F60000000235"


@pytest.fixture
def demo(live_server: Any, transactional_db: Any) -> Any:
    datei = FIM / "xdf3" / "S05000001319" / "schema.xdf.xml"
    return formular_import(dateien=[datei], actor="test")[0].formular


def _tab_to(page: Page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector} not reached by Tab")


def test_the_filter_is_labelled_and_works_by_keyboard(
    demo: Any, live_server: Any, page: Page, axe_source: str
) -> None:
    url = f"{live_server.url}/antrag/{demo.pk}/schritt/3/"
    page.goto(url)
    select = page.locator(f"select[name='{GEBURTSSTAAT}']")
    expect(select.locator("option")).to_have_count(198)
    filter_feld = page.get_by_label("Liste filtern: Staat der Geburt")
    expect(filter_feld).to_have_attribute("type", "search")
    axe_check(page, axe_source)

    filter_id = filter_feld.get_attribute("id")
    _tab_to(page, f"#{filter_id}")
    page.keyboard.type("frank")
    expect(select.locator("option")).to_have_count(2)  # "Bitte auswählen" and Frankreich
    status = page.locator(f"#{filter_id}-status")
    expect(status).to_have_text("1 Eintrag")
    expect(status).to_have_attribute("role", "status")
    page.keyboard.press("Enter")  # chooses the only match, moves to the list, no submit
    expect(select).to_be_focused()
    expect(select).to_have_value("129")
    assert page.url == url

    page.keyboard.press("Shift+Tab")
    expect(page.locator(f"#{filter_id}")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("ver")
    expect(status).to_contain_text("Einträge")
    page.keyboard.press("ArrowDown")
    expect(select).to_be_focused()
    expect(select).to_have_value("129")  # the choice stays though it does not match
    axe_check(page, axe_source)


def test_without_javascript_the_plain_select_is_submitted(
    demo: Any, live_server: Any, new_page: Any
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/antrag/{demo.pk}/schritt/3/")
    expect(page.locator(".suchauswahl")).to_have_count(0)
    page.get_by_label("Staat der Geburt", exact=False).first.select_option("151")
    page.locator(".antrag__aktionen button[value=weiter]").click()
    page.wait_for_load_state()
    # the step comes back with the other required fields missing, the choice kept
    expect(page.locator(f"select[name='{GEBURTSSTAAT}']")).to_have_value("151")
    expect(page.locator("#fehlerliste")).not_to_contain_text("Staat der Geburt")
