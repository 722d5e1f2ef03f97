"""Reads of the staff workspace: who counts as staff, their units, their second factor."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.konten.selectors import buerger_of
from rathaus.organisation.models import Organisationseinheit
from rathaus.organisation.selectors import organisationseinheit_ids_of, organisationseinheiten_list

User = AbstractBaseUser | AnonymousUser


def ist_mitarbeiter(*, user: User) -> bool:
    """Staff: an active account with a Mitgliedschaft or the is_staff flag, never a citizen."""
    if not user.is_authenticated or not user.is_active:
        return False
    if buerger_of(user=user) is not None:
        return False
    return bool(getattr(user, "is_staff", False)) or organisationseinheit_ids_of(user=user).exists()


def organisationseinheiten_of(*, user: User) -> QuerySet[Organisationseinheit]:
    return organisationseinheiten_list().filter(pk__in=organisationseinheit_ids_of(user=user))


def totp_geraet_of(*, user: User, bestaetigt: bool = True) -> TOTPDevice | None:
    """The user's TOTP device (confirmed, or the one waiting for enrolment)."""
    if user.pk is None:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=bestaetigt).order_by("pk").first()
