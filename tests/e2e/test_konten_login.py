"""Citizen login end to end: Chromium, the live server and the development identity
provider, with a real authorization code flow over HTTP (the relying party calls the
IdP's discovery, token, JWKS and userinfo endpoints through the network)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.core.services import SYSTEM
from rathaus.konten.models import Buerger
from rathaus.konten.services import postfachnachricht_create

from .conftest import axe_check

pytestmark = pytest.mark.e2e

PERSONEN = [
    ("Jan Petersen", "basis"),
    ("Anke Brandt", "substantiell"),
    ("Erika Mustermann", "hoch"),
]


@pytest.fixture
def idp(live_server: Any, transactional_db: Any, settings: Any) -> str:
    """The relying party and the dev IdP both under the live server's address."""
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    return str(live_server.url)


def _zur_idp(page: Page, base: str) -> None:
    page.goto(base + "/konto/")
    expect(page.locator("main h1")).to_have_text("Anmelden")
    page.get_by_role("link", name="Weiter zur Anmeldung").click()
    expect(page.locator("main h1")).to_have_text("Anmeldung beim Test-Identitätsanbieter")


def _session_cookie(page: Page) -> dict[str, Any]:
    return next(c for c in page.context.cookies() if c["name"] == "sessionid")


@pytest.mark.parametrize(("name", "niveau"), PERSONEN)
def test_login_konto_logout(
    name: str, niveau: str, idp: str, page: Page, new_page: Any, axe_source: str
) -> None:
    _zur_idp(page, idp)
    axe_check(page, axe_source)
    page.get_by_label(name).check()
    page.get_by_role("button", name="Anmelden", exact=True).click()

    expect(page).to_have_url(idp + "/konto/")
    expect(page.locator("main h1")).to_have_text("Mein Konto")
    expect(page.locator("main")).to_contain_text(f"Willkommen, {name}.")
    expect(page.locator("#vertrauensniveau")).to_have_text(niveau)
    expect(page.locator("main")).to_contain_text("Noch keine Anträge")
    axe_check(page, axe_source)
    alt = _session_cookie(page)

    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator("main h1")).to_have_text("Sie sind abgemeldet")
    assert not Session.objects.filter(session_key=alt["value"]).exists()
    # The old session cookie opens nothing any more.
    dieb = new_page()
    dieb.context.add_cookies([alt])
    dieb.goto(idp + "/konto/")
    expect(dieb.locator("main h1")).to_have_text("Anmelden")


def test_keyboard_only_and_english(idp: str, page: Page, axe_source: str) -> None:
    page.goto(idp + "/en/konto/anmelden/")
    page.get_by_role("link", name="Continue to login").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Log in at the test identity provider")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page, axe_source)
    page.get_by_label("Erika Mustermann").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("My account")
    expect(page.locator("#vertrauensniveau")).to_have_text("high")
    axe_check(page, axe_source)

    buerger = Buerger.objects.get(nachname="Mustermann")
    postfachnachricht_create(
        empfaenger=buerger,
        betreff="Bescheid über Ihren Bewohnerparkausweis",
        text="Guten Tag,\nIhr Antrag wurde bewilligt.",
        dokument_referenz="STR-2026-000123",
        actor=SYSTEM,
    )
    page.goto(idp + "/en/konto/postfach/")
    expect(page.locator("main h1")).to_have_text("Inbox")
    axe_check(page, axe_source)
    page.get_by_role("link", name="Bescheid über Ihren Bewohnerparkausweis").click()
    expect(page.locator("main")).to_contain_text("Ihr Antrag wurde bewilligt.")
    axe_check(page, axe_source)


def test_without_javascript(idp: str, new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    _zur_idp(page, idp)
    page.get_by_label("Anke Brandt").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.locator("#vertrauensniveau")).to_have_text("substantiell")
    page.get_by_role("link", name="Zum Postfach").click()
    expect(page.locator("main h1")).to_have_text("Postfach")
    expect(page.locator("main")).to_contain_text("Ihr Postfach ist leer")


def test_cancel_and_error_pages_axe_clean(idp: str, page: Page, axe_source: str) -> None:
    _zur_idp(page, idp)
    page.get_by_role("button", name="Abbrechen").click()
    expect(page.locator("main h1")).to_have_text("Anmeldung abgebrochen")
    axe_check(page, axe_source)
    page.goto(idp + "/konto/oidc/callback/?code=erfunden&state=erfunden")
    expect(page.locator("main h1")).to_have_text("Die Anmeldung ist fehlgeschlagen")
    axe_check(page, axe_source)
