"""Settings of the E-Akte (read from the environment in rathaus.config.settings).

Read at call time (not import time) so tests and deployments can change them.
"""

from __future__ import annotations

from django.conf import settings


def max_bytes() -> int:
    """Largest accepted content of one Version (RATHAUS_AKTEN_MAX_BYTES, default 100 MB)."""
    return int(settings.RATHAUS_AKTEN_MAX_BYTES)


def ocr_language() -> str:
    """Tesseract language(s) for OCR (RATHAUS_AKTEN_OCR_LANGUAGE, default "deu")."""
    return str(settings.RATHAUS_AKTEN_OCR_LANGUAGE)


def max_text_chars() -> int:
    """Longest extracted text kept per Version (RATHAUS_AKTEN_MAX_TEXT_CHARS, default 2 M)."""
    return int(settings.RATHAUS_AKTEN_MAX_TEXT_CHARS)


def pdf_zeit_sekunden() -> float:
    """Wall time for reading the text of one PDF (RATHAUS_PDF_ZEIT_SEKUNDEN, default 20)."""
    return float(settings.RATHAUS_PDF_ZEIT_SEKUNDEN)


def ocr_zeit_sekunden() -> float:
    """Wall time for the OCR of one file (RATHAUS_OCR_ZEIT_SEKUNDEN, default 600)."""
    return float(settings.RATHAUS_OCR_ZEIT_SEKUNDEN)


def pdf_speicher_mb() -> int:
    """Address space of the process reading one file (RATHAUS_PDF_SPEICHER_MB, default 1024)."""
    return int(settings.RATHAUS_PDF_SPEICHER_MB)
