"""Files on a step of the real FIM form S05000001319 in Chromium (issue 9): step 4
"Nachweise" refuses a renamed .exe on the step itself (error state), keeps a PDF, lists it
on the step and on the review page beside its field, and removes it again; axe-core on
each state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from rathaus.antraege.models import EntwurfAnlage
from rathaus.antraege.tests import helfer
from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import

from .conftest import axe_check

pytestmark = pytest.mark.e2e

FELD = "#f-G05000012009-F05000017890"
LABEL = "Unterlagen für die Verlängerung der Erlöschensfrist"


@pytest.fixture
def formular(live_server: Any, transactional_db: Any) -> Formular:
    datei = geteilte_daten("fim", "xdf3", "S05000001319", "schema.xdf.xml")
    return formular_import(dateien=[datei], actor="test")[0].formular


def test_upload_on_step_4_error_state_list_review_and_removal(
    formular: Formular, live_server: Any, page: Page, axe_source: str, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/antrag/{formular.pk}/schritt/4/")
    expect(page.locator("h1")).to_contain_text("Schritt 4 von 4")
    hinweis = page.locator(f"{FELD}-hinweis")
    expect(hinweis).to_contain_text("höchstens 10 MB je Datei")
    expect(hinweis).not_to_contain_text("20MB")
    axe_check(page, axe_source)

    # error state: an .exe renamed .pdf is refused on the step, naming the field
    exe = tmp_path / "rechnung.pdf"
    exe.write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 512)
    page.locator(FELD).set_input_files(str(exe))
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator("#fehlerliste")).to_contain_text(f"„{LABEL}“ (rechnung.pdf)")
    expect(page.locator("#fehlerliste")).to_contain_text("Der Inhalt der Datei ist kein PDF.")
    expect(page.locator(FELD)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"{FELD}-fehler1")).to_be_visible()
    axe_check(page, axe_source)
    assert not EntwurfAnlage.objects.exists()

    # a real PDF is kept and listed on the review page in step 4's section
    pdf = tmp_path / "attest.pdf"
    pdf.write_bytes(helfer.pdf("Ärztliches Attest"))
    page.locator(FELD).set_input_files(str(pdf))
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_have_text("Angaben prüfen")
    abschnitt = page.locator("section:has(#abschnitt-4)")
    expect(abschnitt.locator("dt")).to_have_text([LABEL])
    expect(abschnitt.locator("dd")).to_have_text([re.compile(r"^attest\.pdf \(\d+(,\d)? KB\)$")])
    expect(abschnitt).not_to_contain_text("Keine Angaben")
    expect(page.locator("input[type=file]")).to_have_count(0)
    axe_check(page, axe_source)

    # back on the step: listed with its size and a remove button (normal state)
    abschnitt.get_by_role("link", name="„Nachweise“ ändern").click()
    expect(page.locator("h1")).to_contain_text("Schritt 4 von 4")
    expect(page.locator(f"{FELD}-dateien")).to_contain_text("attest.pdf")
    axe_check(page, axe_source)
    page.get_by_role("button", name="„attest.pdf“ entfernen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Datei wurde entfernt.")
    expect(page.locator(f"{FELD}-dateien")).to_have_count(0)
    axe_check(page, axe_source)
    assert not EntwurfAnlage.objects.exists()
