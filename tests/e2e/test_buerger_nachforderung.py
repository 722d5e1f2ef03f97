"""A citizen answers a Nachforderung in Chromium, by keyboard alone: login at the
development identity provider → Mein Konto → "Details und Nachrichten" → an empty answer
and a wrong file (error states) → text and a PDF → success; axe-core on every state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.akten.models import Dokument
from rathaus.antraege.tests import helfer
from rathaus.konten.models import Buerger
from rathaus.verfahren.models import Aufgabe, Verfahren
from rathaus.verfahren.tests import buerger_helfer as bh

from .conftest import axe_check

pytestmark = pytest.mark.e2e


@pytest.fixture
def idp(live_server: Any, transactional_db: Any, settings: Any) -> str:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    return str(live_server.url)


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


def _datei_waehlen(page: Page, pfad: Path) -> None:
    """Reach the file input by Tab, then hand it the file. The native chooser that Space
    opens is the browser's own dialog; in headless Chromium under load it sometimes did not
    open (CI), so the file goes to the input that has the keyboard focus."""
    _tab_to(page, "#antwort-dateien")
    expect(page.locator("#antwort-dateien")).to_be_focused()
    page.locator("#antwort-dateien").set_input_files(str(pfad))


def _anmelden(page: Page, base: str) -> Buerger:
    page.goto(base + "/konto/")
    page.get_by_role("link", name="Weiter zur Anmeldung").focus()
    _enter(page)
    expect(page.locator("main h1")).to_have_text("Anmeldung beim Test-Identitätsanbieter")
    page.get_by_label("Erika Mustermann").focus()
    page.keyboard.press("Space")
    _enter(page)
    expect(page.locator("main h1")).to_have_text("Mein Konto")
    return Buerger.objects.get(nachname="Mustermann")


def test_keyboard_only_answer_to_a_nachforderung(
    idp: str, page: Page, axe_source: str, tmp_path: Path
) -> None:
    welt = helfer.welt(tmp_path)
    buerger = _anmelden(page, idp)
    antrag, verfahren, _sb = bh.wartend(welt, buerger)

    page.reload()
    _tab_to(page, f"a[href='/konto/antraege/{antrag.pk}/']")
    _enter(page)
    expect(page.locator("main h1")).to_have_text("Testleistung")
    expect(page.locator("#antrag-status")).to_have_text("Unterlagen nachgefordert")
    expect(page.locator("#nachforderung")).to_contain_text("Bitte reichen Sie den Lageplan nach.")
    expect(page.locator("#verlauf")).to_contain_text("in Bearbeitung")
    axe_check(page, axe_source)

    # error state 1: neither text nor file
    _tab_to(page, "#antwort-senden")
    _enter(page)
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator("#fehlerliste")).to_contain_text("Bitte schreiben Sie eine Antwort")
    expect(page.locator("#antwort-text")).to_have_attribute("aria-invalid", "true")
    axe_check(page, axe_source)
    # the summary links to the field
    _tab_to(page, "#fehlerliste a[href='#antwort-text']")
    page.keyboard.press("Enter")
    expect(page.locator("#antwort-text")).to_be_focused()

    # error state 2: a "PDF" that is really a PNG; the text survives
    page.keyboard.type("Guten Tag, anbei der Lageplan.")
    falsch = tmp_path / "lageplan.pdf"
    falsch.write_bytes(helfer.png())
    _datei_waehlen(page, falsch)
    _tab_to(page, "#antwort-senden")
    _enter(page)
    expect(page.locator("#fehlerliste")).to_contain_text("kein PDF")
    expect(page.locator("#antwort-text")).to_have_value("Guten Tag, anbei der Lageplan.")
    axe_check(page, axe_source)
    assert Verfahren.objects.get(pk=verfahren.pk).status == Verfahren.Status.WARTET
    assert not Dokument.objects.filter(betreff__startswith="Antwort").exists()

    richtig = tmp_path / "lageplan-richtig.pdf"
    richtig.write_bytes(helfer.pdf("Lageplan Erika Mustermann"))
    _datei_waehlen(page, richtig)
    _tab_to(page, "#antwort-senden")
    _enter(page)
    expect(page.locator(".meldungen")).to_contain_text("Ihre Antwort ist eingegangen")
    expect(page.locator("#antrag-status")).to_have_text("in Bearbeitung")
    expect(page.locator("#verlauf")).to_contain_text("Ihre Antwort ist eingegangen.")
    expect(page.locator("#antwort-formular")).to_have_count(0)
    axe_check(page, axe_source)

    verfahren = Verfahren.objects.get(pk=verfahren.pk)
    assert verfahren.status == Verfahren.Status.IN_BEARBEITUNG
    assert Aufgabe.objects.get(verfahren=verfahren, status="offen").element_id == (
        "Vollstaendigkeitspruefung"
    )
    dokument = Dokument.objects.get(betreff__startswith="Antwort")
    assert [a.bezeichnung for a in dokument.anlagen.all()] == ["lageplan-richtig.pdf"]
