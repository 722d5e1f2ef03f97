"""Built-in service-task handlers (see bpmn/registry.py).

"bescheid.erstellen" makes the Bescheid as PDF in the E-Akte (in the worker when the model
waits for "bescheid_erstellt" after it, else inside the step), "bescheid.zustellen"
provides it in the citizen's Postfach (see verfahren/bescheid/). Another installation
can replace any of them by registering a handler with `replace=True`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.core.services import protokoll_write

from .bescheid.postfach import postfach_senden
from .bescheid.services import bescheid_create, bescheid_deliver, bescheid_request
from .bpmn.registry import ServiceKontext, servicetasks
from .bpmn.validierung import BESCHEID_ERSTELLT
from .models import Bescheid, Frist, Fristregel
from .services._vorgang import offener_vorgang
from .services.zda import widerspruchsfrist_set

STANDARD_NACHFORDERUNG_TAGE = 14


@servicetasks.register("nachforderung.senden")
def nachforderung_senden(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Ask the citizen for what is missing, with a deadline (a Frist of the Verfahren)."""
    verfahren = kontext.verfahren
    regel = Fristregel.objects.filter(leistung_id=verfahren.leistung_id).first()
    tage = int(
        kontext.daten.get("frist_tage")
        or (regel.nachforderung_tage if regel else STANDARD_NACHFORDERUNG_TAGE)
    )
    datum = timezone.localdate() + timedelta(days=tage)
    Frist.objects.create(
        verfahren=verfahren,
        art=Frist.Art.NACHFORDERUNG,
        bezeichnung=_("Nachforderung"),
        datum=datum,
    )
    if verfahren.naechste_frist_am is None or datum < verfahren.naechste_frist_am:
        verfahren.naechste_frist_am = datum
    with translation.override(settings.LANGUAGE_CODE):
        betreff = _("Nachforderung zu Ihrem Antrag %(az)s") % {"az": verfahren.aktenzeichen}
        text = _(
            "%(text)s\n\nBitte reichen Sie die Unterlagen bis zum %(datum)s ein. "
            "Danach entscheiden wir nach Aktenlage."
        ) % {"text": kontext.daten.get("nachforderung", ""), "datum": f"{datum:%d.%m.%Y}"}
    # Postfach (with an email that a message waits) and the timeline.
    postfach_senden(verfahren=verfahren, betreff=betreff, text=text, actor=kontext.actor)
    protokoll_write(
        actor=kontext.actor,
        action="verfahren.nachforderung.senden",
        target=verfahren,
        details={"frist": datum.isoformat()},
    )
    return {"nachforderung_ausgang": ""}


@servicetasks.register("bescheid.erstellen")
def bescheid_pdf(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Make the Bescheid of the decision: PDF/A from the Leistung's Vorlage, filed in the
    Verfahren's Vorgang (bescheid/services.py).

    When the model waits for "bescheid_erstellt" right after this task (the standard
    model), the step only checks and asks the worker, which renders the PDF outside the
    step and sends that message (services/bescheid.py): the co-signature stays quick.
    Models without the event (those installed before it) make it here, in the step."""
    if BESCHEID_ERSTELLT in kontext.danach:
        bescheid_request(verfahren=kontext.verfahren, actor=kontext.actor)
        kontext.im_hintergrund = True
        return None
    bescheid = bescheid_create(verfahren=kontext.verfahren, actor=kontext.actor)
    return {"bescheid_id": bescheid.pk}


@servicetasks.register("bescheid.zustellen")
def bescheid_postfach(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Provide the Bescheid in the citizen's Postfach (or mark it for postal dispatch)."""
    bescheid_deliver(verfahren=kontext.verfahren, actor=kontext.actor)
    return None


@servicetasks.register("verfahren.abschliessen")
def verfahren_abschliessen(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Close the Verfahren: open deadlines are done. Its Vorgang in the E-Akte stays open
    while a Widerspruch against the Bescheid is possible: with a Bescheid in the Postfach
    the Widerspruchsfrist is set and the daily run closes the Vorgang after it
    (services/zda.py); with a Bescheid sent by post the clerk does; without any Bescheid
    it goes zdA now."""
    from rathaus.akten.services import vorgang_close

    verfahren = kontext.verfahren
    jetzt = timezone.now()
    Frist.objects.filter(verfahren=verfahren, erledigt=False).update(
        erledigt=True, erledigt_am=jetzt, geaendert_am=jetzt
    )
    verfahren.naechste_frist_am = None
    verfahren.abgeschlossen_am = jetzt
    vorgang = offener_vorgang(verfahren)
    frist = widerspruchsfrist_set(verfahren)
    bescheid = Bescheid.objects.filter(verfahren=verfahren).exists()
    if vorgang is not None and not bescheid:
        vorgang_close(vorgang=vorgang, actor=kontext.actor)
    protokoll_write(
        actor=kontext.actor,
        action="verfahren.abschluss",
        target=verfahren,
        details={
            "vorgang": vorgang.pk if vorgang else None,
            "zda": vorgang is not None and not bescheid,
            "widerspruchsfrist": frist.datum.isoformat() if frist else None,
        },
    )
    return None
