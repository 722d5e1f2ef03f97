"""Reads of the staff workspace: who counts as staff, their units, their second factor."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

# Who counts as staff is answered below the workspace and the API (konten); kept here
# for the workspace's own modules.
from rathaus.konten.selectors import ist_mitarbeiter as ist_mitarbeiter
from rathaus.organisation.models import Organisationseinheit
from rathaus.organisation.selectors import organisationseinheit_ids_of, organisationseinheiten_list

User = AbstractBaseUser | AnonymousUser


def organisationseinheiten_of(*, user: User) -> QuerySet[Organisationseinheit]:
    return organisationseinheiten_list().filter(pk__in=organisationseinheit_ids_of(user=user))


def totp_geraet_of(*, user: User, bestaetigt: bool = True) -> TOTPDevice | None:
    """The user's TOTP device (confirmed, or the one waiting for enrolment)."""
    if user.pk is None:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=bestaetigt).order_by("pk").first()
