"""Reserve, confirm, cancel and rebook one appointment."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    BESTAETIGT,
    RESERVIERT,
    STORNIERT,
    VERSCHOBEN,
    belegen_erster,
    email_normalise,
    gesperrt,
    kontakt_validate,
    mail_schreiben,
    nicht_frei,
    nummer_neu,
    positionen_anlegen,
    stornieren,
    token_hash,
)
from .warteliste import angebot_machen, freigeben

_zufall = secrets.SystemRandom()


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
        raise nicht_frei()
    # In random order: clients racing for one start spread over the counters instead of
    # all queueing for the first one's row lock.
    _zufall.shuffle(kandidaten)
    token = secrets.token_urlsafe(32)
    bis = now + timedelta(minutes=settings.RATHAUS_TERMINE_RESERVIERUNG_MINUTEN)
    buchung = Buchung(
        nummer=nummer_neu(),
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
    schalter_id = belegen_erster(
        buchung=buchung,
        kandidaten=kandidaten,
        beginn=beginn,
        einheiten=wunsch.einheiten,
        bis=bis,
        now=now,
    )
    if schalter_id is None:
        raise nicht_frei()
    if schalter_id != buchung.schalter_id:
        buchung.schalter_id = schalter_id
        buchung.save(update_fields=["schalter"])
    Kontakt.objects.create(
        buchung=buchung, name=name, email=email, email_norm=email_norm, buerger_id=buerger_id
    )
    positionen_anlegen(buchung, wunsch)
    mail_schreiben(RESERVIERT, buchung, token)
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
    mail_schreiben(BESTAETIGT, buchung, token)
    protokoll_write(actor=actor, action="termin.confirm", target=buchung)
    return buchung


@transaction.atomic
def buchung_cancel(
    *, buchung: Buchung, actor: Actor, grund: str = "", now: datetime | None = None
) -> Buchung:
    """Cancel a reserved or confirmed appointment (citizen or staff); the slot goes to the
    waiting list or, after the cool-down, back to the pool. A cancelled one stays so."""
    now = now or timezone.now()
    buchung = gesperrt(buchung)
    if buchung.status == Buchung.Status.STORNIERT:
        return buchung
    if not buchung.aktiv or buchung.beginn <= now:
        raise ValidationError(
            _("Dieser Termin kann nicht mehr abgesagt werden."), code="nicht_aktiv"
        )
    war_bestaetigt = buchung.status == Buchung.Status.BESTAETIGT
    stornieren(buchung, now=now)
    freigeben(buchung, now=now)
    if war_bestaetigt:
        mail_schreiben(STORNIERT, buchung, grund=grund[:500])
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
    buchung = gesperrt(buchung)
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
    schalter_id = belegen_erster(
        buchung=buchung,
        kandidaten=kandidaten,
        beginn=beginn,
        einheiten=wunsch.einheiten,
        bis=None,
        now=now,
    )
    if schalter_id is None:
        raise nicht_frei()
    # the old rows not taken again go to the waiting list or the cool-down
    Belegung.objects.filter(pk__in=alte_zeilen, buchung__isnull=True).update(
        belegt_bis=now + timedelta(minutes=settings.RATHAUS_TERMINE_ABKUEHLUNG_MINUTEN),
    )
    angebot_machen(alt, now=now)
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
    mail_schreiben(VERSCHOBEN, buchung, token)
    protokoll_write(
        actor=actor,
        action="termin.rebook",
        target=buchung,
        details={"von": alt.beginn.isoformat(), "nach": beginn.isoformat()},
    )
    return buchung
