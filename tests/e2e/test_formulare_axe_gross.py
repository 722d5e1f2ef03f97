"""axe-core in Chromium on every step of the five largest real FIM forms (by number of
fields and groups), in normal and in error state, with zero WCAG 2.1 A/AA violations.

"Largest" counts element occurrences as the form renders them (``iter_elements``), not
file size: the biggest files owe their size to long code lists, the forms chosen here have
the most inputs. One browser page walks all steps. Each step is checked as it first shows
and again with the parts the FIM rules hide shown (as the browser script shows them once
an answer activates them). Its error state comes from submitting it empty, or, where
nothing in it is required, with a word in a number field, a choice outside the code list
or an overlong text, so the error summary and the messages at the fields are checked too.
A second test checks a logged-in citizen's steps with the notice and the hints of the
identity prefill, in normal and error state.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from rathaus.formulare.definition import definition
from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import XDF3_FILES, needs_data
from rathaus.standards.xdatenfelder import Datenfeld, parse_schema
from rathaus.standards.xdatenfelder.model import iter_elements

from .conftest import axe_check

pytestmark = [pytest.mark.e2e, needs_data]

FEHLER_TITEL = re.compile("^Fehler: ")


@lru_cache(maxsize=1)
def groesste_formulare(n: int = 5) -> list[tuple[Path, int, int]]:
    """(file, fields, groups) of the ``n`` XDF3 schemas with the most element occurrences."""
    zeilen = []
    for datei in XDF3_FILES:
        kinder = iter_elements(parse_schema(datei).schema.struktur)
        felder = sum(isinstance(k.element, Datenfeld) for k, _p in kinder)
        zeilen.append((datei, felder, len(kinder) - felder))
    zeilen.sort(key=lambda z: (z[1] + z[2], z[0].parent.name), reverse=True)
    return zeilen[:n]


@pytest.fixture
def formulare_gross(live_server: Any, transactional_db: Any) -> list[Formular]:
    gewaehlt = groesste_formulare()
    for datei, felder, gruppen in gewaehlt:
        print(f"{datei.parent.name}: {felder} Felder, {gruppen} Gruppen")
    zeilen = formular_import(dateien=[d for d, _f, _g in gewaehlt], actor="test")
    return [z.formular for z in zeilen]


def _fehler_erzwingen(page: Page) -> str:
    """Make a step without required inputs wrong, as a tampered or mistyped request would:
    a word in a number field, else a choice outside the code list, else a text longer
    than any input takes (the server answers each with an error at the field, also in a
    part the rules hide)."""
    # a number input (no maxlength: postal codes and date-of-birth parts have inputmode
    # "numeric" too, but are read as text, so a word there is only refused where shown)
    zahl = page.locator(
        "form#antrag-formular input[type=text][inputmode]:not([maxlength]):visible"
    ).first
    if zahl.count():
        zahl.fill("kein Wert")
        return "Zahl"
    return str(
        page.evaluate(
            """() => {
            const form = document.getElementById('antrag-formular');
            const sichtbar = e => e.offsetParent !== null;
            const radio = [...form.querySelectorAll('input[type=radio]')].find(sichtbar);
            if (radio) { radio.value = '__ungueltig__'; radio.checked = true; return 'Auswahl'; }
            const select = [...form.querySelectorAll('select')].find(sichtbar);
            if (select) {
                select.add(new Option('ungültig', '__ungueltig__'));
                select.value = '__ungueltig__';
                return 'Liste';
            }
            const text = [...form.querySelectorAll('input[type=text][maxlength], textarea')]
                .find(sichtbar);
            if (text) {
                text.removeAttribute('maxlength');
                text.value = 'x'.repeat(10001);  // more than any input takes (MAX_TEXT)
                return 'Länge';
            }
            return 'nichts';
        }"""
        )
    )


def _weiter(page: Page) -> None:
    with page.expect_navigation():
        page.locator(".antrag__aktionen button[value=weiter]").click()


def _alles_zeigen(page: Page) -> int:
    """Show what the FIM rules hide (as the browser script does once an answer activates
    it), so axe checks those parts too; returns how many elements were hidden."""
    return int(
        page.evaluate(
            """() => {
            const versteckt = [...document.querySelectorAll('#antrag-formular [hidden]')];
            versteckt.forEach(e => { e.hidden = false; });
            return versteckt.length;
        }"""
        )
    )


def _alle_schritte(page: Page, base: str, formular: Formular, axe_source: str) -> list[str]:
    """axe on each step, normal and error state; returns the steps without an error state.

    The normal state is checked as the citizen first sees it and again with every part
    the rules hide shown; the error state as it comes back from the server.
    """
    ohne_fehler: list[str] = []
    for schritt in definition(formular).schritte:
        adresse = f"{base}/antrag/{formular.pk}/schritt/{schritt.nr}/"
        page.goto(adresse)
        expect(page.locator("h1")).to_contain_text(f"Schritt {schritt.nr} von")
        axe_check(page, axe_source)
        if _alles_zeigen(page):
            axe_check(page, axe_source)
        _weiter(page)  # everything empty
        if not page.locator("#fehlerliste").count():
            page.goto(adresse)
            _alles_zeigen(page)
            art = _fehler_erzwingen(page)
            _weiter(page)
            if not page.locator("#fehlerliste").count():
                ohne_fehler.append(f"{schritt.nr} ({art})")
                continue
        expect(page).to_have_title(FEHLER_TITEL)
        axe_check(page, axe_source)
    return ohne_fehler


def test_every_step_of_the_five_largest_forms_passes_axe(
    formulare_gross: list[Formular], live_server: Any, page: Page, axe_source: str
) -> None:
    start = time.monotonic()
    schritte = 0
    for formular in formulare_gross:
        ohne_fehler = _alle_schritte(page, live_server.url, formular, axe_source)
        assert not ohne_fehler, f"{formular.fim_id}: kein Fehlerzustand in Schritt {ohne_fehler}"
        schritte += len(definition(formular).schritte)
        page.context.clear_cookies()
    print(f"{schritte} Schritte × 2 Zustände in {time.monotonic() - start:.1f} s")
    assert schritte >= 15


@pytest.fixture
def idp(live_server: Any, settings: Any) -> str:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    return str(live_server.url)


@pytest.fixture
def groesstes_formular(live_server: Any, transactional_db: Any) -> Formular:
    datei = groesste_formulare()[0][0]
    return formular_import(dateien=[datei], actor="test")[0].formular


def test_prefilled_steps_of_a_large_form_pass_axe(
    groesstes_formular: Formular, idp: str, page: Page, axe_source: str
) -> None:
    formular = groesstes_formular
    page.goto(f"{idp}/konto/")
    page.get_by_role("link", name="Weiter zur Anmeldung").click()
    page.get_by_label("Jan Petersen").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Mein Konto")

    page.goto(f"{idp}/antrag/{formular.pk}/schritt/1/")
    hinweis = page.locator("#uebernahme")
    expect(hinweis).to_contain_text("Angaben aus Ihrem Nutzerkonto")
    axe_check(page, axe_source)
    nr = int(re.search(r"Schritt (\d+):", hinweis.inner_text()).group(1))  # type: ignore[union-attr]
    page.goto(f"{idp}/antrag/{formular.pk}/schritt/{nr}/")
    vorbefuellt = page.locator(".feld__konto:visible")
    expect(vorbefuellt.first).to_contain_text("aus Ihrem Nutzerkonto übernommen")
    # the hint is the input's description
    eingabe = page.locator("input[aria-describedby*='-konto']:visible").first
    ziel = eingabe.get_attribute("aria-describedby") or ""
    assert any(page.locator(f"#{i}").count() for i in ziel.split() if i.endswith("-konto"))
    axe_check(page, axe_source)
    _weiter(page)
    expect(page.locator("#fehlerliste")).to_be_visible()
    expect(page.locator(".feld__konto:visible").first).to_be_visible()
    axe_check(page, axe_source)
