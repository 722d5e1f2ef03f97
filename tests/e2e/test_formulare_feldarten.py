"""Field kinds on the real FIM form S05000001319 in Chromium (issue 9): the free text of
step 2 is a box of several lines, the date of birth of step 3 three narrow inputs side by
side in one fieldset; hostile values (letters in a telephone number, a malformed e-mail
address, a 5,000-character company name, a birth year in the future) come back as errors
naming their fields, and axe-core finds no WCAG 2.1 A/AA violation in that error state
(autocomplete tokens included)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import

from .conftest import axe_check

pytestmark = pytest.mark.e2e

PERSON = "G05000012012-G05000012016"
GEBURT = f"#f-{PERSON}-G60000000083"
TELEFON = f"#f-{PERSON}-G05000011747-F60000000240-0"
EMAIL = f"#f-{PERSON}-G05000011747-F60000000242"
FIRMA = "#f-G05000012012-G05000012723-F05000017763"


@pytest.fixture
def formular(live_server: Any, transactional_db: Any) -> Formular:
    datei = geteilte_daten("fim", "xdf3", "S05000001319", "schema.xdf.xml")
    return formular_import(dateien=[datei], actor="test")[0].formular


def test_field_kinds_and_the_error_state_of_the_company_step(
    formular: Formular, live_server: Any, page: Page, axe_source: str
) -> None:
    page.goto(f"{live_server.url}/antrag/{formular.pk}/schritt/2/")
    freitext = page.locator("textarea#f-G05000012707-G05000012006-F05000017888")
    expect(freitext).to_be_visible()
    einzeilig = page.locator("#f-G05000012707-G05000012006-F05000018051").bounding_box()
    box = freitext.bounding_box()
    assert box and einzeilig and box["height"] > 2 * einzeilig["height"]

    page.goto(f"{live_server.url}/antrag/{formular.pk}/schritt/3/")
    ids = ("F60000000231", "F60000000232", "F60000000233")
    teile = [page.locator(f"{GEBURT}-{f}") for f in ids]
    boxen = [t.bounding_box() for t in teile]
    assert all(boxen)
    oben = {round(b["y"]) for b in boxen if b}
    assert len(oben) == 1, boxen  # one row
    assert [b["x"] for b in boxen if b] == sorted(b["x"] for b in boxen if b)
    assert all(b["width"] < 160 for b in boxen if b), boxen  # narrow
    for teil, label in zip(teile, ("Tag", "Monat", "Jahr"), strict=True):
        expect(teil).to_have_accessible_name(label)
    expect(page.locator(f"{GEBURT} > legend")).to_contain_text("Geburtsdatum")

    page.locator(TELEFON).fill("0381 ABC")
    page.locator(EMAIL).fill("name(at)beispiel")
    # the maxlength of the input stops typing; a tampered request sends it anyway
    page.locator(FIRMA).evaluate("(e) => { e.removeAttribute('maxlength'); }")
    page.locator(FIRMA).fill("A" * 5000)
    page.locator(f"{GEBURT}-F60000000233").fill(str(timezone.localdate().year + 1))
    with page.expect_navigation():
        page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    liste = page.locator("#fehlerliste")
    for text in (
        "„Name des Unternehmens“: Bitte geben Sie höchstens 200 Zeichen ein.",
        "„Telefonnummer“",
        "„E-Mail-Adresse“: Bitte geben Sie eine gültige E-Mail-Adresse ein",
        "„Geburtsdatum“: Das Geburtsdatum darf nicht in der Zukunft liegen.",
    ):
        expect(liste).to_contain_text(text)
    expect(page.locator(f"{GEBURT}-F60000000233")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(TELEFON)).to_have_attribute("aria-invalid", "true")
    axe_check(page, axe_source)
