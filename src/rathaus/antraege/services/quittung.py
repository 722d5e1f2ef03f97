"""The receipt (Eingangsbestätigung) PDF: every answer with its label, the Anlagen with
their SHA-256 and the time of receipt, rendered once with WeasyPrint as tagged PDF/A-3b;
the same content titled as the Antrag is the readable main document of the Antrag in the
E-Akte (`antrag_pdf`)."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from rathaus.core.services import Actor, protokoll_write
from rathaus.formulare.selectors import antworten_abschnitte

from ..models import Antrag, Quittung

# Tagged PDF/A-3b, like the Bescheid (checked by rathaus.core.pdfpruefung in the tests).
PDF_VARIANTE = "pdf/a-3b"


def _pdf(antrag: Antrag, *, als_antrag: bool) -> bytes:
    import weasyprint

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "antraege/quittung_pdf.html",
            {
                "antrag": antrag,
                "als_antrag": als_antrag,
                "abschnitte": antworten_abschnitte(formular=antrag.formular, daten=antrag.daten),
                "anlagen": list(antrag.anlagen.all()),
                "kommune": settings.RATHAUS_KOMMUNE,
                "eingang": timezone.localtime(antrag.eingereicht_am),
            },
        )
    return weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANTE, pdf_tags=True)


def quittung_pdf(*, antrag: Antrag) -> bytes:
    """Render the receipt of ``antrag`` (pure: stores nothing)."""
    return _pdf(antrag, als_antrag=False)


def antrag_pdf(*, antrag: Antrag) -> bytes:
    """Render the Antrag as the E-Akte files it: every answer with its label, the
    Anlagen with their SHA-256, the time of receipt (the receipt's content, titled as the
    Antrag; pure: stores nothing)."""
    return _pdf(antrag, als_antrag=True)


def quittung_ensure(*, antrag: Antrag, actor: Actor) -> Quittung:
    """The receipt of ``antrag``, rendered and stored on first use; the first render wins."""
    vorhanden = Quittung.objects.filter(antrag=antrag).first()
    if vorhanden is not None:
        return vorhanden
    pdf = quittung_pdf(antrag=antrag)
    jahr = timezone.localtime(antrag.eingereicht_am).year
    name = default_storage.save(f"antraege/{jahr}/{uuid.uuid4().hex}", ContentFile(pdf))
    sha256 = hashlib.sha256(pdf).hexdigest()
    try:
        with transaction.atomic():
            # The Protokoll entry first: it takes the chain's lock, which the intake
            # (`antrag_file`) already holds when it comes here. Receipt first, chain second
            # deadlocked with it (the email and the intake of one Antrag in two workers).
            protokoll_write(
                actor=actor, action="antrag.quittung", target=antrag, details={"sha256": sha256}
            )
            quittung = Quittung.objects.create(
                antrag=antrag,
                speichername=name,
                sha256=sha256,
                groesse=len(pdf),
                erstellt_am=timezone.now(),
            )
    except IntegrityError:
        default_storage.delete(name)
        return Quittung.objects.get(antrag=antrag)
    except BaseException:
        default_storage.delete(name)
        raise
    return quittung
