"""The Bescheid made in the worker, after the co-signature asked for it.

The service task "bescheid.erstellen" of the standard model only checks and writes an
outbox row (`bescheid.services.bescheid_request`); the process then waits for the
message "bescheid_erstellt". The outbox consumer (empfaenger.py) calls
`bescheid_background_run`: collect and render without locking the Verfahren, then
`bescheid_finish` in one short transaction files the Bescheid, sends the message and
runs the rest of the process (Zustellung, Abschluss). A repeated delivery finds the process
no longer waiting and changes nothing; a failure raises, so nothing is half done and the
outbox retries with backoff.

The outbox (core.outbox.outbox_deliver) runs every consumer inside the transaction
that holds its row: the render is outside the Verfahren's lock, but on SQLite (BEGIN
IMMEDIATE) that transaction holds the database's write lock for the whole delivery.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from rathaus.core.services import SYSTEM, Actor

from ..bescheid.dokument import pdf_rendern
from ..bescheid.services import BescheidEntwurf, bescheid_draft, bescheid_file
from ..bpmn import engine
from ..bpmn.validierung import BESCHEID_ERSTELLT
from ..models import Bescheid, Verfahren
from ._schritt import spiegeln, verfahren_lock, weiter, zuweisungen_record

log = logging.getLogger(__name__)


def _wartet_auf_bescheid(verfahren: Verfahren) -> bool:
    return BESCHEID_ERSTELLT in engine.erwartete_nachrichten(engine.laden(verfahren.zustand))


@transaction.atomic
def bescheid_finish(
    *, verfahren: Verfahren, entwurf: BescheidEntwurf, pdf: bytes, actor: Actor = SYSTEM
) -> Bescheid | None:
    """File and record the rendered Bescheid (`bescheid_file`), send "bescheid_erstellt"
    into the process and run it on (Zustellung, Abschluss), all in one transaction on the
    locked Verfahren. Returns None and changes nothing when the process does not wait for
    the Bescheid (a repeated delivery). Refused (ValidationError, nothing written) when the
    Bescheid cannot be filed or delivered."""
    gesperrt = verfahren_lock(verfahren.pk)
    workflow = engine.laden(gesperrt.zustand)
    if BESCHEID_ERSTELLT not in engine.erwartete_nachrichten(workflow):
        return None
    bescheid = bescheid_file(verfahren=gesperrt, entwurf=entwurf, pdf=pdf, actor=actor)
    gesendet = engine.nachricht_senden(workflow, BESCHEID_ERSTELLT, {"bescheid_id": bescheid.pk})
    if not gesendet:  # it waited a moment ago, under the same lock
        raise engine.ModellFehler(f"{BESCHEID_ERSTELLT} not caught by Verfahren {gesperrt.pk}")
    weiter(gesperrt, workflow, actor)
    neu = spiegeln(gesperrt, workflow)
    zuweisungen_record(verfahren=gesperrt, neu=neu, actor=actor)
    return bescheid


@dataclass(frozen=True)
class GerenderterBescheid:
    verfahren: Verfahren
    entwurf: BescheidEntwurf
    pdf: bytes


def bescheid_render(*, verfahren_id: int) -> GerenderterBescheid | None:
    """Collect and render the Bescheid a Verfahren waits for, without a transaction or a
    lock (the render takes ≈120 ms, seconds in a fresh process). None when the Verfahren
    does not wait for one (any more)."""
    verfahren = Verfahren.objects.select_related("leistung", "organisationseinheit", "buerger").get(
        pk=verfahren_id
    )
    if not _wartet_auf_bescheid(verfahren):
        log.info("bescheid: Verfahren %s wartet nicht (mehr) auf einen Bescheid", verfahren_id)
        return None
    entwurf = bescheid_draft(verfahren=verfahren)
    return GerenderterBescheid(verfahren, entwurf, pdf_rendern(entwurf.inhalt))


def bescheid_background_run(
    *, verfahren_id: int, actor: Actor = SYSTEM, gerendert: GerenderterBescheid | None = None
) -> Bescheid | None:
    """The worker's part of "bescheid.erstellen": render (unless the outbox consumer did
    that already, before it took any lock), then `bescheid_finish`. None when there
    is nothing (more) to do."""
    gerendert = gerendert or bescheid_render(verfahren_id=verfahren_id)
    if gerendert is None:
        return None
    return bescheid_finish(
        verfahren=gerendert.verfahren, entwurf=gerendert.entwurf, pdf=gerendert.pdf, actor=actor
    )
