"""The periodic deadline run: expired Nachforderungen, warnings, due Wiedervorlagen, and
zdA of Vorgänge whose Widerspruchsfrist has passed (zda.py)."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from rathaus.core.services import SYSTEM, Actor, protokoll_write

from ..bpmn import engine
from ..models import Frist, Verfahren
from ._schritt import spiegeln, verfahren_lock, weiter, zuweisungen_record
from .verfahren import naechste_frist_set
from .zda import widerspruchsfristen_check

log = logging.getLogger(__name__)


def _nachforderung_abgelaufen(frist_id: int, actor: Actor) -> bool:
    with transaction.atomic():
        frist = Frist.objects.select_for_update().get(pk=frist_id)
        if frist.erledigt:
            return False  # answered meanwhile
        verfahren = verfahren_lock(frist.verfahren_id)
        jetzt = timezone.now()
        frist.erledigt, frist.erledigt_am = True, jetzt
        frist.save(update_fields=["erledigt", "erledigt_am", "geaendert_am"])
        naechste_frist_set(verfahren)
        if verfahren.status == Verfahren.Status.ABGESCHLOSSEN:
            verfahren.save(update_fields=["naechste_frist_am", "geaendert_am"])
            return False
        workflow = engine.laden(verfahren.zustand)
        gesendet = engine.nachricht_senden(
            workflow, "frist_abgelaufen", {"nachforderung_ausgang": "frist_abgelaufen"}
        )
        neu = []
        if gesendet:
            weiter(verfahren, workflow, actor)
            neu = spiegeln(verfahren, workflow)
        else:
            verfahren.save(update_fields=["naechste_frist_am", "geaendert_am"])
        protokoll_write(
            actor=actor,
            action="verfahren.nachforderung.frist_abgelaufen",
            target=verfahren,
            details={"frist": frist.pk, "datum": frist.datum.isoformat(), "gemeldet": gesendet},
        )
        zuweisungen_record(verfahren=verfahren, neu=neu, actor=actor)
        return gesendet


def _melden(frist_id: int, heute: date, actor: Actor) -> bool:
    with transaction.atomic():
        frist = Frist.objects.select_for_update().select_related("verfahren").get(pk=frist_id)
        if frist.gewarnt_am is not None or frist.erledigt:
            return False
        frist.gewarnt_am = timezone.now()
        frist.save(update_fields=["gewarnt_am", "geaendert_am"])
        aktion = (
            "verfahren.wiedervorlage.faellig"
            if frist.art == Frist.Art.WIEDERVORLAGE
            else "verfahren.frist.warnung"
        )
        protokoll_write(
            actor=actor,
            action=aktion,
            target=frist.verfahren,
            details={
                "frist": frist.pk,
                "art": frist.art,
                "datum": frist.datum.isoformat(),
                "tage_bis": (frist.datum - heute).days,
            },
        )
        return True


def fristen_check(*, heute: date | None = None, actor: Actor = SYSTEM) -> dict[str, int]:
    """Raise "frist_abgelaufen" for every Nachforderung past its deadline, warn once
    before statutory deadlines pass, report due Wiedervorlagen, close the Vorgang of a
    Verfahren whose Widerspruchsfrist has passed without objection. Each Verfahren in its
    own transaction: one failure does not stop the run. Safe to run any number of times."""
    heute = heute or timezone.localdate()
    ergebnis = {"nachforderungen_abgelaufen": 0, "warnungen": 0, "wiedervorlagen": 0, "fehler": 0}
    abgelaufen = Frist.objects.filter(
        art=Frist.Art.NACHFORDERUNG, erledigt=False, datum__lt=heute
    ).values_list("pk", flat=True)
    for frist_id in list(abgelaufen):
        try:
            ergebnis["nachforderungen_abgelaufen"] += _nachforderung_abgelaufen(frist_id, actor)
        except Exception:
            ergebnis["fehler"] += 1
            log.exception("fristen_check: Frist %s", frist_id)
    faellig = Frist.objects.filter(
        art__in=[Frist.Art.GESETZLICH, Frist.Art.WIEDERVORLAGE],
        erledigt=False,
        gewarnt_am__isnull=True,
        warnen_ab__lte=heute,
    ).values_list("pk", "art")
    for frist_id, art in list(faellig):
        try:
            if _melden(frist_id, heute, actor):
                schluessel = "wiedervorlagen" if art == Frist.Art.WIEDERVORLAGE else "warnungen"
                ergebnis[schluessel] += 1
        except Exception:
            ergebnis["fehler"] += 1
            log.exception("fristen_check: Frist %s", frist_id)
    zda = widerspruchsfristen_check(heute=heute, actor=actor)
    ergebnis["zda"], ergebnis["zda_pruefen"] = zda["zda"], zda["zda_pruefen"]
    ergebnis["fehler"] += zda["fehler"]
    return ergebnis
