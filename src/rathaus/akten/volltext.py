"""Text of stored content: cheap extraction at filing time, OCR in the background.

PDFs with a text layer are read while filing (PDFium, pypdf as fallback). Scanned PDFs
and images wait for the worker (`tasks.volltext_ocr`): PDFs go through OCRmyPDF, images
straight to the Tesseract command line (no conversion step; Tesseract reads PNG, JPEG and
TIFF itself).
Without Tesseract (or its language data) the status says so and the Dokument stays
findable by its metadata.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from . import conf
from .inhalt import JPEG, JSON, PDF, PNG, TEXT, TIFF, XML
from .models import Volltext

logger = logging.getLogger(__name__)
Status = Volltext.Status

# A page of real text has far more; less means a scan (perhaps with a stamp or page number).
MIN_ZEICHEN_JE_SEITE = 20
MAX_SEITEN_SOFORT = 2000
OCR_TYPES = frozenset({PNG, JPEG, TIFF})


@dataclass(frozen=True)
class Auszug:
    status: str
    methode: str = ""
    text: str = ""
    meldung: str = ""


@lru_cache(maxsize=1)
def _tesseract_languages() -> frozenset[str]:
    binary = shutil.which("tesseract")
    if binary is None:
        return frozenset()
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def ocr_verfuegbar() -> bool:
    """Tesseract is installed with every language of RATHAUS_AKTEN_OCR_LANGUAGE."""
    needed = set(conf.ocr_language().split("+"))
    return needed <= _tesseract_languages()


def _kuerzen(text: str) -> str:
    return text.replace("\x00", "")[: conf.max_text_chars()]


_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe


def _pdfium_seiten(daten: bytes) -> list[str]:
    import pypdfium2

    with _PDFIUM_LOCK:
        dokument = pypdfium2.PdfDocument(daten)
        try:
            seiten = []
            for index in range(min(len(dokument), MAX_SEITEN_SOFORT)):
                seite = dokument[index]
                textseite = seite.get_textpage()
                seiten.append(textseite.get_text_bounded())
                textseite.close()
                seite.close()
            return seiten
        finally:
            dokument.close()


def _pypdf_seiten(datei: IO[bytes]) -> list[str]:
    from pypdf import PdfReader

    datei.seek(0)
    reader = PdfReader(datei)
    return [
        seite.extract_text() or ""
        for index, seite in enumerate(reader.pages)
        if index < MAX_SEITEN_SOFORT
    ]


def _pdf_text(datei: IO[bytes]) -> Auszug:
    # PDFium (pypdfium2, which OCRmyPDF brings along) reads WeasyPrint's glyph-by-glyph
    # text about 40 times faster than pypdf; pypdf remains the fallback.
    datei.seek(0)
    try:
        seiten, methode = _pdfium_seiten(datei.read()), "pdfium"
    except Exception:
        seiten, methode = _pypdf_seiten(datei), "pypdf"
    text = "\n".join(seiten).strip()
    zeichen = sum(1 for ch in text if not ch.isspace())
    if zeichen >= MIN_ZEICHEN_JE_SEITE * max(1, len(seiten)) / 2:
        return Auszug(Status.EXTRAHIERT, methode, _kuerzen(text))
    return _ocr_later(text)


def _ocr_later(text: str = "") -> Auszug:
    if ocr_verfuegbar():
        return Auszug(Status.OCR_AUSSTEHEND, "", _kuerzen(text))
    return Auszug(
        Status.OCR_NICHT_VERFUEGBAR,
        "",
        _kuerzen(text),
        f"Tesseract mit Sprache {conf.ocr_language()} ist nicht installiert.",
    )


def _xml_text(datei: IO[bytes]) -> str:
    from lxml import etree

    datei.seek(0)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.parse(datei, parser).getroot()
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def text_extract(*, mediatyp: str, datei: IO[bytes]) -> Auszug:
    """What can be had while filing; never raises (a broken file is still filed)."""
    try:
        if mediatyp == PDF:
            return _pdf_text(datei)
        if mediatyp in OCR_TYPES:
            return _ocr_later()
        if mediatyp in (TEXT, JSON):
            datei.seek(0)
            raw = datei.read(conf.max_text_chars() * 4)
            return Auszug(Status.EXTRAHIERT, "text", _kuerzen(raw.decode("utf-8", "replace")))
        if mediatyp == XML:
            return Auszug(Status.EXTRAHIERT, "xml", _kuerzen(_xml_text(datei)))
    except Exception as error:
        logger.warning("akten: Textauszug fehlgeschlagen", exc_info=True)
        return Auszug(Status.FEHLER, "", "", f"{type(error).__name__}: {error}"[:500])
    return Auszug(Status.NICHT_UNTERSTUETZT)


def ocr_text(*, mediatyp: str, pfad: Path) -> Auszug:
    """Run OCR on a file (slow; only in the worker)."""
    if not ocr_verfuegbar():
        return _ocr_later()
    sprache = conf.ocr_language()
    try:
        if mediatyp in OCR_TYPES:
            binary = shutil.which("tesseract") or "tesseract"
            result = subprocess.run(  # noqa: S603 - fixed binary, our own temp file
                [binary, str(pfad), "stdout", "-l", sprache],
                capture_output=True,
                timeout=600,
                check=True,
            )
            return Auszug(Status.EXTRAHIERT, "tesseract", _kuerzen(result.stdout.decode()))
        import ocrmypdf

        with tempfile.TemporaryDirectory(prefix="akten-ocr-") as tmp:
            sidecar = Path(tmp) / "text.txt"
            ocrmypdf.ocr(
                pfad,
                Path(tmp) / "out.pdf",
                language=sprache,
                sidecar=sidecar,
                force_ocr=True,  # the result is only read, never kept
                output_type="pdf",
                optimize=0,
                progress_bar=False,
                jobs=1,
            )
            text = sidecar.read_text(encoding="utf-8", errors="replace")
            return Auszug(Status.EXTRAHIERT, "ocrmypdf", _kuerzen(text))
    except Exception as error:
        logger.warning("akten: Texterkennung fehlgeschlagen", exc_info=True)
        return Auszug(Status.FEHLER, "", "", f"{type(error).__name__}: {error}"[:500])
