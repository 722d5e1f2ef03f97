"""Writes at the office: check-in, the call to a counter, no-shows, walk-ins, phone bookings.

The house style of `services.py` (keyword-only, an explicit `actor`, one transaction each,
a Protokoll entry in it); kept in a module of its own so the office side can grow without
touching the booking core. The caller (the staff workspace, the API) has checked that the
actor may act for the Terminort; every function checks that the booking belongs to it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.models import Outbox
from rathaus.core.services import Actor, protokoll_write

from . import auswertung, selectors, services
from .models import Buchung, BuchungPosition, Kontakt, Schalter, Terminleistung, Terminort

# "ABCD-EFGH-JK" as typed, scanned (a hand scanner types the QR code's text), or inside a
# link: four, four and two of the number alphabet, dashes optional.
_NUMMER = re.compile(
    rf"(?<![{services.ALPHABET}])([{services.ALPHABET}]{{4}})-?([{services.ALPHABET}]{{4}})-?"
    rf"([{services.ALPHABET}]{{2}})(?![{services.ALPHABET}])"
)


def nummer_parse(eingabe: str) -> str | None:
    """The booking number in what was typed or scanned ("abcd efgh jk", a link with the
    number, the QR code's text), or None."""
    text = (eingabe or "")[:500].upper().replace(" ", "")
    treffer = _NUMMER.search(text)
    return "-".join(treffer.groups()) if treffer else None


def _heute(now: datetime) -> tuple[datetime, datetime]:
    tag = timezone.localtime(now, selectors.LOCAL_TZ).date()
    start = datetime.combine(tag, datetime.min.time(), tzinfo=selectors.LOCAL_TZ)
    return start, start + timedelta(days=1)


def _buchung_of(*, terminort: Terminort, nummer: str) -> Buchung:
    gefunden = nummer_parse(nummer)
    buchung = (
        Buchung.objects.select_for_update().filter(terminort=terminort, nummer=gefunden).first()
        if gefunden
        else None
    )
    if buchung is None:
        raise ValidationError(
            {"nummer": _("Zu dieser Terminnummer gibt es hier keinen Termin.")}, code="unbekannt"
        )
    return buchung


@transaction.atomic
def buchung_checkin(
    *, terminort: Terminort, nummer: str, actor: Actor, now: datetime | None = None
) -> Buchung:
    """Record that the citizen with this booking number has arrived (status erschienen);
    a second check-in changes nothing. ValidationError "nummer" for an unknown number, a
    booking of another day, or one that was cancelled or not confirmed."""
    now = now or timezone.now()
    buchung = _buchung_of(terminort=terminort, nummer=nummer)
    if buchung.eingecheckt_am is not None:
        return buchung
    start, ende = _heute(now)
    if buchung.status != Buchung.Status.BESTAETIGT:
        raise ValidationError(
            {"nummer": _("Dieser Termin ist nicht bestätigt oder wurde abgesagt.")},
            code="nicht_bestaetigt",
        )
    if not start <= buchung.beginn < ende:
        raise ValidationError(
            {
                "nummer": _("Dieser Termin ist am %(datum)s, nicht heute.")
                % {
                    "datum": timezone.localtime(buchung.beginn, selectors.LOCAL_TZ).strftime(
                        "%d.%m.%Y"
                    )
                }
            },
            code="anderer_tag",
        )
    buchung.status = Buchung.Status.ERSCHIENEN
    buchung.eingecheckt_am = now
    buchung.save(update_fields=["status", "eingecheckt_am", "geaendert_am"])
    protokoll_write(actor=actor, action="termin.checkin", target=buchung)
    return buchung


def _bedient(schalter: Schalter) -> set[int]:
    return set(
        Terminleistung.objects.filter(schalter=schalter).values_list("leistung_id", flat=True)
    )


@transaction.atomic
def aufruf_next(
    *, terminort: Terminort, schalter: Schalter, actor: Actor, now: datetime | None = None
) -> Buchung | None:
    """Call the next checked-in citizen of today to `schalter`: the earliest appointment
    whose services this counter serves (walk-ins by their slot, too); None when nobody
    waits. Two counters calling at once never get the same citizen (the calls of one
    Terminort are serialised by a lock on its row)."""
    now = now or timezone.now()
    if schalter.terminort_id != terminort.pk or not schalter.aktiv:
        raise ValidationError({"schalter": _("Dieser Schalter gehört nicht zu diesem Standort.")})
    # Calls at one Terminort run one after another (a human clicks; nobody waits long):
    # the second counter then sees the first one's call and takes the next citizen.
    # FOR NO KEY UPDATE: reservations referencing the Terminort are not held up.
    Terminort.objects.select_for_update(no_key=True).filter(pk=terminort.pk).first()
    bedient = _bedient(schalter)
    offen = dict(
        auswertung.wartende_qs(terminort=terminort, now=now).values_list("pk", "beginn")[:50]
    )
    leistungen: dict[int, set[int]] = {pk: set() for pk in offen}
    for buchung_id, leistung_id in BuchungPosition.objects.filter(
        buchung_id__in=list(offen)
    ).values_list("buchung_id", "leistung_id"):
        leistungen[buchung_id].add(leistung_id)
    for pk in offen:  # in call order
        if not leistungen[pk] <= bedient:
            continue
        buchung = Buchung.objects.filter(
            pk=pk, status=Buchung.Status.ERSCHIENEN, aufgerufen_am__isnull=True
        ).first()
        if buchung is None:
            continue
        buchung.aufgerufen_am = now
        buchung.aufgerufen_an = schalter
        buchung.save(update_fields=["aufgerufen_am", "aufgerufen_an", "geaendert_am"])
        protokoll_write(
            actor=actor,
            action="termin.aufruf",
            target=buchung,
            details={"schalter": schalter.pk},
        )
        return buchung
    return None


@transaction.atomic
def buchung_no_show_mark(
    *, terminort: Terminort, nummer: str, actor: Actor, now: datetime | None = None
) -> Buchung:
    """Record that a confirmed appointment was missed (status nicht_erschienen); only after
    its end, and not for a citizen who checked in. A second call changes nothing."""
    now = now or timezone.now()
    buchung = _buchung_of(terminort=terminort, nummer=nummer)
    if buchung.status == Buchung.Status.NICHT_ERSCHIENEN:
        return buchung
    if buchung.status != Buchung.Status.BESTAETIGT:
        raise ValidationError(
            {"nummer": _("Nur ein bestätigter Termin ohne Check-in kann versäumt sein.")},
            code="nicht_bestaetigt",
        )
    if buchung.ende > now:
        raise ValidationError(
            {"nummer": _("Der Termin ist noch nicht vorbei.")}, code="noch_nicht_vorbei"
        )
    buchung.status = Buchung.Status.NICHT_ERSCHIENEN
    buchung.save(update_fields=["status", "geaendert_am"])
    protokoll_write(actor=actor, action="termin.nicht_erschienen", target=buchung)
    return buchung


def _frei_heute(wunsch: selectors.Wunsch, now: datetime) -> list[tuple[datetime, list[int]]]:
    """Today's starts from the running slot on with their free counters, the held-back
    ones (the quota for walk-ins and phone) first."""
    tag = timezone.localtime(now, selectors.LOCAL_TZ).date()
    lage = selectors.lage_lesen(terminort=wunsch.terminort, von=tag, bis=tag, now=now)
    schritt = timedelta(minutes=wunsch.terminort.slot_minuten)
    out = []
    for beginn in selectors.starts_of(lage, tag, wunsch.einheiten):
        if beginn + schritt <= now:
            continue
        frei = selectors.schalter_frei(
            lage, sorted(wunsch.schalter_ids), tag, beginn, wunsch.einheiten, tag
        )
        if frei:
            frei.sort(key=lambda sid: (not lage.schalter[sid].vorbehalten, sid))
            out.append((beginn, frei))
    return out


@transaction.atomic
def vorsprache_create(
    *,
    terminort: Terminort,
    leistungen: Mapping[int, int],
    name: str,
    actor: Actor,
    email: str = "",
    now: datetime | None = None,
) -> Buchung:
    """Enter a walk-in (an emergency at the desk): the next free slot of today, on a
    counter held back for walk-ins and phone where one is free, confirmed and checked in
    at once (kanal vor_ort). ValidationError "leistungen"/"personen"/"name"/"email", or
    "leistungen" when nothing is free today."""
    now = now or timezone.now()
    name, email = (name or "").strip(), (email or "").strip()
    if not name or len(name) > 200 or any(ord(c) < 32 for c in name):
        raise ValidationError(
            {"name": _("Bitte geben Sie einen Namen mit höchstens 200 Zeichen an.")}
        )
    if email:
        services.kontakt_validate(name=name, email=email)
    wunsch = selectors.wunsch_build(terminort=terminort, leistungen=leistungen)
    buchung = Buchung(
        nummer=services.nummer_neu(),
        token_hash=services.token_hash(secrets.token_urlsafe(32)),
        terminort=terminort,
        einheiten=wunsch.einheiten,
        personen=max(p for _tl, p in wunsch.positionen),
        kanal=Buchung.Kanal.VOR_ORT,
        status=Buchung.Status.ERSCHIENEN,
        bestaetigt_am=now,
        eingecheckt_am=now,
    )
    for beginn, frei in _frei_heute(wunsch, now):
        buchung.beginn, buchung.ende, buchung.schalter_id = beginn, beginn + wunsch.dauer, frei[0]
        if buchung.pk is None:
            buchung.save()
        else:
            buchung.save(update_fields=["beginn", "ende", "schalter"])
        schalter_id = services.belegen_erster(
            buchung=buchung,
            kandidaten=frei,
            beginn=beginn,
            einheiten=wunsch.einheiten,
            bis=None,
            now=now,
        )
        if schalter_id is not None:
            if schalter_id != buchung.schalter_id:
                buchung.schalter_id = schalter_id
                buchung.save(update_fields=["schalter"])
            break
    else:
        raise ValidationError(
            {"leistungen": _("Heute ist für diese Leistungen kein Platz mehr frei.")},
            code="kein_platz",
        )
    Kontakt.objects.create(
        buchung=buchung,
        name=name,
        email=email,
        email_norm=services.email_normalise(email) if email else "",
    )
    services.positionen_anlegen(buchung, wunsch)
    protokoll_write(
        actor=actor,
        action="termin.vorsprache",
        target=buchung,
        details={"terminort": terminort.pk, "beginn": buchung.beginn.isoformat()},
    )
    return buchung


@transaction.atomic
def telefonbuchung_create(
    *,
    terminort: Terminort,
    leistungen: Mapping[int, int],
    beginn: datetime,
    name: str,
    email: str,
    actor: Actor,
    now: datetime | None = None,
) -> tuple[Buchung, str]:
    """Book directly for a trusted desk (phone service, the city's app with a client-system
    token): reserved and confirmed in one step, kanal telefon; the citizen gets the
    confirmation email with the .ics and the links. Same errors as `buchung_reserve`."""
    buchung, token = services.buchung_reserve(
        terminort=terminort,
        leistungen=leistungen,
        beginn=beginn,
        name=name,
        email=email,
        actor=actor,
        kanal=Buchung.Kanal.TELEFON,
        now=now,
    )
    buchung = services.buchung_confirm(buchung=buchung, actor=actor, token=token, now=now)
    # Booked by a trusted desk: no "please confirm" email, only the confirmation (the
    # rows were written in this transaction, no worker has seen them).
    Outbox.objects.filter(
        topic=services.RESERVIERT, key__startswith=f"{buchung.pk}:", delivered_at__isnull=True
    ).delete()
    return buchung, token
