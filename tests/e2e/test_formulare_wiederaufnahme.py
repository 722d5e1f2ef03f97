"""A citizen who logs in again and chooses "Online beantragen" is offered the saved draft
instead of a blank form: in Chromium, at desktop size, through the development identity
provider; axe on the offer page, and both choices by keyboard alone. An anonymous draft's
resume link asks before it continues, works once and ends the sender's access."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.selectors import entwurf_link_token
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml

from .conftest import axe_check
from .test_formulare_steps import _tab_to

pytestmark = pytest.mark.e2e

NAME = "[name='G99000000001.F99000000001']"
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def idp(live_server: Any, transactional_db: Any, settings: Any) -> str:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
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
    page.get_by_label("Jan Petersen").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Mein Konto")


def _schritt_1_speichern(page: Page, base: str, formular: Formular) -> None:
    page.goto(f"{base}/antrag/{formular.pk}/")
    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    page.locator(NAME).fill("Musterfrau")
    page.locator("[name='G99000000001.F99000000003']").fill("1980-02-29")
    page.locator("[name='G99000000001.F99000000009'][value='000']").check()
    page.locator("[name='G99000000001.F99000000011'][value='false']").check()
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")


def test_a_new_login_offers_the_saved_draft_by_keyboard(
    idp: str, klein: Formular, new_page: Any, axe_source: str
) -> None:
    erste = new_page(viewport=DESKTOP)
    _anmelden(erste, idp)
    _schritt_1_speichern(erste, idp, klein)
    # a browser of its own: a new session, as after closing the browser or logging out

    page = new_page(viewport=DESKTOP)
    _anmelden(page, idp)
    expect(page.locator("main")).to_contain_text("Gespeicherte Entwürfe")  # Mein Konto
    page.goto(f"{idp}/antrag/{klein.pk}/")
    expect(page.locator("main h1")).to_have_text("Gespeicherten Antrag fortsetzen?")
    expect(page.locator("main")).to_contain_text("Sie haben einen gespeicherten Antrag vom")
    expect(page.locator("main")).to_contain_text("Schritt 2 von 2")
    axe_check(page, axe_source)

    _tab_to(page, "form[action$='/gespeichert/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    page.goto(f"{idp}/antrag/{klein.pk}/schritt/1/")
    expect(page.locator(NAME)).to_have_value("Musterfrau")
    assert Entwurf.objects.count() == 1


def test_neu_beginnen_by_keyboard_starts_blank_and_keeps_the_saved_draft(
    idp: str, klein: Formular, new_page: Any, axe_source: str
) -> None:
    erste = new_page(viewport=DESKTOP)
    _anmelden(erste, idp)
    _schritt_1_speichern(erste, idp, klein)

    page = new_page(viewport=DESKTOP)
    _anmelden(page, idp)
    page.goto(f"{idp}/antrag/{klein.pk}/schritt/1/")
    expect(page.locator("main h1")).to_have_text("Gespeicherten Antrag fortsetzen?")
    _tab_to(page, "form[action$='/neu/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    expect(page.locator(NAME)).to_have_value("Petersen")  # from the identity, not the draft
    axe_check(page, axe_source)
    assert Entwurf.objects.get().daten["G99000000001"]["F99000000001"] == "Musterfrau"


def test_a_resume_link_asks_first_works_once_by_keyboard_and_ends_the_senders_access(
    idp: str, klein: Formular, new_page: Any, axe_source: str
) -> None:
    absender = new_page(viewport=DESKTOP)
    _schritt_1_speichern(absender, idp, klein)  # anonymous
    entwurf = Entwurf.objects.get()
    link = idp + reverse("formulare:fortsetzen", args=[entwurf_link_token(entwurf=entwurf)])

    page = new_page(viewport=DESKTOP)
    page.goto(link)
    expect(page.locator("main h1")).to_have_text("Gespeicherten Antrag fortsetzen")
    expect(page.locator("main")).to_contain_text("Der Link funktioniert nur einmal")
    axe_check(page, axe_source)
    _tab_to(page, "form[action$='/fortsetzen/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    page.goto(f"{idp}/antrag/{klein.pk}/schritt/1/")
    expect(page.locator(NAME)).to_have_value("Musterfrau")

    # the browser that sent the link has lost the draft; the link is used up
    absender.goto(f"{idp}/antrag/{klein.pk}/schritt/1/")
    expect(absender.locator(NAME)).to_have_value("")
    dritte = new_page(viewport=DESKTOP)
    dritte.goto(link)
    expect(dritte.locator("main h1")).to_have_text("Dieser Link ist nicht mehr gültig")
    axe_check(dritte, axe_source)
