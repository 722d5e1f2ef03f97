"""Browser journeys and axe checks of the public portal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_check

pytestmark = pytest.mark.e2e

SEITEN_DE = [
    "/",
    "/suche/?q=Personalausweis",
    "/suche/?q=persnalausweis",
    "/suche/?q=Ausweis&seite=2",
    "/suche/?q=Quokkazucht",
    "/suche/",
    "/leistungen/personalausweis-beantragen/",
    "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/",
    "/organisation/",
    "/organisation/buergerbuero/",
    "/organisation/ordnungsamt/",
    "/themen/ein-auswandern/",
    "/lebenslagen/ausweise-dokumente/",
    "/lebenslagen/ausweise-dokumente/?seite=2",
    "/a-z/",
    "/a-z/P/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/gibt-es-nicht/",
]
SEITEN_EN = [
    "/en/",
    "/en/suche/?q=Personalausweis",
    "/en/leistungen/personalausweis-beantragen/",
    "/en/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/",
    "/en/organisation/buergerbuero/",
    "/en/a-z/",
    "/en/barrierefreiheit/",
    "/en/leichte-sprache/",
]


@pytest.mark.parametrize("pfad", SEITEN_DE)
def test_axe_deutsch(pfad: str, daten: Any, live_server: Any, page: Page, axe_source: str) -> None:
    page.goto(live_server.url + pfad)
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.locator("main h1")).to_have_count(1)
    axe_check(page, axe_source)


@pytest.mark.parametrize("pfad", SEITEN_EN)
def test_axe_englisch(pfad: str, daten: Any, live_server: Any, page: Page, axe_source: str) -> None:
    page.goto(live_server.url + pfad)
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page, axe_source)


@pytest.mark.parametrize("anfrage", ["x" * 2000, "Pass%00wort"])
def test_suche_400(anfrage: str, daten: Any, live_server: Any, page: Page, axe_source: str) -> None:
    response = page.goto(f"{live_server.url}/suche/?q={anfrage}")
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Suchanfrage")
    expect(page.locator("#suche-q")).to_be_visible()
    axe_check(page, axe_source)


def test_rueckmeldung_fehler_und_erfolg(
    daten: Any, live_server: Any, page: Page, axe_source: str
) -> None:
    page.goto(live_server.url + "/barrierefreiheit/")
    page.get_by_label("Ihre E-Mail-Adresse").fill("kein-at-zeichen")
    page.get_by_role("button", name="Rückmeldung senden").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte prüfen Sie Ihre Angaben")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page).to_have_title("Fehler: Erklärung zur Barrierefreiheit – Hansestadt Stralsund")
    axe_check(page, axe_source)
    # The summary's links lead to the fields.
    summary.get_by_role("link", name="Ihre Nachricht").click()
    expect(page.get_by_label("Ihre Nachricht")).to_be_focused()

    page.get_by_label("Ihre E-Mail-Adresse").fill("")
    page.get_by_label("Betroffene Seite").fill("/suche/")
    page.get_by_label("Ihre Nachricht").fill("Der Filter-Knopf ist mit der Lupe schwer zu finden.")
    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page).to_have_url(re.compile(r"/barrierefreiheit/danke/(#.*)?$"))
    expect(page.locator(".eingangsnummer")).to_have_text(re.compile(r"BF-\d{4}-\d{6}"))
    axe_check(page, axe_source)


def test_tastatur_suche_bis_leistung(daten: Any, live_server: Any, page: Page) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    expect(page.locator(".skip-link")).to_be_in_viewport()
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "suche-q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "suche-q"
    page.keyboard.type("Personalausweis")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suche/?q=Personalausweis")
    erster = page.locator(".treffer__titel a").first
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.treffer__titel a')"):
            break
    expect(erster).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/leistungen/personalausweis-beantragen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personalausweis beantragen")


def test_skiplink_springt_zum_inhalt(daten: Any, live_server: Any, page: Page) -> None:
    page.goto(live_server.url + "/leistungen/personalausweis-beantragen/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop lies inside main, not in the header again.
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("javascript", [True, False], ids=["mit-js", "ohne-js"])
def test_sprachwahl(javascript: bool, daten: Any, live_server: Any, new_page: Any) -> None:
    page = new_page(java_script_enabled=javascript)
    page.goto(live_server.url + "/leistungen/personalausweis-beantragen/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/en/leistungen/personalausweis-beantragen/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for an identity card")
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_url(live_server.url + "/leistungen/personalausweis-beantragen/")
    assert page.locator("html").get_attribute("lang") == "de"


def test_sprachwahl_behaelt_suchanfrage(daten: Any, live_server: Any, page: Page) -> None:
    page.goto(live_server.url + "/suche/?q=Personalausweis")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/en/suche/?q=Personalausweis")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personalausweis")


HANDY_SEITEN = [
    "/",
    "/suche/?q=Ausweis",
    "/leistungen/personalausweis-beantragen/",
    "/organisation/buergerbuero/",
    "/a-z/",
    "/barrierefreiheit/",
    "/en/leistungen/personalausweis-beantragen/",
]


def test_handy_ohne_querscrollen(daten: Any, live_server: Any, new_page: Any) -> None:
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    zu_breit = []
    for pfad in HANDY_SEITEN:
        page.goto(live_server.url + pfad)
        breite = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if breite[0] > breite[1]:
            zu_breit.append(f"{pfad}: {breite[0]} > {breite[1]}")
    assert not zu_breit, zu_breit


def test_csp_ohne_verletzung_und_ohne_inline(daten: Any, live_server: Any, page: Page) -> None:
    response = page.goto(live_server.url + "/leistungen/personalausweis-beantragen/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert page.locator("[style]").count() == 0
    assert page.locator("script:not([nonce])").count() == 0


def test_leistungsseiten_sagen_was_das_system_anbietet(
    daten: Any, live_server: Any, page: Page, axe_source: str
) -> None:
    """Issue 9: buttons, maturity and names of a service page follow from what exists."""
    blick = page.locator("aside.leistung__blick")

    # Described, with the portal's own online form.
    page.goto(live_server.url + "/leistungen/schaustellungserlaubnis-verlaengern/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schaustellungserlaubnis verlängern")
    expect(page.locator(".leistung__katalogname")).to_contain_text(
        "Erlaubnis zur gewerbsmäßigen Schaustellung von Personen Verlängerung"
    )
    online = blick.get_by_role("link", name="Online beantragen")
    expect(online).to_have_attribute("href", f"/antrag/{daten.formular.pk}/")
    expect(blick).to_contain_text("Mit Ihrem Nutzerkonto erhalten Sie den Bescheid in Ihr Postfach")
    axe_check(page, axe_source)

    # Described, without a form: an appointment link, shown as one.
    page.goto(live_server.url + "/leistungen/personalausweis-beantragen/")
    expect(blick.get_by_role("link", name="Online beantragen")).to_have_count(0)
    expect(blick.get_by_role("link", name="Termin vereinbaren")).to_be_visible()
    expect(blick).to_contain_text("1 – Information online")
    expect(page.locator("nav.brotkrumen li").last).to_have_text("Personalausweis beantragen")
    axe_check(page, axe_source)

    # Undescribed: what the catalogue knows and where to ask.
    page.goto(live_server.url + "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/")
    hinweis = page.locator(".kern-alert", has_text="Noch keine Beschreibung")
    expect(hinweis).to_contain_text("OZG-Leistung 10352")
    expect(hinweis).to_contain_text("Regelung: Bund, Ausführung: Land oder Kommune")
    expect(hinweis.get_by_role("link", name="Bürgerbüro")).to_be_visible()
    expect(hinweis.get_by_role("link", name="03831 253 780")).to_be_visible()
    expect(blick.get_by_role("link")).to_have_count(0)
    axe_check(page, axe_source)

    # The search result says "online" only where the form is.
    page.goto(live_server.url + "/suche/?q=verl%C3%A4ngern")
    treffer = page.locator(".treffer__eintrag", has_text="Schaustellungserlaubnis verlängern")
    expect(treffer).to_contain_text("Online-Antrag möglich")
    axe_check(page, axe_source)
