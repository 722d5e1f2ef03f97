"""The end of a citizen's session in Chromium, with a very short idle limit (15 s at
"hoch", warning 6 s before): the warning dialog, operated by keyboard alone and checked
with axe while open, extends the session; without JavaScript a step sent after the end
is kept and comes back after the next login."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml
from rathaus.konten.sitzung import AKTIV_AM

from .conftest import axe_check

pytestmark = pytest.mark.e2e

LEERLAUF = 15
NAME = "[name='G99000000001.F99000000001']"


@pytest.fixture
def idp(live_server: Any, transactional_db: Any, settings: Any) -> str:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    settings.RATHAUS_CITIZEN_SESSION_IDLE_MINUTES = f"hoch={LEERLAUF / 60}"
    cache.clear()
    return str(live_server.url)


@pytest.fixture
def klein(idp: str, tmp_path: Path) -> Formular:
    p = tmp_path / "klein.xml"
    p.write_bytes(schema_xml())
    return formular_import(dateien=[p], actor="test")[0].formular


def _anmelden(page: Page, base: str) -> None:
    page.goto(base + "/konto/")
    page.get_by_role("link", name="Weiter zur Anmeldung").click()
    page.get_by_label("Erika Mustermann").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Mein Konto")


def _aktiv_am(page: Page) -> float:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return float(Session.objects.get(session_key=key).get_decoded()[AKTIV_AM])


def _fokus_im_dialog(page: Page) -> str:
    return str(
        page.evaluate(
            "() => document.activeElement.closest('#sitzung-warnung') ? "
            "document.activeElement.textContent.trim() : ''"
        )
    )


def test_warning_dialog_by_keyboard_extends_the_session(
    idp: str, klein: Formular, page: Page, axe_source: str
) -> None:
    _anmelden(page, idp)
    # timed from the request: the server counts the idle time from there, and under load
    # the page may take a while to arrive
    geladen = time.monotonic()
    page.goto(f"{idp}/antrag/{klein.pk}/schritt/1/")
    page.locator(NAME).focus()
    page.keyboard.type("Musterfrau")
    dialog = page.get_by_role("dialog", name="Ihre Sitzung läuft bald ab")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=LEERLAUF * 1000)
    assert time.monotonic() - geladen >= LEERLAUF - 6 - 1  # not before the warning time
    expect(dialog).to_contain_text("Sie endet in 0:0")
    assert _fokus_im_dialog(page) == "Sitzung verlängern"
    axe_check(page, axe_source)
    # the page behind is inert: Tab stays in the dialog
    page.keyboard.press("Shift+Tab")
    assert _fokus_im_dialog(page) == "Schließen"
    page.keyboard.press("Tab")
    assert _fokus_im_dialog(page) == "Sitzung verlängern"
    vorher = _aktiv_am(page)
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(page.locator("#sitzung-meldung")).to_have_text("Ihre Sitzung wurde verlängert.")
    assert page.evaluate("() => document.activeElement.name") == "G99000000001.F99000000001"
    assert _aktiv_am(page) > vorher

    # the next warning comes one idle period after the extension; Escape closes it
    expect(dialog).to_be_visible(timeout=LEERLAUF * 1000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("() => document.activeElement.name") == "G99000000001.F99000000001"
    # past the end the session had without the extension: still logged in
    assert time.monotonic() - geladen > LEERLAUF + 1
    page.goto(idp + "/konto/")
    expect(page.locator("main h1")).to_have_text("Mein Konto")


def test_without_javascript_a_step_sent_after_the_end_comes_back(
    idp: str, klein: Formular, new_page: Any
) -> None:
    page = new_page(java_script_enabled=False)
    _anmelden(page, idp)
    page.goto(f"{idp}/antrag/{klein.pk}/schritt/1/")
    expect(page.locator("#sitzung-warnung")).to_be_hidden()
    page.locator(NAME).fill("Musterfrau")
    page.locator("[name='G99000000001.F99000000003']").fill("1980-02-29")
    page.locator("[name='G99000000001.F99000000009'][value='000']").check()
    page.locator("[name='G99000000001.F99000000011'][value='false']").check()
    page.wait_for_timeout((LEERLAUF + 1) * 1000)  # the citizen takes their time
    page.locator(".antrag__aktionen button[value=weiter]").click()

    expect(page.locator("main h1")).to_have_text("Anmelden")
    expect(page.locator("main")).to_contain_text("Ihre Sitzung ist abgelaufen")
    expect(page.locator("#eingaben-gesichert")).to_be_visible()
    assert not Entwurf.objects.exists()
    page.get_by_role("link", name="Weiter zur Anmeldung").click()
    page.get_by_label("Erika Mustermann").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()

    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    expect(page.locator("main")).to_contain_text(
        "Ihre Sitzung war abgelaufen. Ihre Eingaben wurden gespeichert."
    )
    expect(page.locator(NAME)).to_have_value("Musterfrau")
    entwurf = Entwurf.objects.get()
    assert entwurf.buerger is not None and entwurf.buerger.nachname == "Mustermann"
    assert entwurf.daten["G99000000001"]["F99000000001"] == "Musterfrau"
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
