"""Once-only in Chromium: a citizen logs in at the development identity provider, the form
starts with name, birth date and address from the identity, marked as such; an answer that
reveals a prefilled part shows it filled; the review page marks what was taken over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import person_schema_xml

from .conftest import axe_check

pytestmark = pytest.mark.e2e

HINWEIS = "aus Ihrem Nutzerkonto übernommen"


@pytest.fixture
def idp(live_server: Any, transactional_db: Any, settings: Any) -> str:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    return str(live_server.url)


@pytest.fixture
def formular(idp: str, tmp_path: Path) -> Formular:
    p = tmp_path / "person.xml"
    p.write_bytes(person_schema_xml())
    return formular_import(dateien=[p], actor="test")[0].formular


def _anmelden(page: Page, base: str, name: str) -> None:
    page.goto(base + "/konto/")
    page.get_by_role("link", name="Weiter zur Anmeldung").click()
    page.get_by_label(name).check()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Mein Konto")


def test_identity_prefills_the_form_visibly_and_editably(
    idp: str, formular: Formular, page: Page, axe_source: str
) -> None:
    _anmelden(page, idp, "Jan Petersen")
    page.goto(f"{idp}/antrag/{formular.pk}/schritt/1/")
    expect(page.locator("#uebernahme")).to_contain_text("Angaben aus Ihrem Nutzerkonto")
    vorname = page.get_by_label("Vornamen")
    expect(vorname).to_have_value("Jan")
    expect(vorname).to_have_accessible_description(HINWEIS)
    expect(page.get_by_label("Straße")).to_have_value("Ossenreyerstraße")
    expect(page.get_by_label("Hausnummer", exact=False)).to_have_value("12")
    expect(page.get_by_label("Geburtsdatum")).to_have_value("1987-03-14")
    axe_check(page, axe_source)
    vorname.fill("Jan-Hendrik")  # editable
    page.locator(".antrag__aktionen button[value=weiter]").click()

    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    mail = page.get_by_label("E-Mail")
    expect(mail).to_be_hidden()
    page.get_by_label("Ja").check()
    expect(mail).to_be_visible()
    expect(mail).to_have_value("jan.petersen@example.org")
    expect(mail).to_have_accessible_description(HINWEIS)
    axe_check(page, axe_source)
    page.locator(".antrag__aktionen button[value=weiter]").click()

    expect(page.locator("h1")).to_have_text("Angaben prüfen")
    zeile = page.locator(".kern-description-list-item", has_text="Familienname")
    expect(zeile).to_contain_text(HINWEIS)
    expect(page.locator(".kern-description-list-item", has_text="Vornamen")).not_to_contain_text(
        HINWEIS
    )
    expect(page.locator(".pruefen__konto")).to_have_count(7)
    axe_check(page, axe_source)
