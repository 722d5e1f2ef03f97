"""The whole online application in Chromium, by keyboard alone: service page → "Online
beantragen" → step 1 with a refused file (error state) and then a good one → step 2 →
review (the file listed beside its field) → submit → receipt; axe-core on every page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from rathaus.antraege.models import Antrag, EntwurfAnlage
from rathaus.antraege.tests import helfer
from rathaus.formulare.models import Entwurf

from .conftest import axe_check

pytestmark = pytest.mark.e2e


def _tab_to(page: Page, selector: str, limit: int = 150) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector} not reached by Tab")


def _enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _datei_waehlen(page: Page, selector: str, pfad: Path) -> None:
    """Reach the file input by Tab, then hand it the file. The native chooser that Space
    opens is the browser's own dialog; in headless Chromium under load it sometimes did not
    open for a second choice on the same page (CI), so the file goes to the input that has
    the keyboard focus."""
    _tab_to(page, selector)
    expect(page.locator(selector)).to_be_focused()
    page.locator(selector).set_input_files(str(pfad))


@pytest.fixture
def welt(live_server: Any, transactional_db: Any, tmp_path: Path) -> helfer.Welt:
    return helfer.welt(tmp_path)


def test_keyboard_only_application_from_service_page_to_receipt(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/leistungen/{welt.leistung.slug}/")
    axe_check(page, axe_source)
    _tab_to(page, f"a[href='/antrag/{welt.formular.pk}/']")
    _enter(page)
    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    axe_check(page, axe_source)
    _tab_to(page, "[name='G99000000001.F99000000001']")
    page.keyboard.type("Musterfrau")
    _tab_to(page, "[name='G99000000001.F99000000003']")
    page.keyboard.type("05171980")  # headless Chromium: en-US segment order
    _tab_to(page, "[name='G99000000001.F99000000009']")
    page.keyboard.press("Space")
    _tab_to(page, "[name='G99000000001.F99000000011']")
    page.keyboard.press("ArrowRight")  # Nein
    # error state: a "PDF" that is really a PNG is refused on the step, naming the field
    falsch = tmp_path / "nachweis.pdf"
    falsch.write_bytes(helfer.png())
    _datei_waehlen(page, "#f-G99000000001-F99000000016", falsch)
    _tab_to(page, ".antrag__aktionen button[value=weiter]")
    _enter(page)
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    expect(page.locator("#fehlerliste")).to_contain_text("„Nachweis“")
    expect(page.locator("#fehlerliste")).to_contain_text("kein PDF")
    # the summary takes the focus once the page's script has run; Tab goes on from there
    expect(page.locator("#fehlerliste")).to_be_focused()
    expect(page.locator("#f-G99000000001-F99000000016")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[name='G99000000001.F99000000001']")).to_have_value("Musterfrau")
    axe_check(page, axe_source)
    assert not EntwurfAnlage.objects.exists() and not Entwurf.objects.exists()

    richtig = tmp_path / "nachweis-richtig.pdf"
    richtig.write_bytes(helfer.pdf("Nachweis Erika Musterfrau"))
    _datei_waehlen(page, "#f-G99000000001-F99000000016", richtig)
    _tab_to(page, ".antrag__aktionen button[value=weiter]")
    _enter(page)
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    assert EntwurfAnlage.objects.get().dateiname == "nachweis-richtig.pdf"
    # back on step 1 the stored file is listed with its size and a button to remove it
    _tab_to(page, ".antrag__aktionen a.kern-btn--tertiary")  # "Zurück"
    _enter(page)
    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    expect(page.locator("#f-G99000000001-F99000000016-dateien")).to_contain_text(
        re.compile(r"nachweis-richtig\.pdf \(\d+(,\d)? KB\)")
    )
    expect(page.get_by_role("button", name="„nachweis-richtig.pdf“ entfernen")).to_be_visible()
    axe_check(page, axe_source)
    _tab_to(page, ".antrag__aktionen button[value=weiter]")
    _enter(page)
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    axe_check(page, axe_source)
    _tab_to(page, "[name='G99000000002.F99000000020']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # Nein
    _tab_to(page, ".antrag__aktionen button[value=weiter]")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Angaben prüfen")
    expect(page.locator("main")).to_contain_text("Musterfrau")
    # the file stands in step 1's section beside its label; no second upload section
    expect(page.locator("section:has(#abschnitt-1) dl")).to_contain_text(
        re.compile(r"Nachweis\s*nachweis-richtig\.pdf")
    )
    expect(page.locator("input[type=file]")).to_have_count(0)
    axe_check(page, axe_source)

    _tab_to(page, "#antrag-email")
    page.keyboard.type("erika@example.org")
    _tab_to(page, "#antrag-absenden-knopf")
    _enter(page)
    antrag = Antrag.objects.get()
    expect(page.locator("#aktenzeichen")).to_have_text(antrag.aktenzeichen)
    assert re.fullmatch(r"STR-\d{4}-\d{6}", antrag.aktenzeichen)
    expect(page.locator("main")).to_contain_text("nachweis-richtig.pdf")
    assert [a.dateiname for a in antrag.anlagen.all()] == ["nachweis-richtig.pdf"]
    axe_check(page, axe_source)
    # the receipt PDF is offered for download
    _tab_to(page, "a[href$='eingangsbestaetigung.pdf']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    # reloading the receipt creates nothing new
    page.reload()
    assert Antrag.objects.count() == 1
