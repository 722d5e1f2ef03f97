"""Writes of the staff workspace: second factor, audit of reads and refusals, Posteingang.

Each function runs in one transaction and writes its Protokoll entry in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.akten import services as akten_services
from rathaus.akten.models import Akte, Dokument, Vorgang
from rathaus.akten.selectors import akte_writable
from rathaus.akten.services import VersionEingabe
from rathaus.core.forms import pflicht_text
from rathaus.core.services import Actor, protokoll_write

from .selectors import totp_geraet_of

GERAETENAME = "Authenticator-App"


@transaction.atomic
def anmeldung_protokollieren(
    *, user: User, aktion: str, details: dict[str, Any] | None = None
) -> None:
    """Record a staff login or logout (`arbeitsplatz.anmeldung` / `arbeitsplatz.abmeldung`)."""
    protokoll_write(actor=user, action=f"arbeitsplatz.{aktion}", target=user, details=details)


@transaction.atomic
def totp_einrichtung_beginnen(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device of a first login, created with a fresh random key once."""
    geraet = totp_geraet_of(user=user, bestaetigt=False)
    if geraet is None:
        geraet = TOTPDevice.objects.create(user=user, name=GERAETENAME, confirmed=False)
        protokoll_write(actor=user, action="arbeitsplatz.totp.einrichtung_begonnen", target=user)
    return geraet


@transaction.atomic
def totp_einrichtung_bestaetigen(*, geraet: TOTPDevice, code: str) -> bool:
    """Confirm the device with a code from the app; False (nothing confirmed) if it is wrong."""
    geraet = TOTPDevice.objects.select_for_update().get(pk=geraet.pk)
    if geraet.confirmed or not geraet.verify_token(code):
        return False
    geraet.confirmed = True
    geraet.save(update_fields=["confirmed"])
    protokoll_write(actor=geraet.user, action="arbeitsplatz.totp.eingerichtet", target=geraet.user)
    return True


@transaction.atomic
def zugriff_protokollieren(
    *, actor: Actor, aktion: str, target: models.Model, details: dict[str, Any] | None = None
) -> None:
    """Record a read of personal data or a download, before the content leaves the system."""
    protokoll_write(actor=actor, action=aktion, target=target, details=details)


class _Verweis:
    """Stands for an object by type and id only, without loading (or revealing) it."""

    def __init__(self, modell: type[models.Model], pk: int) -> None:
        self._meta = modell._meta
        self.pk = pk

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


@transaction.atomic
def zugriff_verweigert(
    *, actor: Actor, modell: type[models.Model], objekt_id: int, aktion: str, pfad: str
) -> None:
    """Record a refused attempt on an object the user may not see (answered with 404).

    The entry names the object type and id asked for, whether or not it exists, so the
    answer reveals nothing and the audit still shows who probed what.
    """
    protokoll_write(
        actor=actor,
        action="arbeitsplatz.zugriff_verweigert",
        target=cast(models.Model, _Verweis(modell, objekt_id)),
        details={"aktion": aktion, "pfad": pfad[:300]},
    )


def _ziel_pruefen(*, user: User, akte: Akte) -> None:
    if not akte_writable(user=user, akte=akte):
        raise PermissionDenied(_("Sie dürfen in diese Akte nichts ablegen."))


@transaction.atomic
def posteingang_erfassen(
    *,
    actor: User,
    betreff: str,
    dateien: Sequence[VersionEingabe],
    vorgang: Vorgang | None = None,
    akte: Akte | None = None,
    neuer_vorgang_betreff: str = "",
    absender: str = "",
    eingangsdatum: date | None = None,
    personenbezogen: bool = False,
) -> Dokument:
    """File incoming post as an Eingang-Dokument: the first file is the Dokument, further
    files (enclosures, scanned pages) become its Anlagen.

    Into an existing Vorgang, or into a new Vorgang of `akte`; both in one transaction, so
    a refused filing leaves no empty Vorgang behind. Only members of the federführende
    Organisationseinheit may file.
    """
    if vorgang is None:
        if akte is None:
            raise ValidationError({"ziel": pflicht_text(_("Ablageort"))})
        _ziel_pruefen(user=actor, akte=akte)
        vorgang = akten_services.vorgang_open(
            akte=akte, betreff=neuer_vorgang_betreff or betreff, actor=actor
        )
    else:
        _ziel_pruefen(user=actor, akte=vorgang.akte)
    if not dateien:
        raise ValidationError({"dateien": pflicht_text(_("Dateien"))})
    erste, *weitere = dateien
    return akten_services.dokument_file(
        vorgang=vorgang,
        art=Dokument.Art.EINGANG,
        betreff=betreff,
        versionen=[erste],
        anlagen=[(name, [(name, typ, inhalt)]) for name, typ, inhalt in weitere],
        posteingangsdatum=eingangsdatum,
        absender=absender,
        personenbezogen=personenbezogen,
        actor=actor,
    )
