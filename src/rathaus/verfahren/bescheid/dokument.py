"""The Bescheid as a PDF: everything it shows, then one WeasyPrint render (pure: stores
nothing).

The PDF is PDF/A-3b (WeasyPrint's ``pdf_variant``: embedded fonts, an sRGB output intent
and XMP metadata), the archival format the E-Akte and a later xdomea hand-over expect.
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
    rechtsbehelfsbelehrung: str
    sachbearbeitung: str
    briefkopf: Briefkopf
    eingegangen_am: date | None = None
    gebuehr: str = ""
    mitzeichnung: tuple[str, ...] = ()
    empfaenger: tuple[str, ...] = field(default_factory=tuple)


def pdf_rendern(inhalt: BescheidInhalt) -> bytes:
    """Render the Bescheid as PDF/A-3b."""
    import weasyprint

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("verfahren/bescheid/pdf.html", {"b": inhalt})
        css = render_to_string("verfahren/bescheid/pdf.css", {"b": inhalt})
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(string=css)], pdf_variant=PDF_VARIANTE
    )
