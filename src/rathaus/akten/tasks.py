"""Background work of the E-Akte (django.tasks; the worker runs it)."""

from __future__ import annotations

from django.tasks import task


@task()
def volltext_ocr(version_id: int) -> str:
    """OCR one Version with Tesseract/OCRmyPDF and update the search index."""
    from .services import volltext_ocr_run

    return volltext_ocr_run(version_id=version_id)
