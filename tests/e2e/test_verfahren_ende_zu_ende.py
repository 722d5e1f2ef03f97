"""The whole path of issue 5 in Chromium: a citizen (development IdP) submits an Antrag →
the clerk asks for a missing document → the citizen answers with an upload in Mein Konto →
the clerk approves → the Leitung co-signs → the citizen downloads the Bescheid PDF from the
Postfach. The worker's deliveries (outbox) are run by the test between the steps. At the end
the E-Akte holds every piece; the Vorgang stays open while the Widerspruchsfrist runs and the
daily run closes it after (time moved in the test); axe-core on every page on the way."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rathaus.akten.models import Dokument, Vorgang
from rathaus.antraege.models import Antrag
from rathaus.antraege.tests import helfer
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox
from rathaus.organisation.models import Rolle
from rathaus.verfahren.models import Frist, Verfahren
from rathaus.verfahren.services import fristen_check
from rathaus.verfahren.services.zda import NACHLAUF_TAGE

from .conftest import axe_check
from .test_arbeitsplatz_akten import _anmelden
from .test_arbeitsplatz_verfahren import person, zda_aufheben

pytestmark = pytest.mark.e2e


def worker() -> None:
    """What the background worker does: deliver every due outbox row."""
    for _ in range(3):  # deliveries may queue further rows (notifications)
        offen = list(
            Outbox.objects.filter(delivered_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not offen:
            return
        for pk in offen:
            core_outbox.outbox_deliver(outbox_id=pk)


@pytest.fixture
def welt(
    live_server: Any, transactional_db: Any, settings: Any, tmp_path: Path
) -> Iterator[helfer.Welt]:
    settings.RATHAUS_BASE_URL = live_server.url
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    yield helfer.welt(tmp_path)
    zda_aufheben()


def _buerger_anmelden(page: Page, base: str, axe_source: str) -> None:
    page.goto(base + "/konto/")
    page.get_by_role("link", name="Weiter zur Anmeldung").click()
    page.get_by_label("Jan Petersen").check()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Mein Konto")
    axe_check(page, axe_source)


def _antrag_stellen(page: Page, base: str, welt: helfer.Welt, tmp_path: Path) -> Antrag:
    page.goto(f"{base}/leistungen/{welt.leistung.slug}/")
    page.get_by_role("link", name="Online beantragen").click()
    expect(page.locator("h1")).to_contain_text("Schritt 1 von 2")
    page.locator("[name='G99000000001.F99000000001']").fill("Petersen")
    page.locator("[name='G99000000001.F99000000003']").fill("1980-05-17")
    page.locator("[name='G99000000001.F99000000009']").first.check()
    page.locator("[name='G99000000001.F99000000011']").last.check()
    nachweis = tmp_path / "nachweis.pdf"
    nachweis.write_bytes(helfer.pdf("Nachweis Jan Petersen"))
    page.locator("#f-G99000000001-F99000000016").set_input_files(str(nachweis))
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_contain_text("Schritt 2 von 2")
    page.locator("[name='G99000000002.F99000000020']").last.check()
    page.locator(".antrag__aktionen button[value=weiter]").click()
    expect(page.locator("h1")).to_have_text("Angaben prüfen")
    expect(page.locator("main")).to_contain_text("nachweis.pdf")
    page.locator("#antrag-absenden-knopf").click()
    antrag = Antrag.objects.get()
    expect(page.locator("#aktenzeichen")).to_have_text(antrag.aktenzeichen)
    return antrag


def test_antrag_bis_bescheid(
    welt: helfer.Welt,
    live_server: Any,
    page: Page,
    new_page: Any,
    axe_source: str,
    tmp_path: Path,
) -> None:
    base = str(live_server.url)
    sb = person("sachbearbeiterin", welt.amt, Rolle.SACHBEARBEITUNG)
    leitung = person("amtsleiter", welt.amt, Rolle.LEITUNG)

    # 1. The citizen submits.
    _buerger_anmelden(page, base, axe_source)
    antrag = _antrag_stellen(page, base, welt, tmp_path)
    worker()
    verfahren = Verfahren.objects.get(antrag_id=antrag.pk)

    # 2. The clerk asks for a missing document.
    amt = new_page(viewport={"width": 1366, "height": 900})
    _anmelden(amt, base, sb, axe_source)
    amt.get_by_role("navigation", name="Arbeitsplatz").get_by_role("link", name="Aufgaben").click()
    amt.locator(f"a[href^='/arbeitsplatz/verfahren/{verfahren.pk}/']").click()
    expect(amt.locator("main h1")).to_contain_text(antrag.aktenzeichen)
    amt.get_by_role("button", name="Aufgabe übernehmen").click()
    amt.get_by_label("unvollständig – Unterlagen nachfordern").check()
    amt.get_by_label("Was fehlt?").fill("Bitte laden Sie den Mietvertrag hoch.")
    amt.get_by_role("button", name="Erledigen").click()
    expect(amt.locator("#verfahren-status")).to_contain_text("wartet auf Antwort")
    axe_check(amt, axe_source)
    worker()
    hinweis = [m for m in mail.outbox if "Postfach" in m.body or "Postfach" in m.subject]
    assert hinweis, "the citizen is told by email that a message is waiting"

    # 3. The citizen answers with an upload in Mein Konto.
    page.goto(base + "/konto/")
    page.get_by_role("link", name="Details und Nachrichten").first.click()
    expect(page.locator("#nachforderung")).to_contain_text("Mietvertrag")
    axe_check(page, axe_source)
    mietvertrag = tmp_path / "mietvertrag.pdf"
    mietvertrag.write_bytes(helfer.pdf("Mietvertrag Jan Petersen, Ossenreyerstraße 1"))
    page.get_by_label("Nachricht an die Verwaltung").fill("Anbei der Mietvertrag.")
    page.locator("#antwort-dateien").set_input_files(str(mietvertrag))
    page.locator("#antwort-senden").click()
    expect(page.locator("[role=status]")).to_be_visible()
    expect(page.locator("#antrag-status")).to_have_text("in Bearbeitung")
    axe_check(page, axe_source)

    # 4. The clerk sees the answer and approves.
    amt.reload()
    expect(amt.locator(".verlauf")).to_contain_text("Anbei der Mietvertrag.")
    expect(amt.locator("#dokumente-titel + *")).to_contain_text("mietvertrag.pdf")
    amt.get_by_label("vollständig", exact=True).check()
    amt.get_by_role("button", name="Erledigen").click()
    # The decision is already hers (same role, next step): no second claim.
    expect(amt.get_by_role("button", name="Aufgabe übernehmen")).to_have_count(0)
    amt.get_by_label("bewilligen").check()
    amt.get_by_label("Begründung").fill("Die Voraussetzungen nach § 33a GewO liegen vor.")
    amt.get_by_role("button", name="Erledigen").click()
    expect(amt.locator("main")).to_contain_text("Zu zeichnende Entscheidung")
    axe_check(amt, axe_source)

    # 5. The Leitung co-signs and gets the page back at once; the worker makes the
    # Bescheid, delivers it and closes the Vorgang.
    chef = new_page(viewport={"width": 1366, "height": 900})
    _anmelden(chef, base, leitung, axe_source)
    chef.goto(f"{base}/arbeitsplatz/verfahren/{verfahren.pk}/")
    chef.get_by_role("button", name="Aufgabe übernehmen").click()
    # The co-signer reads the Bescheid as it will be made before signing.
    vorschau = chef.locator(".bescheid-vorschau")
    expect(vorschau).to_contain_text(f"(Aktenzeichen {antrag.aktenzeichen}) wird bewilligt.")
    expect(vorschau).to_contain_text("Die Voraussetzungen nach § 33a GewO liegen vor.")
    expect(vorschau.get_by_role("link", name="Bescheid als PDF ansehen (Entwurf)")).to_be_visible()
    axe_check(chef, axe_source)
    chef.get_by_role("radio", name="mitzeichnen").check()
    chef.get_by_role("button", name="Erledigen").click()
    expect(chef.locator("#verfahren-status")).to_contain_text("in Bearbeitung")
    expect(chef.locator("#bescheid-status")).to_have_text("Bescheid wird erstellt")
    axe_check(chef, axe_source)
    page.goto(f"{base}/konto/antraege/{antrag.pk}/")
    expect(page.locator("#antrag-status")).to_have_text("in Bearbeitung")
    worker()
    chef.reload()
    expect(chef.locator("#verfahren-status")).to_contain_text("abgeschlossen")
    expect(chef.locator("#bescheid-status")).to_have_text("Bescheid im Postfach zugestellt")
    axe_check(chef, axe_source)
    bescheid_mails = [m for m in mail.outbox if m.to == ["jan.petersen@example.org"]]
    assert all("bewillig" not in m.body.lower() for m in bescheid_mails)

    # 6. The citizen downloads the Bescheid from the Postfach.
    page.goto(base + "/konto/postfach/")
    axe_check(page, axe_source)
    page.get_by_role("link", name="Bescheid").first.click()
    axe_check(page, axe_source)
    with page.expect_download() as download:
        page.get_by_role("link", name="Dokument herunterladen (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert antrag.aktenzeichen in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "Sachbearbeiterin Beispiel" in text
    assert "Im Auftrag" in text and "ohne Unterschrift" not in text
    page.goto(f"{base}/konto/antraege/{antrag.pk}/")
    expect(page.locator("#verlauf")).to_contain_text("beschieden")
    axe_check(page, axe_source)

    # 7. The E-Akte holds every piece; the Vorgang stays open while a Widerspruch is
    # possible (the clerk sees the zdA action), and the daily run closes it once the
    # Widerspruchsfrist and the Nachlauf have passed (time moved here).
    vorgang = Vorgang.objects.get(verfahren_ref=antrag.aktenzeichen)
    assert vorgang.zda_am is None
    frist = Frist.objects.get(verfahren=verfahren, art=Frist.Art.WIDERSPRUCH, erledigt=False)
    amt.reload()
    expect(amt.locator("#fristen-titel + *")).to_contain_text("Widerspruchsfrist")
    expect(amt.get_by_role("button", name="Vorgang zu den Akten verfügen (zdA)")).to_be_visible()
    axe_check(amt, axe_source)
    spaeter = frist.datum + timedelta(days=NACHLAUF_TAGE + 1)
    assert fristen_check(heute=spaeter)["zda"] == 1
    vorgang.refresh_from_db()
    assert vorgang.zda_am is not None
    amt.reload()
    expect(amt.get_by_role("button", name="Vorgang zu den Akten verfügen (zdA)")).to_have_count(0)
    dokumente = list(Dokument.objects.filter(vorgang=vorgang).order_by("pk"))
    arten = [d.art for d in dokumente]
    assert arten.count("eingang") >= 2  # the Antrag and the answer
    assert "ausgang" in arten  # the Bescheid
