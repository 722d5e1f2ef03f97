"""The citizen's appointment journey in Chromium, by keyboard alone (issue 12): choose a
service and persons, a free day, a time, name and email with the proof of work running by
itself; confirm through the email link (GET shows, POST acts), then cancel. axe-core on
every page and every error state; every page is also opened at phone width (conftest)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from rathaus.core.outbox import outbox_sweep
from rathaus.termine.models import Buchung
from rathaus.termine.tests import helfer

from .conftest import axe_check
from .test_antraege_journey import _enter, _tab_to

pytestmark = pytest.mark.e2e

FERTIG = "Sicherheitsprüfung abgeschlossen. Sie können das Formular jetzt absenden."


@pytest.fixture
def welt(live_server: Any, transactional_db: Any) -> helfer.Welt:
    cache.clear()  # the limits per client address
    return helfer.welt(schalter=2)


def test_keyboard_only_booking_confirm_and_cancel(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str
) -> None:
    ort, ausweis = welt.terminort.pk, welt.ausweis.pk
    page.goto(f"{live_server.url}/termine/")
    expect(page.locator("h1")).to_have_text("Termin vereinbaren")
    axe_check(page, axe_source)

    # no service chosen: the error names the field, the list links to it
    _tab_to(page, f"form:has(input[name=ort][value='{ort}']) button[type=submit]")
    _enter(page)
    expect(page.locator("#fehlerliste")).to_contain_text("mindestens eine Leistung")
    axe_check(page, axe_source)

    _tab_to(page, f"#l-{ort}-{ausweis}")
    page.keyboard.press("Space")
    expect(page.locator(f"#l-{ort}-{ausweis}")).to_be_checked()
    page.keyboard.press("Tab")
    while not page.evaluate("() => document.activeElement.name === 'personen'"):
        page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    _tab_to(page, f"form:has(input[name=ort][value='{ort}']) button[type=submit]")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Tag wählen")
    expect(page.locator(".termin__auswahl")).to_contain_text("45 Minuten")  # 2 persons
    axe_check(page, axe_source)

    _tab_to(page, ".termine__tage a")
    _enter(page)
    expect(page.locator("h1")).to_contain_text("Uhrzeit wählen am")
    expect(page.locator("#antrag-pruefung-status")).to_have_text(FERTIG, timeout=30_000)
    axe_check(page, axe_source)

    # sent without a time, a name or an email: three errors, each naming its field
    _tab_to(page, "#termin-reservieren")
    _enter(page)
    fehler = page.locator("#fehlerliste")
    expect(fehler).to_contain_text("Bitte wählen Sie eine Uhrzeit.")
    expect(fehler).to_contain_text("Bitte geben Sie Ihren Namen an.")
    expect(fehler).to_contain_text("Bitte geben Sie eine gültige E-Mail-Adresse an.")
    expect(page.locator("#feld-email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#antrag-pruefung-status")).to_have_text(FERTIG, timeout=30_000)
    axe_check(page, axe_source)

    _tab_to(page, "#zeit-1")
    page.keyboard.press("Space")
    expect(page.locator("#zeit-1")).to_be_checked()
    _tab_to(page, "#feld-name")
    page.keyboard.type("Erika Mustermann")
    _tab_to(page, "#feld-email")
    page.keyboard.type("erika@example.org")
    _tab_to(page, "#termin-reservieren")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Bitte prüfen Sie Ihr E-Mail-Postfach")
    axe_check(page, axe_source)
    buchung = Buchung.objects.get()
    assert buchung.status == Buchung.Status.RESERVIERT and buchung.personen == 2

    outbox_sweep(now=timezone.now() + timedelta(minutes=1))
    text = next(m.body for m in mail.outbox if m.to == ["erika@example.org"])
    pfad = re.search(r"https?://[^/\s]+(/termine/[^\s]+/bestaetigen/)", text)[1]
    page.goto(f"{live_server.url}{pfad}")
    expect(page.locator("h1")).to_have_text("Termin bestätigen")
    axe_check(page, axe_source)
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.RESERVIERT  # the GET changed nothing
    _tab_to(page, "#termin-bestaetigen")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Ihr Termin ist gebucht")
    axe_check(page, axe_source)

    _tab_to(page, "#termin-verwalten")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Ihr Termin")
    axe_check(page, axe_source)
    _tab_to(page, "button[value=absagen]")
    _enter(page)
    expect(page.locator("[role=status]")).to_contain_text("Ihr Termin ist abgesagt.")
    axe_check(page, axe_source)
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.STORNIERT

    # a forged link: a clear page, nothing else
    page.goto(f"{live_server.url}/termine/{buchung.nummer}/falsch/")
    expect(page.locator("h1")).to_have_text("Link ungültig")
    axe_check(page, axe_source)


def test_rebook_and_waiting_list_pages_by_keyboard(
    welt: helfer.Welt, live_server: Any, page: Page, axe_source: str
) -> None:
    from rathaus.termine import selectors, services

    wunsch = selectors.wunsch_build(terminort=welt.terminort, leistungen={welt.ausweis.pk: 1})
    tag = selectors.freie_tage(wunsch=wunsch)[0]
    buchung, token = services.buchung_reserve(
        terminort=welt.terminort,
        leistungen={welt.ausweis.pk: 1},
        beginn=helfer.um(tag, 9),
        name="Erika",
        email="erika@example.org",
        actor="test",
    )
    services.buchung_confirm(buchung=buchung, actor="test")
    page.goto(f"{live_server.url}/termine/{buchung.nummer}/{token}/")
    axe_check(page, axe_source)
    _tab_to(page, "a[href$='/verschieben/']")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Termin verschieben")
    axe_check(page, axe_source)
    _tab_to(page, ".termine__tage a")
    _enter(page)
    axe_check(page, axe_source)
    _tab_to(page, "button[type=submit].kern-btn--primary")  # no time chosen: an error
    _enter(page)
    expect(page.locator("#fehlerliste")).to_contain_text("Bitte wählen Sie eine Uhrzeit.")
    axe_check(page, axe_source)
    _tab_to(page, "#zeit-1")  # a radio group: Tab reaches it, the arrow keys choose
    page.keyboard.press("ArrowDown")
    expect(page.locator("#zeit-2")).to_be_checked()
    _tab_to(page, "button[type=submit].kern-btn--primary")
    _enter(page)
    expect(page.locator("[role=status]")).to_contain_text("verschoben")
    axe_check(page, axe_source)
    buchung.refresh_from_db()
    assert buchung.sequenz == 1

    page.goto(
        f"{live_server.url}/termine/warteliste/?ort={welt.terminort.pk}"
        f"&leistung={welt.ausweis.pk}&personen=1"
    )
    axe_check(page, axe_source)
    expect(page.locator("#antrag-pruefung-status")).to_have_text(FERTIG, timeout=30_000)
    _tab_to(page, "button[type=submit].kern-btn--primary")
    _enter(page)
    expect(page.locator("#fehlerliste")).to_contain_text("Namen")
    axe_check(page, axe_source)
    _tab_to(page, "#feld-name")
    page.keyboard.type("Erika")
    _tab_to(page, "#feld-email")
    page.keyboard.type("erika@example.org")
    expect(page.locator("#antrag-pruefung-status")).to_have_text(FERTIG, timeout=30_000)
    _tab_to(page, "button[type=submit].kern-btn--primary")
    _enter(page)
    expect(page.locator("h1")).to_have_text("Sie stehen auf der Warteliste")
    axe_check(page, axe_source)
