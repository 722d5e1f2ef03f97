"""The periodic run: expired reservations released, reminders written."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from rathaus.core.services import protokoll_write

from .. import selectors
from ..models import (
    Belegung,
    Buchung,
    Wartelisteneintrag,
)
from .gemeinsam import (
    ERINNERUNG,
    mail_schreiben,
)
from .warteliste import angebot_machen


def reservierungen_release(*, now: datetime | None = None) -> int:
    """Reservations not confirmed in time become `abgelaufen`; their slot goes to the
    waiting list (an expired offer to the next entry) or back to the pool."""
    now = now or timezone.now()
    anzahl = 0
    ids = list(
        Buchung.objects.filter(
            status=Buchung.Status.RESERVIERT, reserviert_bis__lte=now
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        with transaction.atomic():
            buchung = (
                Buchung.objects.select_for_update(skip_locked=True)
                .select_related("terminort")
                .filter(pk=pk, status=Buchung.Status.RESERVIERT, reserviert_bis__lte=now)
                .first()
            )
            if buchung is None:
                continue
            buchung.status = Buchung.Status.ABGELAUFEN
            buchung.save(update_fields=["status", "geaendert_am"])
            if buchung.angebot_fuer_id:
                Wartelisteneintrag.objects.filter(pk=buchung.angebot_fuer_id).update(
                    status=Wartelisteneintrag.Status.ERLEDIGT
                )
            # its rows (those not yet replaced by another reservation) are free from now on
            frei = Belegung.objects.filter(buchung=buchung).update(buchung=None, belegt_bis=now)
            if frei == buchung.einheiten and buchung.beginn > now:
                angebot_machen(buchung, now=now)
            protokoll_write(actor="system", action="termin.release", target=buchung)
            anzahl += 1
    return anzahl


def erinnerungen_send(*, now: datetime | None = None) -> int:
    """Write the reminder email of every confirmed appointment of tomorrow, once."""
    now = now or timezone.now()
    morgen = timezone.localtime(now, selectors.LOCAL_TZ).date() + timedelta(days=1)
    start = datetime.combine(morgen, datetime.min.time(), tzinfo=selectors.LOCAL_TZ)
    anzahl = 0
    with transaction.atomic():
        for buchung in Buchung.objects.select_for_update(skip_locked=True).filter(
            status=Buchung.Status.BESTAETIGT,
            erinnert_am__isnull=True,
            beginn__gte=start,
            beginn__lt=start + timedelta(days=1),
        ):
            buchung.erinnert_am = now
            buchung.save(update_fields=["erinnert_am"])
            mail_schreiben(ERINNERUNG, buchung)
            anzahl += 1
    return anzahl
