"""Reads of the citizen accounts; every read is scoped to the citizen asking."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from .models import Buerger, Postfachnachricht


def buerger_of(*, user: AbstractBaseUser | AnonymousUser) -> Buerger | None:
    """The citizen behind a logged-in user, None for staff and anonymous visitors."""
    if not user.is_authenticated:
        return None
    return Buerger.objects.filter(user_id=user.pk).first()


def postfachnachrichten_of(*, buerger: Buerger) -> QuerySet[Postfachnachricht]:
    return Postfachnachricht.objects.filter(empfaenger=buerger)


def postfach_ungelesen_count(*, buerger: Buerger) -> int:
    return Postfachnachricht.objects.filter(empfaenger=buerger, gelesen_am__isnull=True).count()


def postfachnachricht_get(*, buerger: Buerger, pk: int) -> Postfachnachricht:
    """One message of this citizen; another citizen's message does not exist for them."""
    return Postfachnachricht.objects.get(empfaenger=buerger, pk=pk)
