"""Process models (BPMN upload, the shipped standard model) and deadline rules."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import SYSTEM, Actor, protokoll_write
from rathaus.organisation.selectors import Rolle, hat_rolle

from ..bpmn import STANDARD_BPMN
from ..bpmn.validierung import modell_pruefen
from ..models import Fristregel, Prozessmodell
from ._zugriff import person

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung


def _fachadministration_pruefen(actor: Actor) -> None:
    user = person(actor)
    if not hat_rolle(user=user, rolle=Rolle.FACHADMINISTRATION):
        raise PermissionDenied(_("Nur die Fachadministration darf Prozessmodelle pflegen."))


def _anlegen(*, leistung: Leistung | None, bpmn_xml: bytes, actor: Actor) -> Prozessmodell:
    info, _spec = modell_pruefen(bpmn_xml)
    # Lock the current versions of this Leistung so concurrent uploads count on.
    vorhandene = Prozessmodell.objects.select_for_update().filter(leistung=leistung)
    letzte = vorhandene.aggregate(m=Max("version"))["m"] or 0
    vorhandene.filter(aktiv=True).update(aktiv=False)
    user = actor if isinstance(actor, User) else None
    modell = Prozessmodell.objects.create(
        leistung=leistung,
        version=letzte + 1,
        name=info.name,
        prozess_id=info.prozess_id,
        bpmn_xml=bytes(bpmn_xml).decode("utf-8"),
        sha256=hashlib.sha256(bpmn_xml).hexdigest(),
        metadaten=info.metadaten(),
        aktiv=True,
        hochgeladen_von=user,
        hochgeladen_am=timezone.now(),
    )
    protokoll_write(
        actor=actor,
        action="verfahren.prozessmodell.upload",
        target=modell,
        details={
            "leistung": leistung.pk if leistung else None,
            "version": modell.version,
            "sha256": modell.sha256,
        },
    )
    return modell


@transaction.atomic
def prozessmodell_upload(
    *, leistung: Leistung | None, bpmn_xml: bytes, actor: Actor
) -> Prozessmodell:
    """Validate a BPMN 2.0 model and make it the active version for the Leistung
    (None: the default model). Only Fachadministration may upload. An invalid model is
    refused with a ValidationError naming the element; the active model stays."""
    _fachadministration_pruefen(actor)
    try:
        if isinstance(bpmn_xml, bytes | bytearray):
            bytes(bpmn_xml).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {"bpmn_xml": _("Die Datei muss UTF-8-kodiertes XML sein.")}, code="kodierung"
        ) from error
    return _anlegen(leistung=leistung, bpmn_xml=bpmn_xml, actor=actor)


def prozessmodell_fuer(*, leistung: Leistung) -> Prozessmodell:
    """The active model of the Leistung, else the active default model; the shipped
    standard model is installed as default version 1 on first use."""
    modell = (
        Prozessmodell.objects.filter(leistung=leistung, aktiv=True).first()
        or Prozessmodell.objects.filter(leistung__isnull=True, aktiv=True).first()
    )
    if modell is not None:
        return modell
    try:
        with transaction.atomic():
            return _anlegen(leistung=None, bpmn_xml=STANDARD_BPMN.read_bytes(), actor=SYSTEM)
    except IntegrityError:  # installed concurrently
        return Prozessmodell.objects.get(leistung__isnull=True, aktiv=True)


def fristregel_check(
    *,
    gesetzliche_frist_monate: int | None,
    warnung_tage: int | None,
    nachforderung_tage: int | None,
    bearbeitung_tage: int | None,
) -> None:
    """The ranges a deadline rule must keep; ValidationError naming each wrong field."""
    fehler = {}
    if gesetzliche_frist_monate is not None and not 1 <= gesetzliche_frist_monate <= 60:
        fehler["gesetzliche_frist_monate"] = _("Erlaubt sind 1 bis 60 Monate.")
    for feld, wert in (
        ("warnung_tage", warnung_tage),
        ("nachforderung_tage", nachforderung_tage),
        ("bearbeitung_tage", bearbeitung_tage),
    ):
        if not isinstance(wert, int) or not 1 <= wert <= 365:
            fehler[feld] = _("Erlaubt sind 1 bis 365 Tage.")
    if fehler:
        raise ValidationError(fehler, code="ungueltig")


@transaction.atomic
def fristregel_set(
    *,
    leistung: Leistung,
    actor: Actor,
    gesetzliche_frist_monate: int | None,
    gesetzliche_frist_bezeichnung: str = "Genehmigungsfiktion (§ 42a VwVfG)",
    warnung_tage: int = 14,
    nachforderung_tage: int = 14,
    bearbeitung_tage: int = 5,
) -> Fristregel:
    """Set the deadline rules of a Leistung (Fachadministration)."""
    _fachadministration_pruefen(actor)
    fristregel_check(
        gesetzliche_frist_monate=gesetzliche_frist_monate,
        warnung_tage=warnung_tage,
        nachforderung_tage=nachforderung_tage,
        bearbeitung_tage=bearbeitung_tage,
    )
    regel, _neu = Fristregel.objects.update_or_create(
        leistung=leistung,
        defaults={
            "gesetzliche_frist_monate": gesetzliche_frist_monate,
            "gesetzliche_frist_bezeichnung": gesetzliche_frist_bezeichnung.strip()[:200],
            "warnung_tage": warnung_tage,
            "nachforderung_tage": nachforderung_tage,
            "bearbeitung_tage": bearbeitung_tage,
        },
    )
    protokoll_write(
        actor=actor,
        action="verfahren.fristregel.set",
        target=regel,
        details={"leistung": leistung.pk, "monate": gesetzliche_frist_monate},
    )
    return regel
