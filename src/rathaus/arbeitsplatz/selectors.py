"""Reads of the staff workspace: who counts as staff, their units, their second factor,
their activation links."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

# Who counts as staff is answered below the workspace and the API (konten); kept here
# for the workspace's own modules.
from rathaus.konten.selectors import ist_mitarbeiter as ist_mitarbeiter
from rathaus.organisation.selectors import organisationseinheit_ids_of, organisationseinheiten_list

from .models import Aktivierung

if TYPE_CHECKING:
    from rathaus.organisation.models import Organisationseinheit

User = AbstractBaseUser | AnonymousUser


def organisationseinheiten_of(*, user: User) -> QuerySet[Organisationseinheit]:
    return organisationseinheiten_list().filter(pk__in=organisationseinheit_ids_of(user=user))


def totp_geraet_of(*, user: User, bestaetigt: bool = True) -> TOTPDevice | None:
    """The user's TOTP device (confirmed, or the one waiting for enrolment)."""
    if user.pk is None:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=bestaetigt).order_by("pk").first()


def aktivierung_hash(*, konto_id: int, token: str) -> str:
    """What is stored of a link's secret: bound to the account it was made for."""
    return hashlib.sha256(f"{konto_id}:{token}".encode("utf-8", "surrogatepass")).hexdigest()


def aktivierung_gueltig(*, konto_id: int, token: str) -> Aktivierung | None:
    """The open activation link of this account with this secret: not used, not replaced,
    not expired, for an active account. None for anything else, whatever the reason."""
    return (
        Aktivierung.objects.select_related("user")
        .filter(
            user_id=konto_id,
            token_sha256=aktivierung_hash(konto_id=konto_id, token=token),
            verwendet_am__isnull=True,
            widerrufen_am__isnull=True,
            gueltig_bis__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
