"""The PDF checks find what breaks a PDF/A-3b or a tagged PDF (each rule once with a PDF
that breaks it), and pass WeasyPrint's tagged PDF/A-3b."""

from __future__ import annotations

import io

import pytest
import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from rathaus.core.pdfpruefung import pdfa_befunde, struktur_tags, tags_befunde

HTML = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Prüfung</title></head>'
    "<body><h1>Überschrift</h1><p>Text</p><ul><li>Punkt</li></ul></body></html>"
)


@pytest.fixture(scope="module")
def pdfa() -> bytes:
    return weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)


def _umschreiben(pdf: bytes, tun) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    tun(writer)
    ziel = io.BytesIO()
    writer.write(ziel)
    return ziel.getvalue()


def test_weasyprint_tagged_pdfa_3b_passes(pdfa):
    assert pdfa_befunde(pdfa, teil=3, konformitaet="B") == []
    assert tags_befunde(pdfa, sprache="de") == []
    assert struktur_tags(pdfa)[:3] == ["Document", "H1", "Span"]
    assert {"P", "L", "LI"} <= set(struktur_tags(pdfa))


def test_another_part_or_level_is_reported(pdfa):
    assert pdfa_befunde(pdfa, teil=2, konformitaet="B") == ["pdfaid:part ist '3', nicht 2"]
    assert pdfa_befunde(pdfa, teil=3, konformitaet="A") == ["pdfaid:conformance ist 'B'"]
    assert tags_befunde(pdfa, sprache="en") == ["Dokumentsprache ist 'de', nicht 'en'"]


def test_a_plain_pdf_is_neither_pdfa_nor_tagged():
    pdf = weasyprint.HTML(string=HTML.replace(' lang="de"', "")).write_pdf()
    assert {"keine XMP-Metadaten", "keine Output Intent /GTS_PDFA1"} <= set(pdfa_befunde(pdf))
    assert tags_befunde(pdf, sprache="de") == [
        "nicht als getaggt markiert (/MarkInfo)",
        "kein Strukturbaum",
        "Dokumentsprache ist None, nicht 'de'",
        "Titel wird nicht angezeigt (/DisplayDocTitle)",
    ]


def test_javascript_is_found(pdfa):
    aktion = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x()")}
    )
    mit_js = _umschreiben(
        pdfa, lambda w: w.root_object.__setitem__(NameObject("/OpenAction"), aktion)
    )
    assert {"verbotener Eintrag /JS", "verbotene Aktion /JavaScript"} <= set(pdfa_befunde(mit_js))


def test_encryption_is_found(pdfa):
    verschluesselt = _umschreiben(pdfa, lambda w: w.encrypt("geheim", algorithm="AES-128"))
    assert "verschlüsselt" in pdfa_befunde(verschluesselt)


def test_a_font_without_its_file_is_found():
    # A hand-written PDF that uses Helvetica without embedding it.
    objekte = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 35 >>\nstream\nBT /F1 12 Tf 10 10 Td (Hallo) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    versatz = []
    for nr, objekt in enumerate(objekte, start=1):
        versatz.append(len(pdf))
        pdf += b"%d 0 obj\n" % nr + objekt + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objekte) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % v for v in versatz)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objekte) + 1,
        xref,
    )
    befunde = pdfa_befunde(pdf)
    assert "Schrift nicht eingebettet: /Helvetica" in befunde
    assert "keine Dateikennung (/ID)" in befunde
