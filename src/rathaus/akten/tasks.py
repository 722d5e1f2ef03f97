"""Background work of the E-Akte (django.tasks; the worker runs it)."""

from __future__ import annotations

from django.tasks import task


@task()
def volltext_ocr(version_id: int) -> str:
    """OCR one Version with Tesseract/OCRmyPDF and update the search index."""
    from .services import volltext_ocr_run

    return volltext_ocr_run(version_id=version_id)


@task()
def loeschfristen_anwenden() -> dict[str, int]:
    """Apply the deletion periods (akten.loeschfristen), then schedule tomorrow's run."""
    from .loeschfristen import loeschfristen_apply, loeschlauf_einplanen

    try:
        lauf = loeschfristen_apply(actor="loeschfristen")
    finally:
        loeschlauf_einplanen()
    return lauf.ergebnisse
