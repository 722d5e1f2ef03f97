"""Anti-automation of anonymous submissions in Chromium (issue 10): on the review page the
proof of work runs by itself in ALTCHA's worker from our static files, its status is said
politely (role=status), and the citizen submits by keyboard; pressed before the work is
done, the button sends the form as soon as it is. Without JavaScript the Wartemarke lets
the form through after the wait. axe-core on every page; the console must stay free of
CSP errors (conftest)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.antraege.models import Antrag
from rathaus.antraege.tests import helfer

from .conftest import axe_check
from .test_antraege_journey import _tab_to
from .test_demo_rundgang import bild

pytestmark = pytest.mark.e2e

STATUS = "#antrag-pruefung-status"
LAEUFT = "Sicherheitsprüfung gegen automatisierte Anträge läuft …"
FERTIG = "Sicherheitsprüfung abgeschlossen. Sie können den Antrag jetzt absenden."

# Before any page script: every text the status paragraph gets, with the time it got it
# (what a screen reader is handed through the live region).
ANSAGEN_MITSCHREIBEN = """
window.__ansagen = [];
new MutationObserver(() => {
    const el = document.getElementById('antrag-pruefung-status');
    if (!el) return;
    const text = el.textContent.trim();
    const letzte = window.__ansagen[window.__ansagen.length - 1];
    if (text && (!letzte || letzte.text !== text)) {
        window.__ansagen.push({text: text, t: performance.now()});
    }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.fixture
def welt(live_server: Any, transactional_db: Any, tmp_path: Path) -> helfer.Welt:
    cache.clear()  # the limits of anonymous submissions
    return helfer.welt(tmp_path)


def _bis_zur_pruefseite(page: Page, url: str, welt: helfer.Welt) -> None:
    """Fill the two steps (the keyboard journey of the steps is test_antraege_journey)."""
    page.goto(f"{url}/antrag/{welt.formular.pk}/schritt/1/")
    page.locator("[name='G99000000001.F99000000001']").fill("Musterfrau")
    page.locator("[name='G99000000001.F99000000003']").fill("1980-05-17")
    page.locator("[name='G99000000001.F99000000009'][value='000']").check()
    page.locator("[name='G99000000001.F99000000011'][value='false']").check()
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    page.locator("[name='G99000000002.F99000000020'][value='false']").check()
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_have_text("Angaben prüfen")


def test_anonymous_citizen_submits_by_keyboard_with_the_check_done_by_itself(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str
) -> None:
    page.add_init_script(ANSAGEN_MITSCHREIBEN)
    _bis_zur_pruefseite(page, live_server.url, welt)
    status = page.locator(STATUS)
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(FERTIG)
    ansagen = page.evaluate("() => window.__ansagen")
    assert [a["text"] for a in ansagen] == [LAEUFT, FERTIG]
    dauer = ansagen[1]["t"] - ansagen[0]["t"]
    print(f"\nArbeitsnachweis gelöst in {dauer:.0f} ms (headless Chromium, Worker eingeschlossen)")
    assert page.locator("input[name=arbeitsnachweis]").input_value()
    expect(page.locator("#antrag-pruefung-hinweis")).to_be_hidden()  # the no-JS hint
    bild(page, "arbeitsnachweis-fertig")
    # the button is described by the status: a screen reader says it with the button
    expect(page.locator("#antrag-absenden-knopf")).to_have_attribute(
        "aria-describedby", "antrag-pruefung-status"
    )
    axe_check(page, axe_source)

    _tab_to(page, "#antrag-email")
    page.keyboard.type("erika@example.org")
    _tab_to(page, "#antrag-absenden-knopf")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    antrag = Antrag.objects.get()
    expect(page.locator("#aktenzeichen")).to_have_text(antrag.aktenzeichen)
    axe_check(page, axe_source)


def test_pressed_before_the_check_is_done_the_form_goes_when_it_is(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str, settings: Any
) -> None:
    settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE = 3000  # a few seconds: a slow phone
    page.add_init_script(ANSAGEN_MITSCHREIBEN)
    _bis_zur_pruefseite(page, live_server.url, welt)
    expect(page.locator(STATUS)).to_have_text(LAEUFT)
    _tab_to(page, "#antrag-absenden-knopf")
    page.keyboard.press("Enter")
    gleich = "Sicherheitsprüfung läuft noch. Der Antrag wird danach automatisch abgesendet."
    expect(page.locator(STATUS)).to_have_text(gleich)
    assert [a["text"] for a in page.evaluate("() => window.__ansagen")] == [LAEUFT, gleich]
    bild(page, "arbeitsnachweis-wartet")
    assert not Antrag.objects.exists()
    axe_check(page, axe_source)
    # a second press (impatience) sends nothing twice
    page.keyboard.press("Enter")
    expect(page.locator("#aktenzeichen")).to_be_visible(timeout=60_000)
    assert Antrag.objects.count() == 1


def test_without_javascript_the_form_goes_through_after_the_wait(
    welt: helfer.Welt, live_server: Any, new_page: Any, axe_source: str, settings: Any
) -> None:
    settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = 3
    page = new_page(java_script_enabled=False)
    _bis_zur_pruefseite(page, live_server.url, welt)
    expect(page.locator("main")).to_contain_text(
        "Zum Schutz vor automatisierten Anträgen kann der Antrag frühestens 3 Sekunden nach "
        "dem Laden dieser Seite abgesendet werden."
    )
    page.locator("#antrag-absenden-knopf").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator("#fehlerliste")).to_contain_text(
        re.compile(r"Bitte warten Sie noch \d Sekunde")
    )
    bild(page, "arbeitsnachweis-ohne-javascript")
    assert not Antrag.objects.exists()
    page.wait_for_timeout(3100)
    page.locator("#antrag-absenden-knopf").click()
    antrag = Antrag.objects.get()
    expect(page.locator("#aktenzeichen")).to_have_text(antrag.aktenzeichen)


def test_the_error_page_of_a_refused_check_passes_axe(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str, settings: Any
) -> None:
    """A used-up solution sent again (a bot's replay): 400, the message in the summary,
    a fresh check that runs by itself."""
    _bis_zur_pruefseite(page, live_server.url, welt)
    expect(page.locator(STATUS)).to_have_text(FERTIG)
    loesung = page.locator("input[name=arbeitsnachweis]").input_value()
    # the same solution is used up elsewhere first (the draft stays unsubmitted)
    from rathaus.antraege import schutz
    from rathaus.core import arbeitsnachweis
    from rathaus.formulare.models import Entwurf

    entwurf = Entwurf.objects.get()
    assert arbeitsnachweis.loesung_pruefen(loesung, zweck=schutz.ZWECK, bindung=str(entwurf.pk)).ok
    page.locator("#antrag-absenden-knopf").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator("#fehlerliste")).to_contain_text("schon einmal verwendet")
    expect(page.locator(STATUS)).to_have_text(FERTIG)
    axe_check(page, axe_source)
    assert not Antrag.objects.exists()
    page.locator("#antrag-absenden-knopf").click()
    expect(page.locator("#aktenzeichen")).to_be_visible()
    assert Antrag.objects.count() == 1
