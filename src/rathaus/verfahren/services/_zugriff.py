"""Who may see and work on a Verfahren: staff with a Mitgliedschaft in its unit.

Someone outside the unit is told the object does not exist (the UI answers 404) and the
attempt is logged; a member without the needed role gets PermissionDenied.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from rathaus.core.services import Actor
from rathaus.organisation.selectors import Rolle, rollen_of

from ..models import Aufgabe, Verfahren

log = logging.getLogger("rathaus.verfahren.zugriff")

# Who may work on a task of a lane: Leitung may also do the clerks' work.
ROLLEN_FUER: dict[str, tuple[str, ...]] = {
    Aufgabe.Rolle.SACHBEARBEITUNG: (Rolle.SACHBEARBEITUNG, Rolle.LEITUNG),
    Aufgabe.Rolle.LEITUNG: (Rolle.LEITUNG,),
}
BEARBEITEN = (Rolle.SACHBEARBEITUNG, Rolle.LEITUNG)


def person(actor: Actor) -> User:
    """The staff account acting; system actors (strings) and anonymous users are refused."""
    if not isinstance(actor, User) or not actor.is_active:
        raise PermissionDenied(_("Nur angemeldete Beschäftigte dürfen das."))
    return actor


def rollen(user: AbstractBaseUser | AnonymousUser, organisationseinheit_id: int) -> set[str]:
    return rollen_of(user=user, organisationseinheit_id=organisationseinheit_id)


def verweigert(user: AbstractBaseUser | AnonymousUser, objekt: str, pk: object) -> None:
    log.warning(
        "verfahren.zugriff_verweigert",
        extra={"user_id": getattr(user, "pk", None), "objekt": objekt, "pk": str(pk)},
    )


def sichtbar_pruefen(user: User, verfahren: Verfahren) -> set[str]:
    """The user's roles in the Verfahren's unit; DoesNotExist (logged) when none."""
    meine = rollen(user, verfahren.organisationseinheit_id)
    if not meine:
        verweigert(user, "verfahren", verfahren.pk)
        raise Verfahren.DoesNotExist(_("Verfahren nicht gefunden."))
    return meine


def bearbeiten_pruefen(user: User, verfahren: Verfahren, rolle: str) -> None:
    """Refuse unless the user may work on a task of the lane `rolle` in this Verfahren."""
    meine = sichtbar_pruefen(user, verfahren)
    if not meine & set(ROLLEN_FUER[rolle]):
        raise PermissionDenied(
            _("Diese Aufgabe erfordert die Rolle %(r)s in %(oe)s.")
            % {"r": Aufgabe.Rolle(rolle).label, "oe": verfahren.organisationseinheit}
        )


def darf_bearbeiten(user: User, organisationseinheit_id: int, rolle: str) -> bool:
    return bool(rollen(user, organisationseinheit_id) & set(ROLLEN_FUER[rolle]))
