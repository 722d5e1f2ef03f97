"""What the writes of the Terminvergabe share: email topics, tokens and booking numbers,
contact checks, occupying counter rows, the outbox email."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write

from .. import selectors
from ..models import (
    Belegung,
    Buchung,
    BuchungPosition,
)

RESERVIERT = "termin.reserviert"
BESTAETIGT = "termin.bestaetigt"
VERSCHOBEN = "termin.verschoben"
STORNIERT = "termin.storniert"
ABGESAGT = "termin.abgesagt"
ERINNERUNG = "termin.erinnerung"
ANGEBOT = "termin.angebot"
WARTELISTE = "termin.warteliste"

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


def nummer_neu() -> str:
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


def belegen(
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


def belegen_erster(
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
        if belegen(
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


def nicht_frei() -> ValidationError:
    return ValidationError(
        {
            "beginn": _(
                "Dieser Termin ist leider nicht mehr frei. Bitte wählen Sie eine andere Uhrzeit."
            )
        }
    )


def _payload(buchung: Buchung, token: str = "") -> dict[str, Any]:
    daten: dict[str, Any] = {"sequenz": buchung.sequenz}
    if token:
        daten["token"] = token
    return daten


def mail_schreiben(topic: str, buchung: Buchung, token: str = "", **extra: Any) -> None:
    outbox_write(
        topic=topic,
        key=f"{buchung.pk}:{buchung.sequenz}:{secrets.token_hex(4)}",
        payload={**_payload(buchung, token), **extra},
        context=buchung,
    )


def positionen_anlegen(buchung: Buchung, wunsch: selectors.Wunsch) -> None:
    BuchungPosition.objects.bulk_create(
        BuchungPosition(
            buchung=buchung,
            leistung_id=tl.leistung_id,
            personen=personen,
            einheiten=tl.einheiten_fuer(personen),
        )
        for tl, personen in wunsch.positionen
    )


def gesperrt(buchung: Buchung) -> Buchung:
    return Buchung.objects.select_for_update().select_related("terminort").get(pk=buchung.pk)


def stornieren(buchung: Buchung, *, now: datetime) -> None:
    """Mark a locked booking cancelled (SEQUENCE + 1); its rows and emails are the
    caller's."""
    buchung.status = Buchung.Status.STORNIERT
    buchung.storniert_am = now
    buchung.reserviert_bis = None
    buchung.sequenz += 1
    buchung.save(
        update_fields=["status", "storniert_am", "reserviert_bis", "sequenz", "geaendert_am"]
    )
