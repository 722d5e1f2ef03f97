"""Text extraction at filing time and OCR in the background task."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from rathaus.akten import selectors, services
from rathaus.akten.models import Volltext
from rathaus.akten.volltext import ocr_verfuegbar

from . import factories as f

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SCAN = "Hansestadt Stralsund\nWiderspruch gegen Hundesteuer"
needs_tesseract = pytest.mark.skipif(
    not ocr_verfuegbar(), reason="Tesseract with the 'deu' language data is not installed"
)


def _file(vorgang, dateiname, mediatyp, inhalt):
    return services.dokument_file(
        vorgang=vorgang,
        art="eingang",
        betreff="Schreiben",
        absender="Max Mustermann",
        versionen=[(dateiname, mediatyp, inhalt)],
        actor=f.ACTOR,
    )


def _leser(vorgang) -> User:
    return f.user(None, vorgang.akte.federfuehrend)


def test_pdf_text_is_extracted_while_filing():
    dokument = f.dokument(text="Die Straßenreinigungsgebühr wird neu festgesetzt.")
    volltext = dokument.versionen.get().volltext
    assert volltext.status == Volltext.Status.EXTRAHIERT
    assert "Straßenreinigungsgebühr" in volltext.text
    assert "Hansestadt Stralsund" in volltext.text


@needs_tesseract
@pytest.mark.parametrize(
    ("dateiname", "mediatyp", "inhalt"),
    [("scan.png", "image/png", f.png(SCAN)), ("scan.pdf", "application/pdf", f.scan_pdf(SCAN))],
)
def test_scanned_page_is_recognised_in_the_background(
    settings, django_capture_on_commit_callbacks, dateiname, mediatyp, inhalt
):
    settings.TASKS = IMMEDIATE
    vorgang = f.vorgang()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dokument = _file(vorgang, dateiname, mediatyp, inhalt)
    version = dokument.versionen.get()
    assert version.volltext.status == Volltext.Status.OCR_AUSSTEHEND
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: enqueue, which the immediate backend runs at once
    version.volltext.refresh_from_db()
    assert version.volltext.status == Volltext.Status.EXTRAHIERT, version.volltext.meldung
    assert "Widerspruch" in version.volltext.text
    leser = _leser(vorgang)
    assert selectors.dokumente_search(user=leser, query="Widerspruch").treffer == [dokument]
    # Running the task again changes nothing (idempotent).
    assert services.volltext_ocr_run(version_id=version.pk) == Volltext.Status.EXTRAHIERT


def test_without_tesseract_the_status_says_so_and_metadata_stay_searchable(
    settings, django_capture_on_commit_callbacks
):
    settings.RATHAUS_AKTEN_OCR_LANGUAGE = "tlh"  # Klingon: never installed
    vorgang = f.vorgang()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dokument = _file(vorgang, "scan.png", "image/png", f.png(SCAN))
    volltext = dokument.versionen.get().volltext
    assert volltext.status == Volltext.Status.OCR_NICHT_VERFUEGBAR
    assert "nicht installiert" in volltext.meldung
    assert callbacks == []
    leser = _leser(vorgang)
    assert selectors.dokumente_search(user=leser, query="Mustermann").treffer == [dokument]
    assert selectors.dokumente_search(user=leser, query="scan").treffer == [dokument]


def test_pypdf_is_the_fallback_when_pdfium_fails():
    # Without /Root in the trailer PDFium refuses the file; pypdf finds the catalog.
    pdf = f.pdf("Sondernutzungserlaubnis für den Alten Markt.")
    assert pdf.count(b"/Root") == 1
    dokument = _file(
        f.vorgang(), "erlaubnis.pdf", "application/pdf", pdf.replace(b"/Root", b"/Rooo")
    )
    auszug = dokument.versionen.get().volltext
    assert auszug.status == Volltext.Status.EXTRAHIERT and auszug.methode == "pypdf"
    assert "Sondernutzungserlaubnis" in auszug.text
