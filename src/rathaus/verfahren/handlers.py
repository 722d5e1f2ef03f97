"""Built-in service-task handlers (see bpmn/registry.py).

The lead replaces "bescheid.erstellen" with PDF generation by registering another
handler with `replace=True`; the defaults keep the process complete without it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.core.services import protokoll_write

from .bpmn.registry import ServiceKontext, servicetasks
from .models import Frist, Fristregel, Nachricht, Verfahren

STANDARD_NACHFORDERUNG_TAGE = 14


def _postfach(kontext: ServiceKontext, betreff: str, text: str, referenz: str = "") -> None:
    """A message to the citizen's Postfach (if they have an account) and in the timeline."""
    from rathaus.konten.services import postfachnachricht_create

    verfahren = kontext.verfahren
    postfach_id = None
    if verfahren.buerger is not None:
        postfach_id = postfachnachricht_create(
            empfaenger=verfahren.buerger,
            betreff=betreff,
            text=text,
            dokument_referenz=referenz or verfahren.aktenzeichen,
            actor=kontext.actor,
        ).pk
    Nachricht.objects.create(
        verfahren=verfahren,
        richtung=Nachricht.Richtung.AUSGANG,
        betreff=betreff[:300],
        text=text,
        postfachnachricht_id=postfach_id,
        akteur_name=str(kontext.actor)[:200],
    )


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
    _postfach(kontext, betreff, text)
    protokoll_write(
        actor=kontext.actor,
        action="verfahren.nachforderung.senden",
        target=verfahren,
        details={"frist": datum.isoformat()},
    )
    return {"nachforderung_ausgang": ""}


@servicetasks.register("bescheid.erstellen")
def bescheid_vormerken(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Default: record that a Bescheid is due (PDF generation is wired in later)."""
    verfahren = kontext.verfahren
    verfahren.bescheid_status = "faellig"
    protokoll_write(
        actor=kontext.actor,
        action="verfahren.bescheid.faellig",
        target=verfahren,
        details={"entscheidung": kontext.daten.get("entscheidung", "")},
    )
    return None


@servicetasks.register("bescheid.zustellen")
def bescheid_zustellen(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Tell the citizen the decision via the Postfach (with the Bescheid if one exists)."""
    verfahren = kontext.verfahren
    entscheidung = kontext.daten.get("entscheidung", verfahren.entscheidung)
    with translation.override(settings.LANGUAGE_CODE):
        betreff = _("Entscheidung zu Ihrem Antrag %(az)s") % {"az": verfahren.aktenzeichen}
        text = (
            _("Ihr Antrag auf %(l)s wurde bewilligt.")
            if entscheidung == Verfahren.Entscheidung.BEWILLIGT
            else _("Ihr Antrag auf %(l)s wurde abgelehnt.")
        ) % {"l": verfahren.leistung.name}
    _postfach(kontext, betreff, text, referenz=verfahren.bescheid_referenz)
    verfahren.bescheid_status = "zugestellt"
    protokoll_write(actor=kontext.actor, action="verfahren.bescheid.zugestellt", target=verfahren)
    return None


@servicetasks.register("verfahren.abschliessen")
def verfahren_abschliessen(kontext: ServiceKontext) -> dict[str, Any] | None:
    """Close the Verfahren: open deadlines are done, its Vorgang in the E-Akte goes zdA."""
    from rathaus.akten.models import Vorgang
    from rathaus.akten.services import vorgang_close

    verfahren = kontext.verfahren
    jetzt = timezone.now()
    Frist.objects.filter(verfahren=verfahren, erledigt=False).update(
        erledigt=True, erledigt_am=jetzt, geaendert_am=jetzt
    )
    verfahren.naechste_frist_am = None
    verfahren.abgeschlossen_am = jetzt
    vorgaenge = Vorgang.objects.filter(zda_am__isnull=True)
    if verfahren.vorgang_id is not None:
        vorgang = vorgaenge.filter(pk=verfahren.vorgang_id).first()
    else:
        vorgang = vorgaenge.filter(verfahren_ref=verfahren.aktenzeichen).order_by("pk").first()
    if vorgang is not None:
        vorgang_close(vorgang=vorgang, actor=kontext.actor)
        verfahren.vorgang_id = vorgang.pk
    protokoll_write(
        actor=kontext.actor,
        action="verfahren.abschluss",
        target=verfahren,
        details={"vorgang": vorgang.pk if vorgang else None},
    )
    return None
