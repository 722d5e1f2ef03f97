"""Fee rules (Gebührenregeln) kept by the Fachadministration: create and change, checked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.standards import xbezahldienste as xb

from ..models import (
    Gebuehrenregel,
)
from .gemeinsam import (
    _darf,
)

REGELFELDER = (
    "bezeichnung",
    "art",
    "faelligkeit",
    "betrag_cent",
    "betrag_weitere_cent",
    "betrag_max_cent",
    "mengenfeld",
    "menge_max",
    "rechtsgrundlage",
    "befreiung_moeglich",
    "aktiv",
    "reihenfolge",
)


def _regel_pruefen(regel: Gebuehrenregel) -> None:
    regel.full_clean()
    fehler: dict[str, str] = {}
    if regel.art == Gebuehrenregel.Art.STUECK and not regel.mengenfeld:
        fehler["mengenfeld"] = _("Eine Gebühr je Stück braucht das Antwortfeld mit der Anzahl.")
    if regel.art == Gebuehrenregel.Art.RAHMEN and regel.betrag_max_cent is None:
        fehler["betrag_max_cent"] = _("Eine Rahmengebühr braucht einen Höchstbetrag.")
    if regel.betrag_max_cent is not None and regel.betrag_max_cent < regel.betrag_cent:
        fehler["betrag_max_cent"] = _("Der Höchstbetrag liegt unter dem Betrag.")
    for feld in ("betrag_cent", "betrag_weitere_cent", "betrag_max_cent"):
        wert = getattr(regel, feld)
        if wert is not None and wert > xb.model.AMOUNT_MAX_CENTS:
            fehler[feld] = _("Der Betrag ist zu hoch.")
    if fehler:
        raise ValidationError(fehler)


@transaction.atomic
def gebuehrenregel_create(*, leistung: Any, actor: Actor, **werte: Any) -> Gebuehrenregel:
    """A new fee rule of `leistung` (fields: `REGELFELDER`), checked, with its Protokoll
    entry. Needs ``zahlungen.add_gebuehrenregel``."""
    if not _darf(actor, "zahlungen.add_gebuehrenregel"):
        raise PermissionDenied
    unbekannt = set(werte) - set(REGELFELDER)
    if unbekannt:
        raise ValidationError(f"unknown fields: {sorted(unbekannt)}")
    regel = Gebuehrenregel(leistung=leistung, **werte)
    _regel_pruefen(regel)
    regel.save()
    protokoll_write(
        actor=actor,
        action="gebuehrenregel.create",
        target=regel,
        details={f: getattr(regel, f) for f in REGELFELDER},
    )
    return regel


@transaction.atomic
def gebuehrenregel_update(*, regel: Gebuehrenregel, actor: Actor, **werte: Any) -> Gebuehrenregel:
    """Change a fee rule; payments already created keep their computed positions.
    Needs ``zahlungen.change_gebuehrenregel``."""
    if not _darf(actor, "zahlungen.change_gebuehrenregel"):
        raise PermissionDenied
    unbekannt = set(werte) - set(REGELFELDER)
    if unbekannt:
        raise ValidationError(f"unknown fields: {sorted(unbekannt)}")
    regel = Gebuehrenregel.objects.select_for_update().get(pk=regel.pk)
    vorher = {f: getattr(regel, f) for f in werte}
    for feld, wert in werte.items():
        setattr(regel, feld, wert)
    _regel_pruefen(regel)
    regel.save()
    protokoll_write(
        actor=actor,
        action="gebuehrenregel.update",
        target=regel,
        details={"vorher": vorher, "nachher": werte},
    )
    return regel
