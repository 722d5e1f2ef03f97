"""Fees around an Antrag in Chromium (issue 13). A form with an advance fee: the review page
shows the fee computed on the server, the citizen submits, the receipt offers "Gebühr
bezahlen", a payment cancelled at the development provider (XBezahldienste) is retried and
paid, and the waiting intake goes on: the Verfahren starts. A fee Bescheid (range fixed by
the clerk) is paid from the Postfach message. axe on every page and state; the page
fixture checks each kind of page at phone width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.antraege.models import Antrag
from rathaus.antraege.tests import helfer
from rathaus.verfahren.models import Verfahren
from rathaus.zahlungen.models import Gebuehrenregel, Zahlung

from .conftest import axe_check
from .test_verfahren_ende_zu_ende import worker
from .test_zahlungen import _anbieter, _weiter

pytestmark = pytest.mark.e2e


@pytest.fixture
def welt(live_server: Any, transactional_db: Any, settings: Any, tmp_path: Path) -> helfer.Welt:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_DEV_ZAHLUNG = True
    settings.RATHAUS_XBEZAHLDIENSTE_URL = ""
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "basic"
    settings.RATHAUS_ZAHLUNG_IBAN = "DE02120300000000202051"
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["xbezahldienste", "girocode"]
    cache.clear()
    welt = helfer.welt(tmp_path)
    Gebuehrenregel.objects.create(
        leistung=welt.leistung,
        bezeichnung="Bescheinigung",
        art=Gebuehrenregel.Art.FEST,
        betrag_cent=1500,
        rechtsgrundlage="Tarifstelle 1.1 VwKostO M-V",
    )
    return welt


def _weiter_im_formular(page: Page) -> None:
    with page.expect_navigation():
        page.locator(".antrag__aktionen button[value=weiter]").click()


def test_advance_fee_submitted_cancelled_retried_paid_and_the_antrag_goes_on(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str, tmp_path: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/antrag/{welt.formular.pk}/")
    page.locator("[name='G99000000001.F99000000001']").fill("Musterfrau")
    page.locator("[name='G99000000001.F99000000003']").focus()
    page.keyboard.type("05171980")  # headless Chromium: en-US segment order
    page.locator("[name='G99000000001.F99000000009']").first.focus()
    page.keyboard.press("Space")
    page.locator("[name='G99000000001.F99000000011']").first.focus()
    page.keyboard.press("ArrowRight")  # Nein
    nachweis = tmp_path / "nachweis.pdf"
    nachweis.write_bytes(helfer.pdf("Nachweis Erika Musterfrau"))
    page.locator("#f-G99000000001-F99000000016").set_input_files(str(nachweis))
    _weiter_im_formular(page)
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    page.locator("[name='G99000000002.F99000000020']").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # Nein
    _weiter_im_formular(page)

    # review: the fee, computed on the server, before anything is submitted
    expect(page.locator("h1")).to_have_text("Angaben prüfen")
    expect(page.locator("#gebuehr-summe")).to_have_text("15,00 €")
    expect(page.locator("#gebuehr")).to_contain_text("Tarifstelle 1.1 VwKostO M-V")
    axe_check(page, axe_source)
    page.locator("#antrag-email").fill("erika@example.org")
    with page.expect_navigation():
        page.locator("#antrag-absenden-knopf").click()
    expect(page.locator("#aktenzeichen")).to_be_visible()
    antrag = Antrag.objects.get()
    zahlung = Zahlung.objects.get(subjekt=f"antrag:{antrag.pk}")
    expect(page.locator("#zahlung-hinweis-betrag")).to_have_text("15,00 €")
    expect(page.locator("#gebuehr-bezahlen")).to_contain_text("Gebühr bezahlen (15,00 €)")
    axe_check(page, axe_source)
    quittung = page.url

    worker()  # the intake runs and waits for the payment
    assert not Verfahren.objects.filter(antrag=antrag).exists()

    page.locator("#gebuehr-bezahlen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Gebühr bezahlen")
    expect(page.locator("#kassenzeichen")).to_have_text(zahlung.kassenzeichen)
    _weiter(page, "Online bezahlen")
    _anbieter(page, "Abbrechen", axe_source)
    expect(page.locator("#zahlungsstatus")).to_contain_text("Sie haben die Zahlung abgebrochen.")
    axe_check(page, axe_source)

    # back on the receipt, the cancelled payment can be retried from there too
    page.goto(quittung)
    expect(page.locator("#zahlung-hinweis-status")).to_have_text("abgebrochen")
    expect(page.locator("#gebuehr-bezahlen")).to_be_visible()
    axe_check(page, axe_source)
    with page.expect_navigation():
        page.locator("#gebuehr-bezahlen").click()
    _weiter(page, "Online bezahlen")
    _anbieter(page, "Bezahlen", axe_source)
    expect(page.locator("main h1")).to_have_text("Zahlung eingegangen")
    axe_check(page, axe_source)

    worker()  # zahlung.bezahlt → the intake goes on
    verfahren = Verfahren.objects.get(antrag=antrag)
    assert verfahren.aktenzeichen == antrag.aktenzeichen
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt" and zahlung.versuche.count() == 2

    page.goto(quittung)
    expect(page.locator("#zahlung-hinweis")).to_contain_text("Die Gebühr ist bezahlt.")
    expect(page.locator("#gebuehr-bezahlen")).to_have_count(0)
    axe_check(page, axe_source)


def test_fee_bescheid_paid_from_the_postfach(
    live_server: Any, transactional_db: Any, settings: Any, page: Page, axe_source: str
) -> None:
    """The clerk fixes a range fee in the decision; the Bescheid arrives in the Postfach;
    the citizen pays it from the message (GiroCode offered too)."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    from rathaus.konten.models import Postfachnachricht
    from rathaus.verfahren import services
    from rathaus.verfahren.models import Bescheid
    from rathaus.verfahren.tests import bescheid_helfer as h
    from rathaus.verfahren.tests import factories as f

    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_DEV_ZAHLUNG = True
    settings.RATHAUS_XBEZAHLDIENSTE_URL = ""
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "basic"
    settings.RATHAUS_ZAHLUNG_IBAN = "DE02120300000000202051"
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["xbezahldienste", "girocode"]
    cache.clear()
    team = h.team()
    buerger = h.buerger()
    v = f.verfahren(team.oe, buerger=buerger, aktenzeichen="STR-2026-004712")
    Gebuehrenregel.objects.create(
        leistung=v.leistung,
        bezeichnung="Sondernutzungserlaubnis",
        art=Gebuehrenregel.Art.RAHMEN,
        faelligkeit="bescheid",
        betrag_cent=3000,
        betrag_max_cent=25000,
        rechtsgrundlage="Tarifstelle 5.1 Sondernutzungsgebührensatzung",
    )
    team.sb1.user_permissions.add(Permission.objects.get(codename="festsetzen"))
    sb1 = type(team.sb1).objects.get(pk=team.sb1.pk)
    for user, ergebnis in (
        (sb1, {"vollstaendigkeit": "vollstaendig"}),
        (sb1, {"entscheidung": "bewilligen", "begruendung": "Erfüllt.", "gebuehr_cent": 7500}),
        (team.leitung1, {"mitzeichnung": "zeichnen"}),
    ):
        services.aufgabe_complete(aufgabe=f.offen(h.frisch(v)), actor=user, ergebnis=ergebnis)
    assert h.worker() == ["zugestellt"]
    nachricht = Postfachnachricht.objects.get(
        pk=Bescheid.objects.get(verfahren=v).postfachnachricht_id
    )

    client = Client()
    client.force_login(buerger.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/konto/postfach/{nachricht.pk}/")
    expect(page.locator("#zahlung-hinweis-betrag")).to_have_text("75,00 €")
    axe_check(page, axe_source)
    with page.expect_navigation():
        page.locator("#gebuehr-bezahlen").click()
    expect(page.locator("main h1")).to_have_text("Gebühr bezahlen")
    axe_check(page, axe_source)
    _weiter(page, "Online bezahlen")
    _anbieter(page, "Bezahlen", axe_source)
    expect(page.locator("main h1")).to_have_text("Zahlung eingegangen")
    axe_check(page, axe_source)
    page.goto(f"{live_server.url}/konto/postfach/{nachricht.pk}/")
    expect(page.locator("#zahlung-hinweis")).to_contain_text("Die Gebühr ist bezahlt.")
    axe_check(page, axe_source)
    assert Zahlung.objects.get(subjekt=f"verfahren:{v.pk}").status == "bezahlt"
