"""API client systems and their tokens: create, rotate (with a short overlap), revoke."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write

from ..models import Clientsystem
from ..selectors import token_hash

# termine:buchen: book appointments directly, confirmed, kanal telefon (api/views/termine.py)
SCOPES = ("antraege:einreichen", "termine:buchen")
PRAEFIX = "rh_"
STANDARD_TAGE = 365
MAX_TAGE = 730
# Long enough to deploy the new token to a client, short enough that a leaked old one
# dies soon.
STANDARD_UEBERLAPPUNG_STUNDEN = 24
MAX_UEBERLAPPUNG_STUNDEN = 168


def _ganzzahl(wert: object, *, feld: str, von: int, bis: int, text: str) -> int:
    if isinstance(wert, bool) or not isinstance(wert, int) or not von <= wert <= bis:
        raise ValidationError({feld: text}, code=feld)
    return wert


def _tage(tage: object) -> int:
    return _ganzzahl(
        tage,
        feld="tage",
        von=1,
        bis=MAX_TAGE,
        text=_("Die Gültigkeit des Tokens beträgt 1 bis %(n)d Tage.") % {"n": MAX_TAGE},
    )


def _neues_token() -> tuple[str, str, str]:
    """(token, prefix shown in lists, SHA-256 stored)."""
    token = PRAEFIX + secrets.token_urlsafe(32)
    return token, token[:10], token_hash(token)


@transaction.atomic
def clientsystem_create(
    *,
    name: str,
    scopes: list[str],
    actor: Actor,
    tage: int = STANDARD_TAGE,
    now: datetime | None = None,
) -> tuple[Clientsystem, str]:
    """Create a client system; returns it and its token (shown once, stored as a hash),
    valid for `tage` days (1–730, default 365)."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte einen Namen angeben.")})
    unbekannt = sorted(set(scopes) - set(SCOPES))
    if unbekannt:
        raise ValidationError({"scopes": _("Unbekannte Berechtigung: %s") % ", ".join(unbekannt)})
    tage = _tage(tage)
    token, praefix, sha256 = _neues_token()
    client = Clientsystem.objects.create(
        name=name[:200],
        token_praefix=praefix,
        token_sha256=sha256,
        scopes=sorted(set(scopes)),
        gueltig_bis=now + timedelta(days=tage),
    )
    protokoll_write(
        actor=actor,
        action="antraege.clientsystem.create",
        target=client,
        details={
            "scopes": client.scopes,
            "praefix": praefix,
            "gueltig_bis": client.gueltig_bis.isoformat(),
        },
    )
    return client, token


@transaction.atomic
def clientsystem_token_rotate(
    *,
    clientsystem: Clientsystem,
    actor: Actor,
    overlap_hours: int = STANDARD_UEBERLAPPUNG_STUNDEN,
    tage: int = STANDARD_TAGE,
    now: datetime | None = None,
) -> tuple[Clientsystem, str]:
    """Issue a new token for the client system; returns it and the token (shown once).

    The old token keeps working for `overlap_hours` (0–168, default 24), so the client can
    switch without downtime, then stops; never past its own expiry and not at all if it
    was revoked. A token from an earlier rotation that is still in its overlap stops at
    once (only one old token is kept). The new token is valid for `tage` days.
    """
    now = now or timezone.now()
    stunden = _ganzzahl(
        overlap_hours,
        feld="overlap_hours",
        von=0,
        bis=MAX_UEBERLAPPUNG_STUNDEN,
        text=_("Die Übergangszeit beträgt 0 bis %(n)d Stunden.") % {"n": MAX_UEBERLAPPUNG_STUNDEN},
    )
    tage = _tage(tage)
    client = Clientsystem.objects.select_for_update().get(pk=clientsystem.pk)
    alt_bis: datetime | None = None
    if client.token_widerrufen_am is None:
        # Kept even when that is already past (overlap 0, expired): the old token is then
        # refused as replaced, which tells its holder what happened.
        alt_bis = min(now + timedelta(hours=stunden), client.gueltig_bis)
    alt_praefix = client.token_praefix
    if alt_bis is not None:
        client.vorheriger_token_praefix = client.token_praefix
        client.vorheriger_token_sha256 = client.token_sha256
    else:
        client.vorheriger_token_praefix = client.vorheriger_token_sha256 = ""
    client.vorheriger_token_gueltig_bis = alt_bis
    token, client.token_praefix, client.token_sha256 = _neues_token()
    client.gueltig_bis = now + timedelta(days=tage)
    client.token_widerrufen_am = None
    client.save(
        update_fields=[
            "token_praefix",
            "token_sha256",
            "gueltig_bis",
            "token_widerrufen_am",
            "vorheriger_token_praefix",
            "vorheriger_token_sha256",
            "vorheriger_token_gueltig_bis",
        ]
    )
    protokoll_write(
        actor=actor,
        action="antraege.clientsystem.token.rotate",
        target=client,
        details={
            "praefix": client.token_praefix,
            "gueltig_bis": client.gueltig_bis.isoformat(),
            "vorheriges_praefix": alt_praefix,
            "vorheriges_gueltig_bis": alt_bis.isoformat() if alt_bis else None,
        },
    )
    return client, token


@transaction.atomic
def clientsystem_token_revoke(
    *, clientsystem: Clientsystem, actor: Actor, now: datetime | None = None
) -> Clientsystem:
    """Stop the client system's token at once, and an old one still in the overlap of a
    rotation; a new token comes only from `clientsystem_token_rotate`. Revoking a revoked
    token changes nothing."""
    now = now or timezone.now()
    client = Clientsystem.objects.select_for_update().get(pk=clientsystem.pk)
    if client.token_widerrufen_am is not None:
        return client
    client.token_widerrufen_am = now
    client.vorheriger_token_praefix = client.vorheriger_token_sha256 = ""
    client.vorheriger_token_gueltig_bis = None
    client.save(
        update_fields=[
            "token_widerrufen_am",
            "vorheriger_token_praefix",
            "vorheriger_token_sha256",
            "vorheriger_token_gueltig_bis",
        ]
    )
    protokoll_write(
        actor=actor,
        action="antraege.clientsystem.token.revoke",
        target=client,
        details={"praefix": client.token_praefix},
    )
    return client
