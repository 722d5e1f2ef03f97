"""Closures and absences: a counter or a whole Terminort closed for a span."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write

from .. import selectors
from ..models import (
    Abwesenheit,
    Belegung,
    Buchung,
    Schalter,
    Terminort,
)
from .gemeinsam import ABGESAGT, STORNIERT, mail_schreiben, stornieren


@transaction.atomic
def abwesenheit_create(
    *,
    terminort: Terminort,
    von: datetime,
    bis: datetime,
    actor: Actor,
    schalter: Schalter | None = None,
    grund: str = "",
    now: datetime | None = None,
) -> tuple[Abwesenheit, list[Buchung]]:
    """Close one counter (or, without `schalter`, the whole Terminort) from `von` to `bis`;
    the appointments it hits are cancelled and their citizens told by email. Returns the
    absence and the cancelled bookings."""
    now = now or timezone.now()
    if von >= bis:
        raise ValidationError({"bis": _("Das Ende muss nach dem Beginn liegen.")})
    if schalter is not None and schalter.terminort_id != terminort.pk:
        raise ValidationError({"schalter": _("Der Schalter gehört zu einem anderen Standort.")})
    abwesenheit = Abwesenheit.objects.create(
        terminort=terminort, schalter=schalter, von=von, bis=bis, grund=grund[:200]
    )
    abgesagt = _absagen(terminort, schalter, von, bis, grund=grund, now=now)
    # The database's word: every unit of the span is occupied by nobody, so a reservation
    # still in flight either waits for this transaction and fails, or committed first and
    # is cancelled by the second pass below.
    ids = (
        [schalter.pk]
        if schalter is not None
        else list(Schalter.objects.filter(terminort=terminort).values_list("pk", flat=True))
    )
    zeiten = selectors.einheiten_in(terminort=terminort, von=von, bis=bis)
    Belegung.objects.filter(schalter_id__in=ids, beginn__in=zeiten).filter(
        Q(buchung__isnull=True) | Q(belegt_bis__lte=now)
    ).delete()
    Belegung.objects.bulk_create(
        (
            Belegung(schalter_id=sid, beginn=z, terminort=terminort, buchung=None, belegt_bis=None)
            for sid in ids
            for z in zeiten
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    abgesagt += _absagen(terminort, schalter, von, bis, grund=grund, now=now)
    protokoll_write(
        actor=actor,
        action="termin.abwesenheit",
        target=abwesenheit,
        details={"abgesagt": [b.nummer for b in abgesagt]},
    )
    return abwesenheit, abgesagt


@transaction.atomic
def abwesenheit_delete(*, abwesenheit: Abwesenheit, actor: Actor) -> None:
    """End an absence or closure early: its units become free again, except those another
    absence still closes. Cancelled bookings stay cancelled."""
    abwesenheit = (
        Abwesenheit.objects.select_for_update().select_related("terminort").get(pk=abwesenheit.pk)
    )
    terminort = abwesenheit.terminort
    ids = (
        [abwesenheit.schalter_id]
        if abwesenheit.schalter_id is not None
        else list(Schalter.objects.filter(terminort=terminort).values_list("pk", flat=True))
    )
    zeiten = selectors.einheiten_in(terminort=terminort, von=abwesenheit.von, bis=abwesenheit.bis)
    andere = list(
        Abwesenheit.objects.filter(
            terminort=terminort, von__lt=abwesenheit.bis, bis__gt=abwesenheit.von
        ).exclude(pk=abwesenheit.pk)
    )
    frei = [
        (sid, z)
        for sid in ids
        for z in zeiten
        if not any(
            (a.schalter_id is None or a.schalter_id == sid) and a.von <= z < a.bis for a in andere
        )
    ]
    for sid in {sid for sid, _z in frei}:
        Belegung.objects.filter(
            schalter_id=sid,
            beginn__in=[z for s, z in frei if s == sid],
            buchung__isnull=True,
            belegt_bis__isnull=True,
        ).delete()
    protokoll_write(
        actor=actor,
        action="termin.abwesenheit.delete",
        target=abwesenheit,
        details={"von": abwesenheit.von.isoformat(), "bis": abwesenheit.bis.isoformat()},
    )
    abwesenheit.delete()


def _absagen(
    terminort: Terminort,
    schalter: Schalter | None,
    von: datetime,
    bis: datetime,
    *,
    grund: str,
    now: datetime,
) -> list[Buchung]:
    """Cancel the open bookings in the span (of one counter, or all) and tell them."""
    betroffen = Buchung.objects.select_for_update().filter(
        terminort=terminort,
        status__in=[Buchung.Status.RESERVIERT, Buchung.Status.BESTAETIGT],
        beginn__lt=bis,
        ende__gt=von,
    )
    if schalter is not None:
        betroffen = betroffen.filter(schalter=schalter)
    abgesagt = []
    for buchung in betroffen.select_related("terminort"):
        war_bestaetigt = buchung.status == Buchung.Status.BESTAETIGT
        stornieren(buchung, now=now)
        # closed: the rows become the closure's, nothing is offered (the counter is away)
        Belegung.objects.filter(buchung=buchung).update(buchung=None, belegt_bis=None)
        mail_schreiben(ABGESAGT if war_bestaetigt else STORNIERT, buchung, grund=grund[:500])
        abgesagt.append(buchung)
    return abgesagt
