from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rathaus.core.services import Actor

from ..models import Vorgang


def user_of(actor: Actor) -> User | None:
    """The account to record as creator, None for the system or an anonymous actor."""
    return actor if isinstance(actor, User) else None


def vorgang_offen_pruefen(vorgang: Vorgang) -> None:
    """Refuse writes into a Vorgang or Akte that is closed (zdA)."""
    if vorgang.akte.zda_am is not None:
        raise ValidationError(
            _("Die Akte %(az)s ist zu den Akten verfügt (zdA); ihr Inhalt ist unveränderlich."),
            code="akte_zda",
            params={"az": vorgang.akte.aktenzeichen},
        )
    if vorgang.zda_am is not None:
        raise ValidationError(
            _("Der Vorgang %(vg)s ist zu den Akten verfügt (zdA); sein Inhalt ist unveränderlich."),
            code="vorgang_zda",
            params={"vg": vorgang.kennzeichen},
        )


def text_pruefen(value: str, feld: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({feld: _("Dieses Feld darf nicht leer sein.")}, code="leer")
    return value
