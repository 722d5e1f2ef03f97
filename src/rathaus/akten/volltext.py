"""Text of stored content: cheap extraction at filing time, OCR in the background.

PDFs with a text layer are read while filing (PDFium, pypdf as fallback). Scanned PDFs
and images wait for the worker (`tasks.volltext_ocr`): PDFs go through OCRmyPDF, images
straight to the Tesseract command line (no conversion step; Tesseract reads PNG, JPEG and
TIFF itself).
Without Tesseract (or its language data) the status says so and the Dokument stays
findable by its metadata.
Every read of a PDF and every OCR runs in a limited process of its own (`sandbox`): a file
that takes too long or too much memory gets the status "Fehler" with a message naming the
limit, and is filed all the same.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from . import conf, sandbox
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


def _pdf_text(datei: IO[bytes]) -> Auszug:
    datei.seek(0)
    gelesen = sandbox.lesen(
        {
            "aufgabe": "pdf_text",
            "max_seiten": MAX_SEITEN_SOFORT,
            "max_zeichen": conf.max_text_chars(),
        },
        daten=datei.read(),
        sekunden=conf.pdf_zeit_sekunden(),
    )
    text = gelesen["text"]
    if gelesen["zeichen"] >= MIN_ZEICHEN_JE_SEITE * max(1, gelesen["seiten"]) / 2:
        return Auszug(Status.EXTRAHIERT, gelesen["methode"], _kuerzen(text))
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
    except sandbox.Lesefehler as error:
        return Auszug(Status.FEHLER, "", "", str(error)[:500])
    except Exception as error:
        logger.warning("akten: Textauszug fehlgeschlagen", exc_info=True)
        return Auszug(Status.FEHLER, "", "", f"{type(error).__name__}: {error}"[:500])
    return Auszug(Status.NICHT_UNTERSTUETZT)


def ocr_text(*, mediatyp: str, pfad: Path) -> Auszug:
    """Run OCR on a file (slow; only in the worker)."""
    if not ocr_verfuegbar():
        return _ocr_later()
    try:
        gelesen = sandbox.lesen(
            {
                "aufgabe": "ocr",
                "pfad": str(pfad),
                "tesseract": shutil.which("tesseract") or "tesseract",
                "bild": mediatyp in OCR_TYPES,
                "sprache": conf.ocr_language(),
                "max_zeichen": conf.max_text_chars(),
            },
            sekunden=conf.ocr_zeit_sekunden(),
        )
    except sandbox.Lesefehler as error:
        return Auszug(Status.FEHLER, "", "", str(error)[:500])
    except Exception as error:
        logger.warning("akten: Texterkennung fehlgeschlagen", exc_info=True)
        return Auszug(Status.FEHLER, "", "", f"{type(error).__name__}: {error}"[:500])
    return Auszug(Status.EXTRAHIERT, gelesen["methode"], _kuerzen(gelesen["text"]))
