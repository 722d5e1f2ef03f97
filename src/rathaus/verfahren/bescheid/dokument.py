"""The Bescheid as a PDF: everything it shows, then one WeasyPrint render (pure: stores
nothing).

The PDF is written as PDF/A-3b (WeasyPrint's ``pdf_variant``: embedded fonts, an sRGB
output intent and XMP metadata), the archival format the E-Akte and a later xdomea
hand-over expect, and tagged (``pdf_tags``: a structure tree of headings, paragraphs,
lists and tables in reading order, the document language "de" from ``<html lang>`` and
the title from ``<title>``, shown by viewers), so screen readers read its structure.
No full validator (veraPDF) is available here; the tests check these properties with
`rathaus.core.pdfpruefung` (identification, output intent, fonts, no encryption or
JavaScript, tags, language, title). It is not claimed to be PDF/UA.
All text reaches the template as data, so Django's autoescaping keeps HTML in a
Begründung or a Vorlage as visible text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PDF_VARIANTE = "pdf/a-3b"


@dataclass(frozen=True)
class Briefkopf:
    kommune: str
    organisationseinheit: str
    anschrift: tuple[str, ...] = ()
    telefon: str = ""
    email: str = ""


@dataclass(frozen=True)
class BescheidInhalt:
    """What one Bescheid says; every text is plain text (placeholders already replaced)."""

    aktenzeichen: str
    datum: date
    leistung: str
    entscheidung: str  # Verfahren.Entscheidung value
    entscheidung_text: str  # "bewilligt" / "abgelehnt"
    tenor: str
    begruendung: str
    # What was applied for, fitting "über Ihren Antrag …" (see tenor.gegenstand).
    gegenstand: str
    rechtsbehelfsbelehrung: str
    sachbearbeitung: str
    briefkopf: Briefkopf
    eingegangen_am: date | None = None
    gebuehr: str = ""  # paragraphs separated by a blank line
    rechtsgrundlagen: tuple[str, ...] = ()
    mitzeichnung: tuple[str, ...] = ()
    empfaenger: tuple[str, ...] = field(default_factory=tuple)


def pdf_rendern(inhalt: BescheidInhalt, *, entwurf: bool = False) -> bytes:
    """Render the Bescheid as tagged PDF/A-3b; ``entwurf`` marks every page as a draft
    (the preview for the co-signature, never filed)."""
    import weasyprint

    with translation.override(settings.LANGUAGE_CODE):
        kontext = {"b": inhalt, "entwurf": entwurf}
        html = render_to_string("verfahren/bescheid/pdf.html", kontext)
        css = render_to_string("verfahren/bescheid/pdf.css", kontext)
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(string=css)], pdf_variant=PDF_VARIANTE, pdf_tags=True
    )
