"""Writes of the citizen accounts: login sync from identity claims, Postfach messages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from rathaus.core.services import Actor, protokoll_write

from .models import Buerger, Postfachnachricht
from .niveau import Vertrauensniveau

# The session writes other apps make (the form flow records that a session ended with the
# input kept), offered here so that they need not import konten.sitzung.
from .sitzung import sitzung_abgelaufen_vermerken as sitzung_abgelaufen_vermerken


@dataclass(frozen=True)
class Identitaet:
    """What an identity provider said about a person, already mapped to our fields."""

    aussteller: str
    sub: str
    vorname: str = ""
    nachname: str = ""
    geburtsname: str = ""
    geburtsdatum: date | None = None
    geburtsort: str = ""
    email: str = ""
    strasse: str = ""
    postleitzahl: str = ""
    ort: str = ""
    land: str = ""


_FELDER = (
    "vorname",
    "nachname",
    "geburtsname",
    "geburtsdatum",
    "geburtsort",
    "email",
    "strasse",
    "postleitzahl",
    "ort",
    "land",
)


def _username(aussteller: str, sub: str) -> str:
    # The pseudonym is not shown as a user name; a hash keeps it short and unique.
    digest = hashlib.sha256(f"{aussteller}\n{sub}".encode()).hexdigest()[:32]
    return f"buerger-{digest}"


@transaction.atomic
def buerger_login(*, identitaet: Identitaet, niveau: Vertrauensniveau) -> Buerger:
    """Create or update the citizen an identity provider just authenticated.

    The citizen is their own actor. The account gets no usable password: the only way in
    is the identity provider.
    """
    buerger = (
        Buerger.objects.select_for_update()
        .select_related("user")
        .filter(aussteller=identitaet.aussteller, sub=identitaet.sub)
        .first()
    )
    neu = buerger is None
    if buerger is None:
        user_model = get_user_model()
        user = user_model.objects.create_user(  # type: ignore[attr-defined]
            username=_username(identitaet.aussteller, identitaet.sub), password=None
        )
        buerger = Buerger(user=user, aussteller=identitaet.aussteller, sub=identitaet.sub)
    geaendert = [f for f in _FELDER if getattr(buerger, f) != getattr(identitaet, f)]
    for feld in geaendert:
        setattr(buerger, feld, getattr(identitaet, feld))
    buerger.letzte_anmeldung_am = timezone.now()
    buerger.save()
    if neu:
        protokoll_write(actor=buerger.user, action="buerger.create", target=buerger)
    protokoll_write(
        actor=buerger.user,
        action="buerger.login",
        target=buerger,
        details={"niveau": str(niveau), "geaenderte_felder": [] if neu else geaendert},
    )
    return buerger


@transaction.atomic
def buerger_logout(*, buerger: Buerger) -> None:
    """Record the end of a citizen's session (the view ends the session itself)."""
    protokoll_write(actor=buerger.user, action="buerger.logout", target=buerger)


@transaction.atomic
def postfachnachricht_create(
    *,
    empfaenger: Buerger,
    betreff: str,
    text: str = "",
    dokument_referenz: str = "",
    dokument: models.Model | None = None,
    actor: Actor,
) -> Postfachnachricht:
    """Put a message into a citizen's Postfach (other apps: Bescheide, receipts …);
    `dokument` is an E-Akte Dokument the citizen may download from the message (typed as
    any model: konten sits below the E-Akte and knows it only by its ForeignKey)."""
    betreff = betreff.strip()
    if not betreff:
        raise ValueError("betreff must not be empty")
    nachricht = Postfachnachricht.objects.create(
        empfaenger=empfaenger,
        betreff=betreff[:300],
        text=text,
        dokument_referenz=dokument_referenz[:300],
        # Django checks that it is a Dokument (ValueError otherwise).
        dokument=cast(Any, dokument),
    )
    protokoll_write(actor=actor, action="postfachnachricht.create", target=nachricht)
    return nachricht


@transaction.atomic
def postfachnachricht_mark_read(
    *, nachricht: Postfachnachricht, actor: AbstractBaseUser
) -> Postfachnachricht:
    """Mark a message as read by its recipient; reading it again changes nothing."""
    nachricht = Postfachnachricht.objects.select_for_update().get(pk=nachricht.pk)
    if nachricht.gelesen_am is not None:
        return nachricht
    nachricht.gelesen_am = timezone.now()
    nachricht.save(update_fields=["gelesen_am", "geaendert_am"])
    protokoll_write(actor=actor, action="postfachnachricht.read", target=nachricht)
    return nachricht
