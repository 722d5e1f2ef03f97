"""The Verfahren's Vorgang goes zdA (zu den Akten) when its Bescheid can no longer be
challenged, not when the process ends.

The end of the process (`handlers.verfahren_abschliessen`) sets the Widerspruchsfrist: one
month from the Bekanntgabe (§ 70 Abs. 1 VwGO). The daily deadline run
(`fristen.fristen_check`) closes the Vorgang once that Frist has passed and
`NACHLAUF_TAGE` more days went by without an objection; the clerk may close it earlier
(`verfahren_zda`, e.g. after the citizen waived the Widerspruch). A Bescheid sent by post
has no known day of notification: its Vorgang waits for the clerk.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.akten.selectors import eingang_exists
from rathaus.akten.services import vorgang_close
from rathaus.core.services import SYSTEM, Actor, protokoll_write

from ..models import Bescheid, Frist, Nachricht, Verfahren
from ._vorgang import offener_vorgang
from ._zugriff import BEARBEITEN, person, sichtbar_pruefen

if TYPE_CHECKING:
    from rathaus.akten.models import Vorgang

log = logging.getLogger(__name__)

# Days after the end of the Widerspruchsfrist before the run closes the Vorgang: a
# Widerspruch filed in time by post or at another office arrives a few days later, and a
# public holiday on the last day moves the end to the next working day (§ 31 Abs. 3
# VwVfG), which this module does not compute.
NACHLAUF_TAGE = 7


def widerspruchsfrist_ende(bekanntgabe: date) -> date:
    """Last day of the month for a Widerspruch notified on ``bekanntgabe``: the day of the
    next month with the same number, or that month's last day (§ 31 Abs. 1 VwVfG with
    §§ 187 Abs. 1, 188 Abs. 2 and 3 BGB); a Saturday or Sunday moves it to the Monday
    (§ 31 Abs. 3 VwVfG)."""
    jahr, monat = (
        (bekanntgabe.year + 1, 1)
        if bekanntgabe.month == 12
        else (
            bekanntgabe.year,
            bekanntgabe.month + 1,
        )
    )
    ende = date(jahr, monat, min(bekanntgabe.day, calendar.monthrange(jahr, monat)[1]))
    while ende.weekday() >= 5:
        ende += timedelta(days=1)
    return ende


def widerspruchsfrist_set(verfahren: Verfahren) -> Frist | None:
    """Inside the closing step: the Widerspruchsfrist of the Verfahren's Bescheid provided
    in the Postfach (None without one: postal dispatch or no Bescheid)."""
    bescheid = (
        Bescheid.objects.filter(verfahren=verfahren, bekanntgabe_am__isnull=False)
        .order_by("-id")
        .first()
    )
    if bescheid is None or bescheid.bekanntgabe_am is None:
        return None
    return Frist.objects.create(
        verfahren=verfahren,
        art=Frist.Art.WIDERSPRUCH,
        bezeichnung=_("Widerspruchsfrist (Bekanntgabe am %(d)s)")
        % {"d": f"{bescheid.bekanntgabe_am:%d.%m.%Y}"},
        datum=widerspruchsfrist_ende(bescheid.bekanntgabe_am),
    )


def _eingang_nach_bescheid(verfahren: Verfahren, vorgang: Vorgang) -> bool:
    """Whether anything came in after the Bescheid (it may be a Widerspruch): a Dokument
    filed as incoming in the Vorgang or a message from the citizen."""
    bescheid = Bescheid.objects.filter(verfahren=verfahren).order_by("-id").first()
    if bescheid is None:
        return False
    return (
        eingang_exists(vorgang=vorgang, nach=bescheid.erstellt_am)
        or Nachricht.objects.filter(
            verfahren=verfahren,
            richtung=Nachricht.Richtung.EINGANG,
            erstellt_am__gt=bescheid.erstellt_am,
        ).exists()
    )


def _schliessen(verfahren: Verfahren, vorgang: Vorgang, actor: Actor, anlass: str) -> None:
    jetzt = timezone.now()
    offen = Frist.objects.filter(verfahren=verfahren, art=Frist.Art.WIDERSPRUCH, erledigt=False)
    fristen = list(offen.values_list("pk", flat=True))
    offen.update(erledigt=True, erledigt_am=jetzt, geaendert_am=jetzt)
    vorgang_close(vorgang=vorgang, actor=actor)
    protokoll_write(
        actor=actor,
        action="verfahren.zda",
        target=verfahren,
        details={"vorgang": vorgang.pk, "anlass": anlass, "fristen": fristen},
    )


def zda_moeglich(verfahren: Verfahren) -> bool:
    """Whether the clerk may close the Vorgang now: the process has ended and the Vorgang
    is still open."""
    return (
        verfahren.status == Verfahren.Status.ABGESCHLOSSEN
        and offener_vorgang(verfahren) is not None
    )


@transaction.atomic
def verfahren_zda(*, verfahren: Verfahren, actor: Actor) -> Vorgang:
    """The clerk's decision to close the Vorgang of an ended Verfahren before the
    Widerspruchsfrist has passed (e.g. the citizen waived the Widerspruch, or a Bescheid
    sent by post). Staff of the Verfahren's unit with a working role only; refused
    (nothing changed) while the process runs or when the Vorgang is already closed."""
    user = person(actor)
    verfahren = Verfahren.objects.select_for_update().get(pk=verfahren.pk)
    if not sichtbar_pruefen(user, verfahren) & set(BEARBEITEN):
        raise PermissionDenied(_("Nur die Sachbearbeitung oder die Leitung verfügt zdA."))
    if verfahren.status != Verfahren.Status.ABGESCHLOSSEN:
        raise ValidationError(
            _("Das Verfahren läuft noch; zdA ist erst nach seinem Abschluss möglich."),
            code="laeuft",
        )
    vorgang = offener_vorgang(verfahren)
    if vorgang is None:
        raise ValidationError(
            _("Der Vorgang des Verfahrens ist bereits zu den Akten verfügt."), code="bereits_zda"
        )
    _schliessen(verfahren, vorgang, actor, "verfuegung")
    return vorgang


def _frist_abgelaufen(frist_id: int, actor: Actor) -> str:
    with transaction.atomic():
        frist = Frist.objects.select_for_update().get(pk=frist_id)
        if frist.erledigt:
            return "erledigt"
        verfahren = Verfahren.objects.select_for_update().get(pk=frist.verfahren_id)
        vorgang = offener_vorgang(verfahren)
        if vorgang is None:  # closed by hand in the E-Akte
            frist.erledigt, frist.erledigt_am = True, timezone.now()
            frist.save(update_fields=["erledigt", "erledigt_am", "geaendert_am"])
            return "erledigt"
        if _eingang_nach_bescheid(verfahren, vorgang):
            if frist.gewarnt_am is None:
                frist.gewarnt_am = timezone.now()
                frist.save(update_fields=["gewarnt_am", "geaendert_am"])
                protokoll_write(
                    actor=actor,
                    action="verfahren.zda.eingang_pruefen",
                    target=verfahren,
                    details={"frist": frist.pk, "datum": frist.datum.isoformat()},
                )
            return "pruefen"
        _schliessen(verfahren, vorgang, actor, "frist_abgelaufen")
        return "zda"


def widerspruchsfristen_check(*, heute: date, actor: Actor = SYSTEM) -> dict[str, int]:
    """The daily part: close every Vorgang whose Widerspruchsfrist ended more than
    `NACHLAUF_TAGE` days ago with nothing come in since the Bescheid; one that received
    something is left to the clerk (recorded once). Each in its own transaction."""
    ergebnis = {"zda": 0, "zda_pruefen": 0, "fehler": 0}
    faellig = Frist.objects.filter(
        art=Frist.Art.WIDERSPRUCH,
        erledigt=False,
        datum__lt=heute - timedelta(days=NACHLAUF_TAGE),
    ).values_list("pk", flat=True)
    for frist_id in list(faellig):
        try:
            ausgang = _frist_abgelaufen(frist_id, actor)
        except Exception:
            ergebnis["fehler"] += 1
            log.exception("widerspruchsfristen_check: Frist %s", frist_id)
            continue
        if ausgang == "zda":
            ergebnis["zda"] += 1
        elif ausgang == "pruefen":
            ergebnis["zda_pruefen"] += 1
    return ergebnis
