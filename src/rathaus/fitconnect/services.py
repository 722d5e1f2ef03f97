"""Writes of the fitconnect app: the subscriber (receive, check, take over or reject, send
the event), callbacks, and forwarding an Antrag to the responsible destination.

Exactly once: one `Einreichung` row per submission id (unique); only its creation emits
the outbox message that fetches it; the decision (Antrag created or problems noted), the
signed event and the outbox message that posts it commit in one transaction with the row
locked, so a worker dying anywhere repeats only reads, and a submission listed again or
delivered twice is taken over once. Rejection creates nothing but the event.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.antraege import services as antraege
from rathaus.core.outbox import outbox_write
from rathaus.core.services import SYSTEM, Actor, protokoll_write
from rathaus.standards import fitconnect as fc

from . import conf
from .client import ApiFehler
from .models import CallbackSignatur, Einreichung, EinreichungStatus, Kanal
from .outbox import EINREICHUNG, EREIGNIS
from .pruefung import Abgerufen, abrufen, pruefen

log = logging.getLogger(__name__)
KANAL_NAME = "FIT-Connect (Empfang)"


class CallbackAbgelehnt(Exception):
    """A callback whose signature, age or body does not hold, or a replay."""


# -- registering submissions ------------------------------------------------------------------


@transaction.atomic
def einreichung_melden(
    *, submission_id: str, case_id: str, destination_id: str, actor: Actor = SYSTEM
) -> bool:
    """Note a submission that is ready for pickup; True if it was new. Only a new row
    emits the message that fetches it: listed again, nothing happens."""
    try:
        with transaction.atomic():
            einreichung = Einreichung.objects.create(
                submission_id=UUID(submission_id),
                case_id=UUID(case_id),
                destination_id=UUID(destination_id),
            )
    except IntegrityError:
        return False
    outbox_write(
        topic=EINREICHUNG, key=str(einreichung.submission_id), payload={}, context=einreichung
    )
    protokoll_write(
        actor=actor,
        action="fitconnect.einreichung.melden",
        target=einreichung,
        details={"case_id": case_id},
    )
    return True


def einreichungen_abholen(*, actor: Actor = SYSTEM) -> int:
    """Poll the destination's submissions ready for pickup; returns how many were new."""
    if not conf.aktiv():
        return 0
    neu = 0
    for s in conf.submission_api().submissions_for_pickup(conf.destination_id()):
        if str(s.get("destinationId", "")).lower() != conf.destination_id():
            continue
        neu += einreichung_melden(
            submission_id=s["submissionId"],
            case_id=s["caseId"],
            destination_id=s["destinationId"],
            actor=actor,
        )
    return neu


def callback_accept(
    *, timestamp: str | None, authentication: str | None, body: bytes, actor: Actor = SYSTEM
) -> int:
    """Check a callback (HMAC-SHA-512, at most 5 minutes old, never seen before) and note
    the submissions it names; returns how many were new. Raises CallbackAbgelehnt."""
    try:
        fc.callback_pruefen(
            secret=conf.callback_secret(),
            timestamp=timestamp,
            authentication=authentication,
            body=body,
        )
        daten = json.loads(body)
        eintraege = daten["submissions"] if isinstance(daten, dict) else None
        if not isinstance(eintraege, list):
            raise ValueError("submissions fehlt")
    except (fc.CallbackFehler, ValueError, KeyError) as exc:
        raise CallbackAbgelehnt(str(exc)) from None
    jetzt = timezone.now()
    with transaction.atomic():
        CallbackSignatur.objects.filter(zeitpunkt__lt=jetzt - timedelta(minutes=10)).delete()
        try:
            with transaction.atomic():
                CallbackSignatur.objects.create(
                    signatur=str(authentication).lower(), zeitpunkt=jetzt
                )
        except IntegrityError:
            raise CallbackAbgelehnt("Wiederholter Callback (Replay)") from None
    art = str(daten.get("type", ""))
    neu = 0
    for e in eintraege:
        if (
            not isinstance(e, dict)
            or str(e.get("destinationId", "")).lower() != conf.destination_id()
        ):
            continue
        if art.endswith("/new-submissions"):
            try:
                neu += einreichung_melden(
                    submission_id=str(e["submissionId"]),
                    case_id=str(e["caseId"]),
                    destination_id=str(e["destinationId"]),
                    actor=actor,
                )
            except (KeyError, ValueError):
                continue
    if art.endswith("/new-submissions"):
        # The callback is a hint: the listing is the truth (and catches what was missed).
        transaction.on_commit(_abholen_spaeter, robust=True)
    return neu


def _abholen_spaeter() -> None:
    from .tasks import abruf_jetzt

    abruf_jetzt()


# -- processing one submission ----------------------------------------------------------------


def _kanal(actor: Actor) -> Any:
    kanal = Kanal.objects.select_related("clientsystem").first()
    if kanal is not None:
        return kanal.clientsystem
    client, _token = antraege.clientsystem_create(name=KANAL_NAME, scopes=[], actor=actor)
    antraege.clientsystem_token_revoke(clientsystem=client, actor=actor)  # no API access
    Kanal.objects.create(clientsystem=client)
    return client


def _signieren(einreichung: Einreichung, event: str, tags: dict, probleme=()) -> str:
    key = conf.schluessel().signieren
    if key is None:
        raise ApiFehler(0, "Kein Signaturschlüssel (PS512) für FIT-Connect eingerichtet")
    return fc.set_build(
        key=key,
        issuer=str(einreichung.destination_id),
        submission_id=str(einreichung.submission_id),
        case_id=str(einreichung.case_id),
        event=event,
        authentication_tags=tags,
        problems=probleme,
    )


def _zurueckweisen(
    einreichung: Einreichung, abgerufen: Abgerufen, problem: fc.Problem, actor: Actor
) -> None:
    with transaction.atomic():
        e = Einreichung.objects.select_for_update().get(pk=einreichung.pk)
        if e.status != EinreichungStatus.GEMELDET:
            return
        e.status = EinreichungStatus.ZURUECKGEWIESEN
        e.probleme = [problem.als_dict()]
        e.event_token = _signieren(e, "reject-submission", abgerufen.tags(), [problem])
        e.erledigt_am = timezone.now()
        e.onlinedienst = str((abgerufen.submission.get("serviceType") or {}).get("name", ""))[:300]
        e.save(update_fields=["status", "probleme", "event_token", "erledigt_am", "onlinedienst"])
        outbox_write(topic=EREIGNIS, key=str(e.submission_id), payload={}, context=e)
        protokoll_write(
            actor=actor,
            action="fitconnect.einreichung.reject",
            target=e,
            details={
                "problem": problem.art,
                "instance": problem.instance,
                "detail": problem.detail[:300],
            },
        )


def einreichung_process(*, submission_id: str, actor: Actor = SYSTEM) -> str:
    """Fetch, check and take over (or reject) one noted submission; returns its status.
    Safe to call again: a decided submission is left as it is."""
    einreichung = Einreichung.objects.get(submission_id=UUID(submission_id))
    if einreichung.status != EinreichungStatus.GEMELDET:
        return str(einreichung.status)
    api = conf.submission_api()
    abgerufen = abrufen(api, submission_id)  # network errors: the outbox retries
    try:
        geprueft = pruefen(api, abgerufen)
    except fc.FitConnectFehler as fehler:
        _zurueckweisen(einreichung, abgerufen, fehler.problem, actor)
        return EinreichungStatus.ZURUECKGEWIESEN
    meta = geprueft.metadaten
    anfrage = hashlib.sha256(
        json.dumps(dict(meta.roh), sort_keys=True).encode() + b"\0" + geprueft.daten_bytes
    ).hexdigest()
    try:
        with transaction.atomic():
            e = Einreichung.objects.select_for_update().get(pk=einreichung.pk)
            if e.status != EinreichungStatus.GEMELDET:
                return str(e.status)
            ergebnis = antraege.antrag_receive(
                clientsystem=_kanal(actor),
                formular=geprueft.formular,
                daten=geprueft.daten,
                metadaten=dict(meta.roh),
                dateien=geprueft.dateien,
                idempotency_key=f"fitconnect:{submission_id}",
                anfrage_sha256=anfrage,
                actor=actor,
            )
            e.status = EinreichungStatus.ANGENOMMEN
            e.antrag = ergebnis.antrag
            e.onlinedienst = str((abgerufen.submission.get("serviceType") or {}).get("name", ""))[
                :300
            ]
            e.leistung_kennung = meta.leistung[:255]
            e.absender_referenz = str(
                (meta.roh.get("additionalReferenceInfo") or {}).get("senderReference", "")
            )[:300]
            e.zustelldienst = api.basis[:300]
            e.event_token = _signieren(e, "accept-submission", abgerufen.tags())
            e.erledigt_am = timezone.now()
            e.save()
            outbox_write(topic=EREIGNIS, key=str(e.submission_id), payload={}, context=e)
            protokoll_write(
                actor=actor,
                action="fitconnect.einreichung.accept",
                target=e,
                details={"aktenzeichen": ergebnis.antrag.aktenzeichen},
            )
    except ValidationError as exc:
        feld, texte = (
            next(iter(exc.message_dict.items()))
            if hasattr(exc, "error_dict")
            else ("", exc.messages)
        )
        if feld == "anlagen" or feld.startswith("anlage"):
            problem = fc.Problem(fc.TECHNICAL_ERROR, f"{feld}: {' '.join(texte)}", "attachments")
        else:
            problem = fc.Problem(fc.SCHEMA_VIOLATION, f"data.{feld}: {' '.join(texte)}", "data")
        _zurueckweisen(einreichung, abgerufen, problem, actor)
        return EinreichungStatus.ZURUECKGEWIESEN
    return EinreichungStatus.ANGENOMMEN


def ereignis_send(*, submission_id: str) -> bool:
    """Post the decided submission's SET to its event log; True when it is there. A token
    already in the log (a repeated delivery) counts as sent."""
    e = Einreichung.objects.get(submission_id=UUID(submission_id))
    if e.event_gesendet_am is not None or not e.event_token:
        return e.event_gesendet_am is not None
    api = conf.submission_api()
    try:
        api.event_send(str(e.case_id), e.event_token)
    except ApiFehler as exc:
        if exc.status != 409 or e.event_token not in api.events(str(e.case_id)):
            raise
    Einreichung.objects.filter(pk=e.pk, event_gesendet_am__isnull=True).update(
        event_gesendet_am=timezone.now()
    )
    return True


# Forwarding (sender role) lives in its own module; re-exported as a service.
from .weiterleitung import antrag_forward  # noqa: E402

__all__ = [
    "CallbackAbgelehnt",
    "antrag_forward",
    "callback_accept",
    "einreichung_melden",
    "einreichung_process",
    "einreichungen_abholen",
    "ereignis_send",
]
