"""The waiting list: join, leave, and the offer of a freed slot to the first entry it fits."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write

from .. import selectors
from ..models import (
    Belegung,
    Buchung,
    Kontakt,
    Terminort,
    Wartelisteneintrag,
)
from .gemeinsam import (
    ANGEBOT,
    WARTELISTE,
    email_normalise,
    kontakt_validate,
    mail_schreiben,
    nummer_neu,
    positionen_anlegen,
    token_hash,
)


def angebot_machen(frei: Buchung, *, now: datetime) -> Buchung | None:
    """Offer the units `frei` held (its counter, start and units; it may be the old state
    of a rebooked one) to the first waiting entry they fit; the offer is a reservation
    held for the acceptance window."""
    terminort, schalter_id = frei.terminort, frei.schalter_id
    beginn, einheiten = frei.beginn, frei.einheiten
    tag = timezone.localtime(beginn, selectors.LOCAL_TZ).date()
    eintraege = (
        Wartelisteneintrag.objects.select_for_update(skip_locked=True)
        .filter(
            terminort=terminort, status=Wartelisteneintrag.Status.WARTEND, einheiten__lte=einheiten
        )
        .filter(Q(bis_datum__isnull=True) | Q(bis_datum__gte=tag))
        .order_by("erstellt_am", "id")[:20]
    )
    for eintrag in eintraege:
        try:
            wunsch = selectors.wunsch_build(
                terminort=terminort,
                leistungen={int(p["leistung"]): int(p["personen"]) for p in eintrag.leistungen},
            )
        except (ValidationError, KeyError, TypeError, ValueError):
            continue
        if schalter_id not in wunsch.schalter_ids or wunsch.einheiten > einheiten:
            continue
        try:
            with transaction.atomic():
                return _angebot_an(eintrag, wunsch, schalter_id=schalter_id, beginn=beginn, now=now)
        except _Vergeben:
            return None
    return None


class _Vergeben(Exception):
    """The freed rows were taken meanwhile: the offer is rolled back."""


def _angebot_an(
    eintrag: Wartelisteneintrag,
    wunsch: selectors.Wunsch,
    *,
    schalter_id: int,
    beginn: datetime,
    now: datetime,
) -> Buchung:
    terminort = wunsch.terminort
    token = secrets.token_urlsafe(32)
    bis = now + timedelta(minutes=settings.RATHAUS_TERMINE_ANGEBOT_MINUTEN)
    buchung = Buchung.objects.create(
        nummer=nummer_neu(),
        token_hash=token_hash(token),
        terminort=terminort,
        schalter_id=schalter_id,
        beginn=beginn,
        einheiten=wunsch.einheiten,
        ende=beginn + wunsch.dauer,
        personen=max(p for _tl, p in wunsch.positionen),
        reserviert_bis=bis,
        angebot_fuer=eintrag,
    )
    Kontakt.objects.create(
        buchung=buchung,
        name=eintrag.name,
        email=eintrag.email,
        email_norm=eintrag.email_norm,
        buerger_id=eintrag.buerger_id,
    )
    positionen_anlegen(buchung, wunsch)
    schritt = timedelta(minutes=terminort.slot_minuten)
    uebernommen = Belegung.objects.filter(
        schalter_id=schalter_id,
        buchung__isnull=True,
        beginn__in=[beginn + schritt * i for i in range(wunsch.einheiten)],
    ).update(buchung=buchung, belegt_bis=bis)
    if uebernommen != wunsch.einheiten:
        raise _Vergeben
    eintrag.status = Wartelisteneintrag.Status.ANGEBOTEN
    eintrag.angeboten_am = now
    eintrag.save(update_fields=["status", "angeboten_am", "geaendert_am"])
    mail_schreiben(ANGEBOT, buchung, token)
    protokoll_write(
        actor="system", action="termin.angebot", target=buchung, details={"warteliste": eintrag.pk}
    )
    return buchung


def freigeben(buchung: Buchung, *, now: datetime, warteliste: bool = True) -> None:
    """Give the booking's rows back: first to the waiting list, the rest after the
    cool-down. Call with the booking locked."""
    Belegung.objects.filter(buchung=buchung).update(
        buchung=None,
        belegt_bis=now + timedelta(minutes=settings.RATHAUS_TERMINE_ABKUEHLUNG_MINUTEN),
    )
    if warteliste:
        angebot_machen(buchung, now=now)


@transaction.atomic
def warteliste_join(
    *,
    terminort: Terminort,
    leistungen: Mapping[int, int],
    name: str,
    email: str,
    actor: Actor,
    bis_datum: date | None = None,
    buerger_id: int | None = None,
) -> tuple[Wartelisteneintrag, str]:
    """Put a citizen on the waiting list of a Terminort for `leistungen`; returns the
    entry and the token of its leave link."""
    name, email = kontakt_validate(name=name, email=email)
    wunsch = selectors.wunsch_build(terminort=terminort, leistungen=leistungen)
    email_norm = email_normalise(email)
    if Wartelisteneintrag.objects.filter(
        terminort=terminort, email_norm=email_norm, status=Wartelisteneintrag.Status.WARTEND
    ).exists():
        raise ValidationError(
            {"email": _("Diese E-Mail-Adresse steht für diesen Standort schon auf der Warteliste.")}
        )
    token = secrets.token_urlsafe(32)
    eintrag = Wartelisteneintrag.objects.create(
        terminort=terminort,
        leistungen=[{"leistung": tl.leistung_id, "personen": p} for tl, p in wunsch.positionen],
        einheiten=wunsch.einheiten,
        name=name,
        email=email,
        email_norm=email_norm,
        token_hash=token_hash(token),
        bis_datum=bis_datum,
        buerger_id=buerger_id,
    )
    outbox_write(topic=WARTELISTE, key=str(eintrag.pk), payload={"token": token}, context=eintrag)
    protokoll_write(actor=actor, action="termin.warteliste.join", target=eintrag)
    return eintrag, token


@transaction.atomic
def warteliste_leave(*, eintrag: Wartelisteneintrag, actor: Actor) -> Wartelisteneintrag:
    eintrag = Wartelisteneintrag.objects.select_for_update().get(pk=eintrag.pk)
    if eintrag.status == Wartelisteneintrag.Status.WARTEND:
        eintrag.status = Wartelisteneintrag.Status.ABGEMELDET
        eintrag.save(update_fields=["status", "geaendert_am"])
        protokoll_write(actor=actor, action="termin.warteliste.leave", target=eintrag)
    return eintrag
