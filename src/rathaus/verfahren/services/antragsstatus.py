"""The Antrag's status history follows its Verfahren, so the citizen sees each step at once.

Called at the end of every process step (`_schritt.spiegeln`), inside the step's
transaction: the Verfahren row is locked, so reading the current status and appending the
next one cannot interleave with another step of the same Verfahren. Only real changes are
appended, each with a short remark for the citizen; a transition the Antrag's history does
not allow (it only moves forward) is skipped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from rathaus.antraege.services import UEBERGAENGE, AntragStatus, antrag_status_set
from rathaus.core.services import SYSTEM

from ..models import Frist, Nachricht, Verfahren

if TYPE_CHECKING:
    from rathaus.antraege.models import Antrag

log = logging.getLogger(__name__)

# The Bescheid handler sets this when the decision went out to the citizen.
BESCHEID_ZUGESTELLT = "zugestellt"


def ziele(verfahren: Verfahren) -> list[str]:
    """The Antrag statuses the Verfahren's state stands for, in the order they happened."""
    if verfahren.bescheid_status == BESCHEID_ZUGESTELLT:
        folge: list[str] = [AntragStatus.BESCHIEDEN]
        if verfahren.status == Verfahren.Status.ABGESCHLOSSEN:
            folge.append(AntragStatus.ABGESCHLOSSEN)
        return folge
    if verfahren.status == Verfahren.Status.ABGESCHLOSSEN:
        return [AntragStatus.ABGESCHLOSSEN]
    if verfahren.status == Verfahren.Status.WARTET:
        return [AntragStatus.NACHFORDERUNG]
    return [AntragStatus.IN_BEARBEITUNG]


def _frist_text(verfahren: Verfahren) -> str:
    frist = (
        Frist.objects.filter(verfahren=verfahren, art=Frist.Art.NACHFORDERUNG, erledigt=False)
        .order_by("-datum")
        .first()
    )
    if frist is None:
        return _("Bitte reichen Sie die fehlenden Unterlagen nach.")
    return _(
        "Bitte reichen Sie die fehlenden Unterlagen bis zum %(datum)s nach. "
        "Die Einzelheiten stehen in unserer Nachricht."
    ) % {"datum": f"{frist.datum:%d.%m.%Y}"}


def _weiter_text(verfahren: Verfahren, antrag: Antrag) -> str:
    """Back from a Nachforderung: answered by the citizen, or the deadline passed."""
    seit = (
        antrag.status_eintraege.order_by("-zeitpunkt", "-id")
        .values_list("zeitpunkt", flat=True)
        .first()
    )
    antworten = Nachricht.objects.filter(verfahren=verfahren, richtung=Nachricht.Richtung.EINGANG)
    if seit is not None:
        antworten = antworten.filter(erstellt_am__gte=seit)
    if antworten.exists():
        return _("Ihre Antwort ist eingegangen. Wir bearbeiten Ihren Antrag weiter.")
    return _(
        "Die Frist für die Nachforderung ist abgelaufen. "
        "Wir bearbeiten Ihren Antrag mit den vorliegenden Unterlagen weiter."
    )


def bemerkung(verfahren: Verfahren, antrag: Antrag, von: str, nach: str) -> str:
    """The short remark the citizen reads next to the new status (German, stored as text)."""
    with translation.override(settings.LANGUAGE_CODE):
        if nach == AntragStatus.NACHFORDERUNG:
            return _frist_text(verfahren)
        if nach == AntragStatus.IN_BEARBEITUNG and von == AntragStatus.NACHFORDERUNG:
            return _weiter_text(verfahren, antrag)
        if nach == AntragStatus.IN_BEARBEITUNG:
            return _("Ihr Antrag wird bearbeitet von: %(stelle)s.") % {
                "stelle": verfahren.organisationseinheit.name
            }
        if nach == AntragStatus.BESCHIEDEN:
            if verfahren.buerger_id is not None:
                return _("Über Ihren Antrag ist entschieden. Den Bescheid finden Sie im Postfach.")
            return _("Über Ihren Antrag ist entschieden. Der Bescheid wurde Ihnen zugestellt.")
        return _("Das Verfahren ist abgeschlossen.")


def antragsstatus_sync(verfahren: Verfahren) -> list[str]:
    """Append to the Antrag's status history what the Verfahren's new state means; returns
    the statuses appended. Runs inside the caller's transaction (a process step)."""
    antrag = verfahren.antrag
    aktuell = (
        antrag.status_eintraege.order_by("-zeitpunkt", "-id")
        .values_list("status", flat=True)
        .first()
    ) or AntragStatus.EINGEGANGEN
    neu: list[str] = []
    for ziel in ziele(verfahren):
        if ziel == aktuell:
            continue
        if ziel not in UEBERGAENGE.get(aktuell, set()):
            log.info(
                "antragsstatus: %s -> %s nicht erlaubt (Verfahren %s)", aktuell, ziel, verfahren.pk
            )
            continue
        antrag_status_set(
            antrag=antrag,
            status=ziel,
            actor=SYSTEM,
            bemerkung=bemerkung(verfahren, antrag, aktuell, ziel),
        )
        neu.append(ziel)
        aktuell = ziel
    return neu
