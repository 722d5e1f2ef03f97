"""Settings of the E-Akte, read from Django settings with embedded defaults.

Read at call time (not import time) so tests and deployments can change them.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def max_bytes() -> int:
    """Largest accepted content of one Version (RATHAUS_AKTEN_MAX_BYTES, default 100 MB)."""
    return int(getattr(settings, "RATHAUS_AKTEN_MAX_BYTES", DEFAULT_MAX_BYTES))


def ocr_language() -> str:
    """Tesseract language(s) for OCR (RATHAUS_AKTEN_OCR_LANGUAGE, default "deu")."""
    return str(getattr(settings, "RATHAUS_AKTEN_OCR_LANGUAGE", "deu"))


def max_text_chars() -> int:
    """Longest extracted text kept per Version (RATHAUS_AKTEN_MAX_TEXT_CHARS, default 2 M)."""
    return int(getattr(settings, "RATHAUS_AKTEN_MAX_TEXT_CHARS", 2_000_000))
