"""Paying a fee in Chromium (issue 13): the pay page, the development provider's pay page
(XBezahldienste over HTTP), fail, cancel, retry, pay, a late capture settled by the
reconciliation, the GiroCode page — axe on every page and state, keyboard only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.katalog.models import Leistung
from rathaus.zahlungen.models import Gebuehrenregel, Zahlung
from rathaus.zahlungen.services import zahlung_create, zahlung_session_grant, zahlungen_sync_all

from .conftest import axe_check

pytestmark = pytest.mark.e2e


@pytest.fixture
def bezahlbar(live_server: Any, transactional_db: Any, settings: Any) -> str:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_DEV_ZAHLUNG = True
    settings.RATHAUS_XBEZAHLDIENSTE_URL = ""
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "basic"
    settings.RATHAUS_ZAHLUNG_IBAN = "DE02120300000000202051"
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["xbezahldienste", "girocode"]
    cache.clear()
    return str(live_server.url)


def _zahlung(page: Page, base: str, subjekt: str) -> Zahlung:
    """A payment of 2 certificates (22,50 €) without an account, visible to the page's
    browser session."""
    leistung, _ = Leistung.objects.get_or_create(
        slug="geburtsurkunde", defaults={"name": "Geburtsurkunde ausstellen"}
    )
    Gebuehrenregel.objects.get_or_create(
        leistung=leistung,
        bezeichnung="Personenstandsurkunde",
        defaults={
            "art": Gebuehrenregel.Art.STUECK,
            "betrag_cent": 1500,
            "betrag_weitere_cent": 750,
            "mengenfeld": "anzahl",
            "rechtsgrundlage": "Tarifstelle 1.1 KostVO PStG M-V",
        },
    )
    zahlung = zahlung_create(
        leistung=leistung, subjekt=subjekt, antworten={"anzahl": 2}, actor=None
    )
    assert zahlung is not None
    cookie = next((c for c in page.context.cookies() if c["name"] == "sessionid"), None)
    sitzung = SessionStore(session_key=cookie["value"] if cookie else None)
    zahlung_session_grant(zahlung=zahlung, sitzung=sitzung)
    sitzung.save()
    schluessel = str(sitzung.session_key)
    page.context.add_cookies([{"name": "sessionid", "value": schluessel, "url": base}])
    return zahlung


def _weiter(page: Page, art: str) -> None:
    """Choose a payment method and submit, by keyboard."""
    page.get_by_label(art).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Weiter zur Zahlung").or_(
        page.get_by_role("button", name="Erneut versuchen")
    ).focus()
    page.keyboard.press("Enter")


def _anbieter(page: Page, knopf: str, axe_source: str) -> None:
    expect(page.locator("main h1")).to_have_text("Test-Zahlungsdienstleister")
    axe_check(page, axe_source)
    page.get_by_role("button", name=knopf, exact=True).focus()
    page.keyboard.press("Enter")


def test_fail_cancel_retry_pay(bezahlbar: str, page: Page, axe_source: str) -> None:
    zahlung = _zahlung(page, bezahlbar, "antrag:1")
    page.goto(f"{bezahlbar}/zahlungen/{zahlung.oeffentliche_id}/")
    expect(page.locator("main h1")).to_have_text("Gebühr bezahlen")
    expect(page.locator("#betrag")).to_have_text("22,50 €")
    expect(page.locator("#kassenzeichen")).to_have_text(zahlung.kassenzeichen)
    axe_check(page, axe_source)

    _weiter(page, "Online bezahlen")
    _anbieter(page, "Fehlschlagen", axe_source)
    expect(page.locator("#zahlungsstatus")).to_contain_text("Die Zahlung ist fehlgeschlagen.")
    axe_check(page, axe_source)

    _weiter(page, "Online bezahlen")
    _anbieter(page, "Abbrechen", axe_source)
    expect(page.locator("#zahlungsstatus")).to_contain_text("Sie haben die Zahlung abgebrochen.")
    axe_check(page, axe_source)

    _weiter(page, "Online bezahlen")
    _anbieter(page, "Bezahlen", axe_source)
    expect(page.locator("main h1")).to_have_text("Zahlung eingegangen")
    expect(page.locator("#zahlungsstatus")).to_contain_text("Ihre Zahlung ist bestätigt")
    axe_check(page, axe_source)
    page.reload()  # a reload books nothing twice
    expect(page.locator("main h1")).to_have_text("Zahlung eingegangen")
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt" and zahlung.versuche.count() == 3


def test_late_capture_and_english(bezahlbar: str, page: Page, axe_source: str) -> None:
    zahlung = _zahlung(page, bezahlbar, "antrag:2")
    page.goto(f"{bezahlbar}/zahlungen/{zahlung.oeffentliche_id}/")
    _weiter(page, "Online bezahlen")
    _anbieter(page, "Bezahlen – Bestätigung verspätet", axe_source)
    expect(page.locator("#zahlungsstatus")).to_contain_text("fehlgeschlagen")
    zahlungen_sync_all()  # the periodic reconciliation
    page.goto(f"{bezahlbar}/en/zahlungen/{zahlung.oeffentliche_id}/")
    expect(page.locator("main h1")).to_have_text("Payment received")
    axe_check(page, axe_source)


def test_girocode(bezahlbar: str, page: Page, axe_source: str) -> None:
    zahlung = _zahlung(page, bezahlbar, "antrag:3")
    page.goto(f"{bezahlbar}/zahlungen/{zahlung.oeffentliche_id}/")
    _weiter(page, "Überweisung mit GiroCode")
    expect(page.locator("main h1")).to_have_text("Überweisung mit GiroCode")
    expect(page.get_by_role("img", name="GiroCode für die Überweisung")).to_be_visible()
    expect(page.locator("#iban")).to_have_text("DE02 1203 0000 0000 2020 51")
    axe_check(page, axe_source)
    page.goto(f"{bezahlbar}/en/zahlungen/{zahlung.oeffentliche_id}/girocode/")
    axe_check(page, axe_source)


def test_provider_down(bezahlbar: str, page: Page, axe_source: str) -> None:
    page.goto(f"{bezahlbar}/zahlungen/entwicklung/stoerungen/")
    axe_check(page, axe_source)
    page.get_by_label("Serverfehler (HTTP 500)").check()
    page.get_by_label("Für wie viele Aufrufe?").fill("1")
    page.get_by_role("button", name="Übernehmen").click()
    expect(page.locator("#stoerung-aktuell")).to_contain_text("500")
    axe_check(page, axe_source)

    zahlung = _zahlung(page, bezahlbar, "antrag:4")
    page.goto(f"{bezahlbar}/zahlungen/{zahlung.oeffentliche_id}/")
    _weiter(page, "Online bezahlen")
    expect(page.get_by_role("alert")).to_contain_text("antwortet gerade nicht")
    axe_check(page, axe_source)
    _weiter(page, "Online bezahlen")  # the fault is over: on to the provider
    _anbieter(page, "Bezahlen", axe_source)
    expect(page.locator("main h1")).to_have_text("Zahlung eingegangen")
