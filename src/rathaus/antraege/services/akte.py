"""Filing a submitted Antrag in the E-Akte (the intake's step "ablage")."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.akten.services import DokumentArt, dokument_file
from rathaus.core.services import Actor

from ..models import Antrag
from ..selectors import anlage_oeffnen, quittung_oeffnen
from .quittung import antrag_pdf, quittung_ensure

if TYPE_CHECKING:
    from rathaus.akten.models import Dokument, Vorgang


def _maschinenlesbar(antrag: Antrag) -> bytes:
    return json.dumps(
        {
            "aktenzeichen": antrag.aktenzeichen,
            "formular": {"fim_id": antrag.fim_id, "fim_version": antrag.fim_version},
            "eingereicht_am": antrag.eingereicht_am.isoformat(),
            "daten": antrag.daten,
            "anlagen": [
                {"dateiname": a.dateiname, "sha256": a.sha256, "feld": a.feld}
                for a in antrag.anlagen.all()
            ],
        },
        ensure_ascii=False,
        indent=2,
    ).encode()


@transaction.atomic
def antrag_file(*, antrag: Antrag, vorgang: Vorgang, actor: Actor) -> Dokument:
    """File the Antrag in `vorgang` as one incoming Dokument: the readable PDF of the
    answers as its version, the answers as JSON (machine-readable), the receipt and the
    uploads as its Anlagen. The caller makes sure it runs once per Antrag (the intake
    records the step in the same transaction)."""
    quittung = quittung_ensure(antrag=antrag, actor=actor)
    lesbar = antrag_pdf(antrag=antrag)
    with quittung_oeffnen(quittung=quittung) as f:
        pdf = f.read()
    az = antrag.aktenzeichen
    anlagen = [
        (
            _("Antragsdaten (maschinenlesbar)"),
            [(f"{az}.json", "application/json", _maschinenlesbar(antrag))],
        ),
        (_("Eingangsbestätigung"), [("eingangsbestaetigung.pdf", "application/pdf", pdf)]),
    ]
    for anlage in antrag.anlagen.all():
        with anlage_oeffnen(anlage=anlage) as f:
            anlagen.append((anlage.bezeichnung, [(anlage.dateiname, anlage.mediatyp, f.read())]))
    return dokument_file(
        vorgang=vorgang,
        art=DokumentArt.EINGANG,
        betreff=f"Antrag {az}",
        versionen=[(f"antrag-{az}.pdf", "application/pdf", lesbar)],
        anlagen=anlagen,
        actor=actor,
        posteingangsdatum=timezone.localdate(antrag.eingereicht_am),
        absender=antrag.buerger.name if antrag.buerger else "",
        personenbezogen=True,
    )
