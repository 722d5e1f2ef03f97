"""Writes on the Aktenplan, its mapping to Leistungen and staff membership."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write

from ..models import Aktenplaneinheit, AktenplanZuordnung, Aussonderungsart
from ._common import text_pruefen

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung


@transaction.atomic
def aktenplaneinheit_create(
    *,
    kennzeichen: str,
    titel: str,
    actor: Actor,
    uebergeordnet: Aktenplaneinheit | None = None,
    aufbewahrungsdauer_jahre: int | None = None,
    aussonderungsart: str = Aussonderungsart.BEWERTEN,
    gueltig_ab: date | None = None,
    gueltig_bis: date | None = None,
) -> Aktenplaneinheit:
    """Add a position to the Aktenplan; a child's Kennzeichen extends its parent's."""
    kennzeichen = kennzeichen.strip()
    if uebergeordnet is not None and not kennzeichen.startswith(uebergeordnet.kennzeichen + "."):
        raise ValidationError(
            {
                "kennzeichen": _("Das Kennzeichen muss mit %(k)s. beginnen.")
                % {"k": uebergeordnet.kennzeichen}
            },
            code="kennzeichen_baum",
        )
    einheit = Aktenplaneinheit(
        kennzeichen=kennzeichen,
        titel=text_pruefen(titel, "titel"),
        uebergeordnet=uebergeordnet,
        aufbewahrungsdauer_jahre=aufbewahrungsdauer_jahre,
        aussonderungsart=aussonderungsart,
        gueltig_ab=gueltig_ab,
        gueltig_bis=gueltig_bis,
    )
    einheit.full_clean()
    einheit.save()
    protokoll_write(
        actor=actor,
        action="akten.aktenplaneinheit.create",
        target=einheit,
        details={
            "aufbewahrungsdauer_jahre": aufbewahrungsdauer_jahre,
            "aussonderungsart": aussonderungsart,
        },
    )
    return einheit


@transaction.atomic
def aktenplaneinheit_retire(*, einheit: Aktenplaneinheit, actor: Actor) -> Aktenplaneinheit:
    """Close a position for new Akten; existing Akten keep their Aktenzeichen."""
    einheit = Aktenplaneinheit.objects.select_for_update().get(pk=einheit.pk)
    if not einheit.stillgelegt:
        einheit.stillgelegt = True
        einheit.save(update_fields=["stillgelegt", "geaendert_am"])
        protokoll_write(actor=actor, action="akten.aktenplaneinheit.stilllegen", target=einheit)
    return einheit


@transaction.atomic
def aktenplan_zuordnung_set(
    *,
    leistung: Leistung,
    aktenplaneinheit: Aktenplaneinheit,
    actor: Actor,
    aktenbildung: str = AktenplanZuordnung.Aktenbildung.EINZELFALL,
) -> AktenplanZuordnung:
    """Name the Aktenplan position where the Verfahren of a Leistung are filed."""
    if aktenbildung not in AktenplanZuordnung.Aktenbildung.values:
        raise ValidationError({"aktenbildung": _("Unbekannte Aktenbildung.")}, code="ungueltig")
    zuordnung, _created = AktenplanZuordnung.objects.update_or_create(
        leistung=leistung,
        defaults={"aktenplaneinheit": aktenplaneinheit, "aktenbildung": aktenbildung},
    )
    protokoll_write(
        actor=actor,
        action="akten.zuordnung.set",
        target=zuordnung,
        details={"aktenplaneinheit": aktenplaneinheit.kennzeichen, "aktenbildung": aktenbildung},
    )
    return zuordnung
