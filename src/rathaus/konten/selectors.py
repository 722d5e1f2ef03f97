"""Reads of the accounts: whose account is a citizen's and whose is staff; every read of
a citizen's data is scoped to the citizen asking."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet

from rathaus.organisation.selectors import organisationseinheit_ids_of

from .models import Buerger, Postfachnachricht
from .niveau import Vertrauensniveau
from .sitzung import NIVEAU


def buerger_of(*, user: AbstractBaseUser | AnonymousUser) -> Buerger | None:
    """The citizen behind a logged-in user, None for staff and anonymous visitors."""
    if not user.is_authenticated:
        return None
    return Buerger.objects.filter(user_id=user.pk).first()


def ist_mitarbeiter(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Staff: an active account with a Mitgliedschaft or the is_staff flag, never a citizen.

    Asked by the staff workspace and the API alike, so it lives below both."""
    if not user.is_authenticated or not user.is_active:
        return False
    if buerger_of(user=user) is not None:
        return False
    return bool(getattr(user, "is_staff", False)) or organisationseinheit_ids_of(user=user).exists()


def buerger_by_pk(*, pk: int) -> Buerger | None:
    """The citizen with this id, None if there is none. Not scoped to a user: for the
    operator's access report (Art. 15 GDPR, management command `auskunft`)."""
    return Buerger.objects.filter(pk=pk).first()


def ist_buergersitzung(*, session: SessionBase) -> bool:
    """Whether the session is a citizen's login through the identity provider (it holds
    the login's Vertrauensniveau); a staff session does not."""
    return NIVEAU in session


def postfachnachrichten_of(*, buerger: Buerger) -> QuerySet[Postfachnachricht]:
    return Postfachnachricht.objects.filter(empfaenger=buerger)


def postfach_ungelesen_count(*, buerger: Buerger) -> int:
    return Postfachnachricht.objects.filter(empfaenger=buerger, gelesen_am__isnull=True).count()


def postfachnachricht_get(*, buerger: Buerger, pk: int) -> Postfachnachricht:
    """One message of this citizen; another citizen's message does not exist for them."""
    return Postfachnachricht.objects.get(empfaenger=buerger, pk=pk)


def ist_postfachnachricht(*, objekt: object) -> bool:
    """Whether `objekt` is a Postfach message (what another app's outbox consumer of
    messages about it asks)."""
    return isinstance(objekt, Postfachnachricht)


def postfachnachricht_by_pk(*, pk: int) -> Postfachnachricht | None:
    """A Postfach message with its recipient, None when it is gone (deletion period). Not
    scoped to a citizen: for the worker that announces the message to its recipient."""
    return Postfachnachricht.objects.select_related("empfaenger").filter(pk=pk).first()


def konto_erforderlich(*, vertrauensniveau: str) -> bool:
    """Whether a form of this Vertrauensniveau asks for a login to a citizen account
    (every level above basis)."""
    return vertrauensniveau != Vertrauensniveau.BASIS
