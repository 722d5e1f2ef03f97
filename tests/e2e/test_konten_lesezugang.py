"""An Antrag submitted at "hoch" in a later session at "basis" (issue 10), in Chromium and
by keyboard alone: Mein Konto and the Postfach name it without its content, its page and
its messages explain and offer the login at "hoch" (axe-core on each, German and
English), the login at the development identity provider leads back to the page, which
then shows the Antrag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.antraege.tests import helfer
from rathaus.konten.models import Buerger, Postfachnachricht
from rathaus.konten.sitzung import NIVEAU
from rathaus.verfahren.tests import buerger_helfer as bh

from .conftest import PHONE, axe_check

pytestmark = pytest.mark.e2e

TITEL = "Höheres Vertrauensniveau nötig"
NACHFORDERUNG = "Bitte reichen Sie den Lageplan nach."


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


def _als_erika_anmelden(page: Page) -> None:
    """On the development identity provider's page: Erika Mustermann (eID, hoch)."""
    expect(page.locator("main h1")).to_have_text("Anmeldung beim Test-Identitätsanbieter")
    page.get_by_label("Erika Mustermann").focus()
    page.keyboard.press("Space")
    _enter(page)


def _sitzung_auf_basis(page: Page) -> None:
    """The browser's session from now on at "basis", as a login with user name and
    password leaves it (the development IdP vouches for one level per person)."""
    (cookie,) = [
        c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME
    ]
    session = SessionStore(session_key=cookie["value"])
    session[NIVEAU] = "basis"
    session.save()


def _nicht_breiter_als_ein_telefon(page: Page) -> None:
    groesse = page.viewport_size
    page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    breite, sichtbar = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert breite <= sichtbar, (page.url, breite, sichtbar)
    assert groesse is not None
    page.set_viewport_size(groesse)


def test_antrag_hoch_in_einer_sitzung_basis(
    idp: str, page: Page, axe_source: str, tmp_path: Path
) -> None:
    welt = helfer.welt(tmp_path, vertrauensniveau="hoch")
    page.goto(idp + "/konto/")
    page.get_by_role("link", name="Weiter zur Anmeldung").focus()
    _enter(page)
    _als_erika_anmelden(page)
    expect(page.locator("main h1")).to_have_text("Mein Konto")
    erika = Buerger.objects.get(nachname="Mustermann")
    antrag, _verfahren, _sb = bh.wartend(welt, erika)
    assert antrag.vertrauensniveau == "hoch"
    detail = f"/konto/antraege/{antrag.pk}/"
    nachforderung = Postfachnachricht.objects.get(empfaenger=erika, betreff__startswith="Nachf")

    _sitzung_auf_basis(page)

    # Mein Konto names the Antrag, not its status
    page.goto(idp + "/konto/")
    eintrag = page.locator(".meine-antraege__eintrag", has_text=antrag.aktenzeichen)
    expect(eintrag).to_contain_text("Gestellt mit Vertrauensniveau „hoch“")
    expect(eintrag).not_to_contain_text("Unterlagen nachgefordert")
    axe_check(page, axe_source)

    # the Postfach names the messages, not their text
    page.goto(idp + "/konto/postfach/")
    expect(page.locator("tbody")).to_contain_text("Lesen nur mit Vertrauensniveau „hoch“")
    axe_check(page, axe_source)

    # a message: refused, not marked read
    page.goto(idp + f"/konto/postfach/{nachforderung.pk}/")
    expect(page.locator("main h1")).to_have_text(TITEL)
    expect(page.locator("main")).to_contain_text("Diese Nachricht gehört zu einem Antrag")
    expect(page.locator("main")).not_to_contain_text(NACHFORDERUNG)
    axe_check(page, axe_source)
    nachforderung.refresh_from_db()
    assert nachforderung.gelesen_am is None

    # in English
    page.goto(idp + "/en" + detail)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).not_to_contain_text(NACHFORDERUNG)
    axe_check(page, axe_source)

    # the Antrag's page, reached by keyboard from Mein Konto
    page.goto(idp + "/konto/")
    _tab_to(page, f"a[href='{detail}']")
    _enter(page)
    expect(page.locator("main h1")).to_have_text(TITEL)
    expect(page.locator("#bezeichnung")).to_have_text(f"Antrag {antrag.aktenzeichen}")
    expect(page.locator("main")).to_contain_text(
        "Sie sind zurzeit mit dem Vertrauensniveau „basis“"
    )
    expect(page.locator("main")).not_to_contain_text(NACHFORDERUNG)
    expect(page.locator("#antwort-formular")).to_have_count(0)
    axe_check(page, axe_source)
    _nicht_breiter_als_ein_telefon(page)

    # the step-up, by keyboard: the IdP asks for hoch and leads back to the page
    _tab_to(page, "#niveau-anmelden")
    _enter(page)
    expect(page.locator("main")).to_contain_text("mindestens das Vertrauensniveau „hoch“")
    _als_erika_anmelden(page)
    expect(page).to_have_url(idp + detail)
    expect(page.locator("main h1")).to_have_text("Testleistung")
    expect(page.locator("#nachforderung")).to_contain_text(NACHFORDERUNG)
    expect(page.locator("#antwort-formular")).to_have_count(1)
