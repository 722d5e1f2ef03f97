"""API client systems and their tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write

from ..models import Clientsystem

SCOPES = ("antraege:einreichen",)
PRAEFIX = "rh_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def clientsystem_create(*, name: str, scopes: list[str], actor: Actor) -> tuple[Clientsystem, str]:
    """Create a client system; returns it and its token (shown once, stored as a hash)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte einen Namen angeben.")})
    unbekannt = sorted(set(scopes) - set(SCOPES))
    if unbekannt:
        raise ValidationError({"scopes": _("Unbekannte Berechtigung: %s") % ", ".join(unbekannt)})
    token = PRAEFIX + secrets.token_urlsafe(32)
    client = Clientsystem.objects.create(
        name=name[:200],
        token_praefix=token[:10],
        token_sha256=token_hash(token),
        scopes=sorted(set(scopes)),
    )
    protokoll_write(
        actor=actor,
        action="antraege.clientsystem.create",
        target=client,
        details={"scopes": client.scopes},
    )
    return client, token
