"""One step of a Verfahren: lock, load the workflow, advance it, mirror it, store it.

Every write that moves a process goes through here inside the caller's transaction; the
row lock on the Verfahren serialises concurrent steps of the same Verfahren.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task

from rathaus.core.services import Actor, protokoll_write
from rathaus.organisation.selectors import mitglieder_of

from ..bpmn import engine
from ..bpmn.registry import ServiceKontext, servicetasks
from ..bpmn.validierung import BUERGER_NACHRICHTEN, RUECKMELDUNGEN
from ..models import Aufgabe, Fristregel, Verfahren
from ._vier_augen import ausgeschlossen as vier_augen_ausgeschlossen
from ._zugriff import ROLLEN_FUER
from .antragsstatus import antragsstatus_sync

STANDARD_BEARBEITUNG_TAGE = 5
# Why a new task went to someone at once (Protokoll details "automatisch").
ZUWEISUNG_FOLGE = "folgeaufgabe"  # the next step of whoever completed the previous one
ZUWEISUNG_WIEDER = "zuvor_bearbeitet"  # a step repeated: to whoever did it last time


def verfahren_lock(pk: int) -> Verfahren:
    """Lock the Verfahren row; other related rows load lazily where a step needs them.
    The model's XML is only needed to start a Verfahren (the state carries its spec)."""
    return (
        Verfahren.objects.select_for_update(of=("self",))
        .select_related("prozessmodell")
        .defer("prozessmodell__bpmn_xml")
        .get(pk=pk)
    )


def modell_metadaten(verfahren: Verfahren) -> dict[str, Any]:
    """What validation compiled from the Verfahren's model (roles, kinds, topics)."""
    return verfahren.prozessmodell.metadaten


def dienst_fuer(verfahren: Verfahren, actor: Actor, sofort: list[str]) -> Any:
    """The service-task runner of a step. A handler that did itself what the model waits
    for right after its task (no `im_hintergrund`) puts that message in `sofort`."""
    services = modell_metadaten(verfahren).get("services", {})

    def ausfuehren(task: Task) -> dict[str, Any] | None:
        element_id = task.task_spec.bpmn_id
        topic = services.get(element_id, {}).get("topic", "")
        if topic not in servicetasks:
            raise ValidationError(
                _("Für den Schritt %(id)s (Thema „%(t)s“) ist kein Dienst registriert.")
                % {"id": element_id, "t": topic},
                code="kein_dienst",
            )
        kontext = ServiceKontext(
            verfahren=verfahren,
            element_id=element_id,
            topic=topic,
            daten=dict(task.data),
            actor=actor,
            danach=engine.nachrichten_danach(task),
        )
        daten = servicetasks[topic](kontext)
        nachricht = RUECKMELDUNGEN.get(topic)
        if nachricht in kontext.danach and not kontext.im_hintergrund:
            sofort.append(nachricht)
        return daten

    return ausfuehren


def weiter(verfahren: Verfahren, workflow: BpmnWorkflow, actor: Actor) -> None:
    """Run the process on until it waits for people or messages (or ended)."""
    sofort: list[str] = []
    dienst = dienst_fuer(verfahren, actor, sofort)
    try:
        for _runde in range(engine.MAX_AUTOMATISCHE_RUNDEN):
            engine.weiter(workflow, dienst=dienst)
            if not sofort:
                return
            for nachricht in sofort:
                if not engine.nachricht_senden(workflow, nachricht, {}):
                    raise engine.ModellFehler(f"{nachricht} after its service task not caught")
            sofort.clear()
        raise engine.ModellFehler("the process runs in a loop without a user task")
    except engine.ModellFehler as error:
        raise ValidationError(
            _("Das Prozessmodell %(m)s kann nicht fortgesetzt werden: %(e)s")
            % {"m": verfahren.prozessmodell, "e": error},
            code="modellfehler",
        ) from error


def _faellig(verfahren: Verfahren, heute: date, tage: int) -> date:
    faellig = heute + timedelta(days=tage)
    if verfahren.gesetzliche_frist_am is not None:
        faellig = min(faellig, verfahren.gesetzliche_frist_am)
    return faellig


def _berechtigt(user_id: int, verfahren: Verfahren, rolle: str) -> bool:
    return (
        mitglieder_of(
            organisationseinheit_id=verfahren.organisationseinheit_id, rollen=ROLLEN_FUER[rolle]
        )
        .filter(pk=user_id)
        .exists()
    )


def _bearbeiter_fuer(
    verfahren: Verfahren, element_id: str, rolle: str, art: str, erledigt: Aufgabe | None
) -> tuple[int | None, str]:
    """Who gets a new task at once, and why (see ZUWEISUNG_FOLGE, ZUWEISUNG_WIEDER).

    Whoever just completed a task of the same lane carries on with the next one (the
    clerk's check is followed by the clerk's decision, without a second claim); otherwise
    whoever last did this step gets it again (e.g. after a Nachforderung), if still
    entitled. Never someone the four-eyes principle excludes from it."""
    ausgeschlossen = vier_augen_ausgeschlossen(art=art, verfahren_id=verfahren.pk)
    if erledigt is not None and erledigt.rolle == rolle:
        person = erledigt.erledigt_von_id
        if person is not None and person not in ausgeschlossen:
            return person, ZUWEISUNG_FOLGE
    vorher = (
        Aufgabe.objects.filter(
            verfahren=verfahren, element_id=element_id, status=Aufgabe.Status.ERLEDIGT
        )
        .order_by("-erledigt_am", "-id")
        .values_list("erledigt_von_id", flat=True)
        .first()
    )
    if vorher is None or vorher in ausgeschlossen or not _berechtigt(vorher, verfahren, rolle):
        return None, ""
    return vorher, ZUWEISUNG_WIEDER


def spiegeln(
    verfahren: Verfahren, workflow: BpmnWorkflow, *, erledigt: Aufgabe | None = None
) -> list[Aufgabe]:
    """Store the workflow and make the open Aufgabe rows match its READY user tasks.

    `erledigt` is the task whose completion moved the process (its holder may get the next
    one). New tasks given to someone carry the reason in `zuweisung`; the caller records
    them with `zuweisungen_record` after its own Protokoll entry."""
    jetzt = timezone.now()
    bereit = {str(t.id): t for t in engine.bereite_aufgaben(workflow)}
    offen = {
        a.task_id: a
        for a in Aufgabe.objects.filter(verfahren=verfahren, status=Aufgabe.Status.OFFEN).only(
            "pk", "task_id"
        )
    }
    weg = [a.pk for task_id, a in offen.items() if task_id not in bereit]
    if weg:
        Aufgabe.objects.filter(pk__in=weg).update(
            status=Aufgabe.Status.ABGEBROCHEN, erledigt_am=jetzt, geaendert_am=jetzt
        )
    neu: list[Aufgabe] = []
    if any(task_id not in offen for task_id in bereit):
        meta = modell_metadaten(verfahren).get("aufgaben", {})
        regel = Fristregel.objects.filter(leistung_id=verfahren.leistung_id).first()
        tage = regel.bearbeitung_tage if regel else STANDARD_BEARBEITUNG_TAGE
        heute = timezone.localdate(jetzt)
        for task_id, task in bereit.items():
            if task_id in offen:
                continue
            element_id = task.task_spec.bpmn_id
            info = meta.get(element_id) or {}
            rolle = info.get("rolle", Aufgabe.Rolle.SACHBEARBEITUNG)
            art = info.get("art", "bearbeitung")
            bearbeiter, grund = _bearbeiter_fuer(verfahren, element_id, rolle, art, erledigt)
            aufgabe = Aufgabe(
                verfahren=verfahren,
                task_id=task_id,
                element_id=element_id,
                art=art,
                titel=info.get("titel", element_id),
                rolle=rolle,
                organisationseinheit_id=verfahren.organisationseinheit_id,
                bearbeiter_id=bearbeiter,
                zugewiesen_am=jetzt if bearbeiter else None,
                faellig_am=_faellig(verfahren, heute, tage),
            )
            aufgabe.zuweisung = grund  # type: ignore[attr-defined]
            neu.append(aufgabe)
        Aufgabe.objects.bulk_create(neu)
    if workflow.completed:
        verfahren.status = Verfahren.Status.ABGESCHLOSSEN
        verfahren.abgeschlossen_am = verfahren.abgeschlossen_am or jetzt
    elif not bereit and engine.erwartete_nachrichten(workflow) & BUERGER_NACHRICHTEN:
        # Waiting for the citizen (answer or deadline). Waiting for the worker (the Bescheid
        # being made) is still "in Bearbeitung": the citizen has nothing to do.
        verfahren.status = Verfahren.Status.WARTET
    else:
        verfahren.status = Verfahren.Status.IN_BEARBEITUNG
    verfahren.zustand = engine.speichern(workflow)
    verfahren.schritte += 1
    verfahren.save()
    antragsstatus_sync(verfahren)
    return neu


def zuweisungen_record(*, verfahren: Verfahren, neu: list[Aufgabe], actor: Actor) -> None:
    """One Protokoll entry per new task `spiegeln` gave to someone straight away."""
    for aufgabe in neu:
        if aufgabe.bearbeiter_id is None:
            continue
        protokoll_write(
            actor=actor,
            action="verfahren.aufgabe.assign",
            target=verfahren,
            details={
                "aufgabe": aufgabe.pk,
                "element": aufgabe.element_id,
                "vorher": None,
                "bearbeiter": aufgabe.bearbeiter_id,
                "automatisch": getattr(aufgabe, "zuweisung", ""),
            },
        )
