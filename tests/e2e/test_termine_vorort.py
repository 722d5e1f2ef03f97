"""The office side of the Terminvergabe in Chromium (issue 12): a clerk opens the day per
counter, checks a citizen in by the number (as a hand scanner types the QR code), calls
the next one to a counter; the waiting room's display shows the number and announces a
new call without a reload. Walk-in and statistics pages too; axe-core on every page and
state, at desktop and phone width (nothing wider than the screen)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from rathaus.organisation.models import Oeffnungszeit, Rolle
from rathaus.organisation.selectors import LOCAL_TZ
from rathaus.termine import auswertung, services, vorort
from rathaus.termine.tests import helfer

from .conftest import axe_check
from .test_arbeitsplatz_akten import _anmelden
from .test_arbeitsplatz_verfahren import person, telefon

pytestmark = pytest.mark.e2e


def _slot(minuten: int) -> datetime:
    jetzt = timezone.localtime(timezone.now(), LOCAL_TZ) + timedelta(minutes=minuten)
    return jetzt.replace(minute=jetzt.minute - jetzt.minute % 15, second=0, microsecond=0)


@pytest.fixture
def welt(live_server: Any, transactional_db: Any) -> helfer.Welt:
    if not time(1) <= timezone.localtime(timezone.now(), LOCAL_TZ).time() <= time(22):
        pytest.skip("needs slots after now on the same day")
    cache.clear()
    w = helfer.welt(schalter=2, von=time(0), bis=time(23, 45))
    for tag in (5, 6):
        Oeffnungszeit.objects.create(
            organisationseinheit=w.terminort.organisationseinheit,
            wochentag=tag,
            von=time(0),
            bis=time(23, 45),
        )
    return w


def _heute_gebucht(w: helfer.Welt, minuten: int, email: str) -> Any:
    gestern = timezone.now() - timedelta(days=1)
    buchung, _t = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.anmeldung.pk: 1},
        beginn=_slot(minuten),
        name="Erika Mustermann",
        email=email,
        actor="test",
        now=gestern,
    )
    return services.buchung_confirm(buchung=buchung, actor="test", now=gestern)


def test_clerk_checks_in_and_calls_the_display_shows_it(
    welt: helfer.Welt, live_server: Any, page: Page, new_page: Any, axe_source: str
) -> None:
    erste = _heute_gebucht(welt, 30, "erika@example.org")
    zweite = _heute_gebucht(welt, 45, "max@example.org")
    sb = person("schalter", welt.terminort.organisationseinheit, Rolle.SACHBEARBEITUNG)
    base = live_server.url
    _anmelden(page, base, sb, axe_source)

    page.get_by_role("link", name="Termine", exact=True).click()
    expect(page.locator("main h1")).to_contain_text("Termine Bürgerbüro bb")
    expect(page.locator("main")).to_contain_text("Erika Mustermann")
    axe_check(page, axe_source)
    telefon(page, axe_source, "termine-tag")

    # a wrong number: the error names the field, nothing happens
    page.get_by_label("Terminnummer oder QR-Code").fill("AAAA-BBBB-CC")
    page.keyboard.press("Enter")
    expect(page.locator("#fehlerliste")).to_contain_text("keinen Termin")
    axe_check(page, axe_source)

    # the hand scanner types the QR code's text and Enter
    page.get_by_label("Terminnummer oder QR-Code").fill(erste.nummer.replace("-", "").lower())
    page.keyboard.press("Enter")
    expect(page.locator(".meldungen")).to_contain_text(f"Termin {erste.nummer}")
    expect(page.locator("#wartende")).to_contain_text(erste.nummer)
    axe_check(page, axe_source)

    page.get_by_label("Schalter").select_option(label="Platz 2")
    page.get_by_role("button", name="Nächste Person aufrufen").click()
    expect(page.locator(".meldungen")).to_contain_text(
        f"Nummer {erste.nummer} ist an Platz 2 aufgerufen"
    )
    axe_check(page, axe_source)

    # the waiting room's display: number and counter, no name
    anzeige: Page = new_page()
    token = auswertung.aufruf_token(terminort=welt.terminort)
    anzeige.goto(f"{base}/termine/aufruf/{token}/")
    expect(anzeige.locator("#aufrufe tbody tr").first).to_contain_text(erste.nummer)
    expect(anzeige.locator("#aufrufe")).to_contain_text("Platz 2")
    expect(anzeige.locator("body")).not_to_contain_text("Erika")
    axe_check(anzeige, axe_source)
    telefon(anzeige, axe_source, "termine-aufruf")

    # the next call reaches the display without a reload, announced in the live region
    vorort.buchung_checkin(terminort=welt.terminort, nummer=zweite.nummer, actor="test")
    vorort.aufruf_next(terminort=welt.terminort, schalter=welt.schalter[0], actor="test")
    expect(anzeige.locator("#ansage")).to_have_text(
        f"Nummer {zweite.nummer} bitte zu Platz 1", timeout=10_000
    )
    expect(anzeige.locator("#aufrufe tbody tr").first).to_contain_text(zweite.nummer)
    axe_check(anzeige, axe_source)

    # walk-in: an error state, then entered
    page.get_by_role("link", name="Vorsprache ohne Termin eintragen").click()
    axe_check(page, axe_source)
    page.get_by_role("button", name="Vorsprache eintragen").click()
    expect(page.locator("#fehlerliste")).to_be_visible()
    axe_check(page, axe_source)
    page.get_by_label("Name").fill("Notfall Beispiel")
    page.get_by_role("button", name="Vorsprache eintragen").click()
    expect(page.locator(".meldungen")).to_contain_text("Die Vorsprache ist eingetragen")
    telefon(page, axe_source, "termine-tag-vorsprache")

    page.get_by_role("link", name="Statistik").click()
    expect(page.locator("main h1")).to_contain_text("Statistik")
    axe_check(page, axe_source)
    telefon(page, axe_source, "termine-statistik")


def test_management_closes_a_counter_and_the_display_speaks_english(
    welt: helfer.Welt, live_server: Any, page: Page, new_page: Any, axe_source: str
) -> None:
    gebucht = _heute_gebucht(welt, 30, "erika@example.org")
    chefin = person("leitung", welt.terminort.organisationseinheit, Rolle.LEITUNG)
    base = live_server.url
    _anmelden(page, base, chefin, axe_source)
    page.goto(f"{base}/arbeitsplatz/termine/{welt.terminort.pk}/")
    page.get_by_role("link", name="Abwesenheiten und Schließungen").click()
    expect(page.locator("main h1")).to_contain_text("Abwesenheiten und Schließungen")
    axe_check(page, axe_source)
    page.get_by_role("button", name="Abwesenheit eintragen").click()
    expect(page.locator("#fehlerliste")).to_be_visible()
    axe_check(page, axe_source)
    beginn = timezone.localtime(gebucht.beginn, LOCAL_TZ)
    page.get_by_label("von").fill(beginn.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("bis").fill((beginn + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Grund").fill("Schulung")
    page.get_by_role("button", name="Abwesenheit eintragen").click()
    expect(page.locator(".meldungen")).to_contain_text("Abgesagte Termine: 1")
    axe_check(page, axe_source)
    telefon(page, axe_source, "termine-abwesenheiten")

    vorort.vorsprache_create(
        terminort=welt.terminort, leistungen={welt.anmeldung.pk: 1}, name="N", actor="t"
    )
    vorort.aufruf_next(terminort=welt.terminort, schalter=welt.schalter[1], actor="t")
    anzeige: Page = new_page()
    token = auswertung.aufruf_token(terminort=welt.terminort)
    anzeige.goto(f"{base}/en/termine/aufruf/{token}/")
    expect(anzeige.locator("html")).to_have_attribute("lang", "en")
    expect(anzeige.locator("#ansage")).to_contain_text("please to Platz 2")
    expect(anzeige.locator("caption")).to_have_text("Last called, newest first")
    axe_check(anzeige, axe_source)
