"""Writes of the Terminvergabe: reserve, confirm, cancel, rebook, closures, waiting list.

No double booking: every occupied (Schalter, slot) is one `Belegung` row under a unique
constraint. A reservation inserts its rows in a savepoint; when a concurrent transaction
took one of them first the insert fails (PostgreSQL lets the second inserter wait for the
first one's commit) and the next free counter is tried. Rows held only for a while
(`belegt_bis`) are replaced once that time has passed.

Every email leaves through the outbox (`outbox.py`); a link's secret token travels in the
outbox row's payload only until the email is sent.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write

from . import selectors
from .models import (
    Abwesenheit,
    Belegung,
    Buchung,
    BuchungPosition,
    Kontakt,
    Schalter,
    Terminort,
    Wartelisteneintrag,
)

RESERVIERT = "termin.reserviert"
BESTAETIGT = "termin.bestaetigt"
VERSCHOBEN = "termin.verschoben"
STORNIERT = "termin.storniert"
ABGESAGT = "termin.abgesagt"
ERINNERUNG = "termin.erinnerung"
ANGEBOT = "termin.angebot"
WARTELISTE = "termin.warteliste"

_zufall = secrets.SystemRandom()
# Unambiguous letters and digits (no 0/O, 1/I/L): read aloud at the counter.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Providers that ignore dots in the local part (and their second domain).
PUNKTE_EGAL = {"gmail.com", "googlemail.com"}


# -- helpers ------------------------------------------------------------------------------


def email_normalise(email: str) -> str:
    """The address that stands for one mailbox: lowercased, without `+tag`, and without
    dots where the provider folds them (Gmail); googlemail.com counts as gmail.com."""
    lokal, _sep, domain = email.strip().lower().rpartition("@")
    if not lokal:
        return email.strip().lower()
    lokal = lokal.split("+", 1)[0]
    if domain in PUNKTE_EGAL:
        lokal = lokal.replace(".", "")
        domain = "gmail.com"
    return f"{lokal}@{domain}"


def _nummer_neu() -> str:
    zeichen = "".join(secrets.choice(ALPHABET) for _i in range(10))  # ~49 bits
    return f"{zeichen[:4]}-{zeichen[4:8]}-{zeichen[8:]}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_pruefen(*, gespeichert: str, token: str) -> bool:
    """Whether `token` is the one whose hash is `gespeichert` (constant time)."""
    if not token or len(token) > 100 or not gespeichert:
        return False
    return constant_time_compare(token_hash(token), gespeichert)


def kontakt_validate(*, name: str, email: str, email_noetig: bool = True) -> tuple[str, str]:
    """Name and email of a booking, stripped; ValidationError naming "name" / "email"."""
    name, email = (name or "").strip(), (email or "").strip()
    fehler: dict[str, str] = {}
    if not name:
        fehler["name"] = _("Bitte geben Sie Ihren Namen an.")
    elif len(name) > 200 or any(ord(c) < 32 for c in name):
        fehler["name"] = _("Bitte geben Sie einen Namen mit höchstens 200 Zeichen an.")
    try:
        if len(email) > 254:
            raise ValidationError("lang")
        if email or email_noetig:
            validate_email(email)
    except ValidationError:
        fehler["email"] = _("Bitte geben Sie eine gültige E-Mail-Adresse an.")
    if fehler:
        raise ValidationError(fehler)
    return name, email


def _einheiten(buchung: Buchung) -> list[datetime]:
    schritt = timedelta(minutes=buchung.terminort.slot_minuten)
    return [buchung.beginn + schritt * i for i in range(buchung.einheiten)]


def _belegen(
    *,
    buchung: Buchung,
    schalter_id: int,
    beginn: datetime,
    einheiten: int,
    bis: datetime | None,
    now: datetime,
) -> bool:
    """Insert the rows of `einheiten` units from `beginn` on one counter for `buchung`;
    False (nothing changed) when one of them is taken."""
    schritt = timedelta(minutes=buchung.terminort.slot_minuten)
    zeiten = [beginn + schritt * i for i in range(einheiten)]
    try:
        with transaction.atomic():
            # rows whose hold has passed count as free: replace them
            Belegung.objects.filter(
                schalter_id=schalter_id, beginn__in=zeiten, belegt_bis__lte=now
            ).delete()
            Belegung.objects.bulk_create(
                Belegung(
                    schalter_id=schalter_id,
                    beginn=z,
                    buchung=buchung,
                    belegt_bis=bis,
                    terminort_id=buchung.terminort_id,
                )
                for z in zeiten
            )
    except IntegrityError:
        return False
    return True


def _belegen_erster(
    *,
    buchung: Buchung,
    kandidaten: list[int],
    beginn: datetime,
    einheiten: int,
    bis: datetime | None,
    now: datetime,
) -> int | None:
    """Occupy the units on the first of `kandidaten` that is still free; its id, or None.

    After a conflict (the other transaction has committed by then: PostgreSQL let this
    insert wait for it) one query drops every candidate taken meanwhile, so a client
    that lost the race learns it at once instead of trying every counter."""
    schritt = timedelta(minutes=buchung.terminort.slot_minuten)
    zeiten = [beginn + schritt * i for i in range(einheiten)]
    offen = list(kandidaten)
    while offen:
        schalter_id = offen.pop(0)
        if _belegen(
            buchung=buchung,
            schalter_id=schalter_id,
            beginn=beginn,
            einheiten=einheiten,
            bis=bis,
            now=now,
        ):
            return schalter_id
        if offen:
            belegt = set(
                Belegung.objects.filter(schalter_id__in=offen, beginn__in=zeiten)
                .filter(Q(belegt_bis__isnull=True) | Q(belegt_bis__gt=now))
                .values_list("schalter_id", flat=True)
            )
            offen = [s for s in offen if s not in belegt]
    return None


def _nicht_frei() -> ValidationError:
    return ValidationError(
        {
            "beginn": _(
                "Dieser Termin ist leider nicht mehr frei. Bitte wählen Sie eine andere Uhrzeit."
            )
        }
    )


def _limits_pruefen(*, email_norm: str, now: datetime) -> None:
    offen = Buchung.objects.filter(
        kontakt__email_norm=email_norm,
        status__in=[Buchung.Status.RESERVIERT, Buchung.Status.BESTAETIGT],
        beginn__gt=now,
    ).count()
    if offen >= settings.RATHAUS_TERMINE_MAX_JE_EMAIL:
        raise ValidationError(
            {
                "email": _(
                    "Für diese E-Mail-Adresse sind schon %(anzahl)d Termine gebucht. Bitte "
                    "sagen Sie einen davon ab, bevor Sie einen weiteren buchen."
                )
                % {"anzahl": offen}
            }
        )
    heute = Buchung.objects.filter(
        kontakt__email_norm=email_norm, erstellt_am__gt=now - timedelta(days=1)
    ).count()
    if heute >= settings.RATHAUS_TERMINE_MAX_JE_EMAIL_TAG:
        raise ValidationError(
            {
                "email": _(
                    "Mit dieser E-Mail-Adresse wurden heute schon zu viele Termine reserviert. "
                    "Bitte versuchen Sie es morgen wieder."
                )
            }
        )


def _payload(buchung: Buchung, token: str = "") -> dict[str, Any]:
    daten: dict[str, Any] = {"sequenz": buchung.sequenz}
    if token:
        daten["token"] = token
    return daten


def _mail(topic: str, buchung: Buchung, token: str = "", **extra: Any) -> None:
    outbox_write(
        topic=topic,
        key=f"{buchung.pk}:{buchung.sequenz}:{secrets.token_hex(4)}",
        payload={**_payload(buchung, token), **extra},
        context=buchung,
    )


# -- reserve, confirm -----------------------------------------------------------------------


def _positionen_anlegen(buchung: Buchung, wunsch: selectors.Wunsch) -> None:
    BuchungPosition.objects.bulk_create(
        BuchungPosition(
            buchung=buchung,
            leistung_id=tl.leistung_id,
            personen=personen,
            einheiten=tl.einheiten_fuer(personen),
        )
        for tl, personen in wunsch.positionen
    )


@transaction.atomic
def buchung_reserve(
    *,
    terminort: Terminort,
    leistungen: Mapping[int, int],
    beginn: datetime,
    name: str,
    email: str,
    actor: Actor,
    buerger_id: int | None = None,
    kanal: str = Buchung.Kanal.ONLINE,
    now: datetime | None = None,
) -> tuple[Buchung, str]:
    """Hold a slot for `leistungen` ({Leistung id: persons}) from `beginn` until the email
    link is opened; returns the booking and the secret token of its links.

    ValidationError names the field: "leistungen"/"personen" (not bookable here), "beginn"
    (not free, or not a start of the booking window), "name"/"email" (invalid, or the limits
    per email address reached). A booking by staff (`kanal` telefon or vor_ort) may use the
    held-back counters and today's slots, and needs no email address."""
    now = now or timezone.now()
    online = kanal == Buchung.Kanal.ONLINE
    name, email = kontakt_validate(name=name, email=email, email_noetig=online)
    email_norm = email_normalise(email) if email else ""
    wunsch = selectors.wunsch_build(terminort=terminort, leistungen=leistungen)
    if email_norm:
        _limits_pruefen(email_norm=email_norm, now=now)
    kandidaten = selectors.freie_schalter(wunsch=wunsch, beginn=beginn, now=now, intern=not online)
    if not kandidaten:
        raise _nicht_frei()
    # In random order: clients racing for one start spread over the counters instead of
    # all queueing for the first one's row lock.
    _zufall.shuffle(kandidaten)
    token = secrets.token_urlsafe(32)
    bis = now + timedelta(minutes=settings.RATHAUS_TERMINE_RESERVIERUNG_MINUTEN)
    buchung = Buchung(
        nummer=_nummer_neu(),
        token_hash=token_hash(token),
        terminort=terminort,
        beginn=beginn,
        einheiten=wunsch.einheiten,
        ende=beginn + wunsch.dauer,
        personen=max(p for _tl, p in wunsch.positionen),
        kanal=kanal,
        reserviert_bis=bis,
    )
    buchung.schalter_id = kandidaten[0]
    buchung.save()
    schalter_id = _belegen_erster(
        buchung=buchung,
        kandidaten=kandidaten,
        beginn=beginn,
        einheiten=wunsch.einheiten,
        bis=bis,
        now=now,
    )
    if schalter_id is None:
        raise _nicht_frei()
    if schalter_id != buchung.schalter_id:
        buchung.schalter_id = schalter_id
        buchung.save(update_fields=["schalter"])
    Kontakt.objects.create(
        buchung=buchung, name=name, email=email, email_norm=email_norm, buerger_id=buerger_id
    )
    _positionen_anlegen(buchung, wunsch)
    _mail(RESERVIERT, buchung, token)
    protokoll_write(
        actor=actor,
        action="termin.reserve",
        target=buchung,
        details={"terminort": terminort.pk, "beginn": beginn.isoformat(), "kanal": kanal},
    )
    return buchung, token


@transaction.atomic
def buchung_confirm(
    *, buchung: Buchung, actor: Actor, token: str = "", now: datetime | None = None
) -> Buchung:
    """Make a reservation final (the citizen opened the email link); a second call changes
    nothing. ValidationError when the reservation has expired or was cancelled. `token`
    (the link's secret, if the caller has it) goes into the confirmation email's links."""
    now = now or timezone.now()
    buchung = Buchung.objects.select_for_update().select_related("terminort").get(pk=buchung.pk)
    if buchung.status == Buchung.Status.BESTAETIGT:
        return buchung
    abgelaufen = ValidationError(
        _(
            "Diese Reservierung ist abgelaufen oder wurde abgesagt. Bitte buchen Sie einen "
            "neuen Termin."
        ),
        code="abgelaufen",
    )
    if buchung.status != Buchung.Status.RESERVIERT or not (
        buchung.reserviert_bis and buchung.reserviert_bis > now
    ):
        raise abgelaufen
    gehalten = Belegung.objects.filter(buchung=buchung, belegt_bis__gt=now).update(belegt_bis=None)
    if gehalten != buchung.einheiten:
        raise abgelaufen
    buchung.status = Buchung.Status.BESTAETIGT
    buchung.bestaetigt_am = now
    buchung.reserviert_bis = None
    buchung.save(update_fields=["status", "bestaetigt_am", "reserviert_bis", "geaendert_am"])
    if buchung.angebot_fuer_id:
        Wartelisteneintrag.objects.filter(pk=buchung.angebot_fuer_id).update(
            status=Wartelisteneintrag.Status.ERLEDIGT
        )
    _mail(BESTAETIGT, buchung, token)
    protokoll_write(actor=actor, action="termin.confirm", target=buchung)
    return buchung


# -- freeing slots: waiting list first, else a cool-down -----------------------------------


def _angebot(
    *, terminort: Terminort, schalter_id: int, beginn: datetime, einheiten: int, now: datetime
) -> Buchung | None:
    """Offer the freed units to the first waiting entry they fit; the offer is a
    reservation held for the acceptance window."""
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
        nummer=_nummer_neu(),
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
    _positionen_anlegen(buchung, wunsch)
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
    _mail(ANGEBOT, buchung, token)
    protokoll_write(
        actor="system", action="termin.angebot", target=buchung, details={"warteliste": eintrag.pk}
    )
    return buchung


def _freigeben(buchung: Buchung, *, now: datetime, warteliste: bool = True) -> None:
    """Give the booking's rows back: first to the waiting list, the rest after the
    cool-down. Call with the booking locked."""
    Belegung.objects.filter(buchung=buchung).update(
        buchung=None,
        belegt_bis=now + timedelta(minutes=settings.RATHAUS_TERMINE_ABKUEHLUNG_MINUTEN),
    )
    if warteliste:
        _angebot(
            terminort=buchung.terminort,
            schalter_id=buchung.schalter_id,
            beginn=buchung.beginn,
            einheiten=buchung.einheiten,
            now=now,
        )


# -- cancel, rebook -------------------------------------------------------------------------


def _gesperrt(buchung: Buchung) -> Buchung:
    return Buchung.objects.select_for_update().select_related("terminort").get(pk=buchung.pk)


@transaction.atomic
def buchung_cancel(
    *, buchung: Buchung, actor: Actor, grund: str = "", now: datetime | None = None
) -> Buchung:
    """Cancel a reserved or confirmed appointment (citizen or staff); the slot goes to the
    waiting list or, after the cool-down, back to the pool. A cancelled one stays so."""
    now = now or timezone.now()
    buchung = _gesperrt(buchung)
    if buchung.status == Buchung.Status.STORNIERT:
        return buchung
    if not buchung.aktiv or buchung.beginn <= now:
        raise ValidationError(
            _("Dieser Termin kann nicht mehr abgesagt werden."), code="nicht_aktiv"
        )
    war_bestaetigt = buchung.status == Buchung.Status.BESTAETIGT
    buchung.status = Buchung.Status.STORNIERT
    buchung.storniert_am = now
    buchung.reserviert_bis = None
    buchung.sequenz += 1
    buchung.save(
        update_fields=["status", "storniert_am", "reserviert_bis", "sequenz", "geaendert_am"]
    )
    _freigeben(buchung, now=now)
    if war_bestaetigt:
        _mail(STORNIERT, buchung, grund=grund[:500])
    protokoll_write(
        actor=actor, action="termin.cancel", target=buchung, details={"grund": grund[:500]}
    )
    return buchung


@transaction.atomic
def buchung_rebook(
    *,
    buchung: Buchung,
    beginn: datetime,
    actor: Actor,
    token: str = "",
    now: datetime | None = None,
) -> Buchung:
    """Move a confirmed appointment to another free start; keeps its number and links,
    SEQUENCE + 1. ValidationError "beginn" when the new start is not free."""
    now = now or timezone.now()
    buchung = _gesperrt(buchung)
    if buchung.status != Buchung.Status.BESTAETIGT or buchung.beginn <= now:
        raise ValidationError(
            _("Nur ein bestätigter, künftiger Termin kann verschoben werden."), code="nicht_aktiv"
        )
    wunsch = selectors.wunsch_build(
        terminort=buchung.terminort,
        leistungen={p.leistung_id: p.personen for p in buchung.positionen.all()},
    )
    if beginn == buchung.beginn:
        return buchung
    alt = Buchung(
        pk=buchung.pk,
        terminort=buchung.terminort,
        schalter_id=buchung.schalter_id,
        beginn=buchung.beginn,
        einheiten=buchung.einheiten,
    )
    # The old rows are free within this transaction (the new time may overlap them); if no
    # counter is free the ValidationError rolls everything back.
    alte_zeilen = list(Belegung.objects.filter(buchung=buchung).values_list("pk", flat=True))
    Belegung.objects.filter(pk__in=alte_zeilen).update(buchung=None, belegt_bis=now)
    kandidaten = selectors.freie_schalter(wunsch=wunsch, beginn=beginn, now=now)
    schalter_id = _belegen_erster(
        buchung=buchung,
        kandidaten=kandidaten,
        beginn=beginn,
        einheiten=wunsch.einheiten,
        bis=None,
        now=now,
    )
    if schalter_id is None:
        raise _nicht_frei()
    # the old rows not taken again go to the waiting list or the cool-down
    Belegung.objects.filter(pk__in=alte_zeilen, buchung__isnull=True).update(
        belegt_bis=now + timedelta(minutes=settings.RATHAUS_TERMINE_ABKUEHLUNG_MINUTEN),
    )
    _angebot(
        terminort=alt.terminort,
        schalter_id=alt.schalter_id,
        beginn=alt.beginn,
        einheiten=alt.einheiten,
        now=now,
    )
    buchung.schalter_id = schalter_id
    buchung.beginn = beginn
    buchung.einheiten = wunsch.einheiten
    buchung.ende = beginn + wunsch.dauer
    buchung.sequenz += 1
    buchung.erinnert_am = None
    buchung.save(
        update_fields=[
            "schalter",
            "beginn",
            "einheiten",
            "ende",
            "sequenz",
            "erinnert_am",
            "geaendert_am",
        ]
    )
    _mail(VERSCHOBEN, buchung, token)
    protokoll_write(
        actor=actor,
        action="termin.rebook",
        target=buchung,
        details={"von": alt.beginn.isoformat(), "nach": beginn.isoformat()},
    )
    return buchung


# -- closures and absences ------------------------------------------------------------------


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
        buchung.status = Buchung.Status.STORNIERT
        buchung.storniert_am = now
        buchung.reserviert_bis = None
        buchung.sequenz += 1
        buchung.save(
            update_fields=["status", "storniert_am", "reserviert_bis", "sequenz", "geaendert_am"]
        )
        # closed: the rows become the closure's, nothing is offered (the counter is away)
        Belegung.objects.filter(buchung=buchung).update(buchung=None, belegt_bis=None)
        _mail(ABGESAGT if war_bestaetigt else STORNIERT, buchung, grund=grund[:500])
        abgesagt.append(buchung)
    return abgesagt


# -- waiting list ---------------------------------------------------------------------------


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


# -- the periodic run -----------------------------------------------------------------------


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
                _angebot(
                    terminort=buchung.terminort,
                    schalter_id=buchung.schalter_id,
                    beginn=buchung.beginn,
                    einheiten=buchung.einheiten,
                    now=now,
                )
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
            _mail(ERINNERUNG, buchung)
            anzahl += 1
    return anzahl
