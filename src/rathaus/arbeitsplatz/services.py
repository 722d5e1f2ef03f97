"""Writes of the staff workspace: activation links and the second factor, audit of reads
and refusals, Posteingang.

Each function runs in one transaction and writes its Protokoll entry in it.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.akten import services as akten_services
from rathaus.akten.selectors import akte_writable
from rathaus.akten.services import DokumentArt, VersionEingabe
from rathaus.antraege.plugins import VirenscannerFehler, scanner_aktiv
from rathaus.core.forms import pflicht_text
from rathaus.core.services import Actor, protokoll_write

from .models import Aktivierung
from .selectors import aktivierung_hash, ist_mitarbeiter

if TYPE_CHECKING:
    from rathaus.akten.models import Akte, Dokument, Vorgang

GERAETENAME = "Authenticator-App"
AKTIVIERUNG_STUNDEN = 72


@transaction.atomic
def anmeldung_record(*, user: User, aktion: str, details: dict[str, Any] | None = None) -> None:
    """Record a staff login or logout (`arbeitsplatz.anmeldung` / `arbeitsplatz.abmeldung`)."""
    protokoll_write(actor=user, action=f"arbeitsplatz.{aktion}", target=user, details=details)


class AktivierungUngueltig(Exception):
    """The link was used, replaced or expired in the meantime."""


def _stunden_pruefen(stunden: int) -> None:
    if isinstance(stunden, bool) or not isinstance(stunden, int) or not 1 <= stunden <= 720:
        raise ValidationError(
            {"stunden": _("Die Gültigkeit beträgt 1 bis %(n)d Stunden.") % {"n": 720}},
            code="stunden",
        )


@transaction.atomic
def aktivierung_create(
    *, user: User, actor: Actor, stunden: int = AKTIVIERUNG_STUNDEN
) -> tuple[Aktivierung, str]:
    """Issue a one-time activation link for a staff account and reset its access.

    The password becomes unusable, every TOTP device of the account is removed and earlier
    open links are revoked: until the person uses the new link nobody logs in to the
    account, and its open sessions end (their password hash no longer matches). Returns
    the link's row and its secret, which is shown once and stored only as a hash.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not ist_mitarbeiter(user=user):
        raise ValidationError(
            {"user": _("Aktivierungslinks gibt es nur für aktive Beschäftigte.")},
            code="kein_mitarbeiter",
        )
    _stunden_pruefen(stunden)
    jetzt = timezone.now()
    widerrufen = Aktivierung.objects.filter(
        user=user, verwendet_am__isnull=True, widerrufen_am__isnull=True
    ).update(widerrufen_am=jetzt)
    geraete, _einzeln = TOTPDevice.objects.filter(user=user).delete()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    token = secrets.token_urlsafe(32)
    aktivierung = Aktivierung.objects.create(
        user=user,
        token_sha256=aktivierung_hash(konto_id=user.pk, token=token),
        gueltig_bis=jetzt + timedelta(hours=stunden),
    )
    protokoll_write(
        actor=actor,
        action="arbeitsplatz.aktivierung.erstellt",
        target=user,
        details={
            "aktivierung": aktivierung.pk,
            "gueltig_bis": aktivierung.gueltig_bis.isoformat(),
            "geraete_entfernt": geraete,
            "links_widerrufen": widerrufen,
        },
    )
    return aktivierung, token


@transaction.atomic
def aktivierung_start(*, aktivierung: Aktivierung) -> TOTPDevice:
    """A new unconfirmed TOTP device with a fresh random key for one visitor of the link.

    Each browser session gets its own key, so one who opens the link later never sees the
    key of the app the person set up; the first device confirmed wins, the others go."""
    user = aktivierung.user
    geraet = TOTPDevice.objects.create(user=user, name=GERAETENAME, confirmed=False)
    protokoll_write(
        actor=user,
        action="arbeitsplatz.totp.einrichtung_begonnen",
        target=user,
        details={"aktivierung": aktivierung.pk},
    )
    return geraet


@transaction.atomic
def aktivierung_complete(
    *, aktivierung: Aktivierung, geraet: TOTPDevice, passwort: str, code: str
) -> bool:
    """Use the link: set the password, confirm `geraet` with a code from the app, remove
    every other device of the account and close the link.

    ValidationError (nothing changed) if the password breaks a rule; False if the code is
    wrong (only the device's count of wrong codes changes); AktivierungUngueltig if the
    link is no longer open or the device not one of its unconfirmed ones.
    """
    aktivierung = Aktivierung.objects.select_for_update().get(pk=aktivierung.pk)
    user = User.objects.select_for_update().get(pk=aktivierung.user_id)
    if (
        aktivierung.verwendet_am is not None
        or aktivierung.widerrufen_am is not None
        or aktivierung.gueltig_bis <= timezone.now()
        or not user.is_active
    ):
        raise AktivierungUngueltig
    geraet = TOTPDevice.objects.select_for_update().filter(pk=geraet.pk).first()  # type: ignore[assignment]
    if geraet is None or geraet.user_id != user.pk or geraet.confirmed:
        raise AktivierungUngueltig
    try:
        password_validation.validate_password(passwort, user)
    except ValidationError as fehler:
        raise ValidationError({"passwort1": fehler.error_list}) from fehler
    if not geraet.verify_token(code):
        return False
    user.set_password(passwort)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).exclude(pk=geraet.pk).delete()
    geraet.confirmed = True
    geraet.save(update_fields=["confirmed"])
    aktivierung.verwendet_am = timezone.now()
    aktivierung.save(update_fields=["verwendet_am", "geaendert_am"])
    protokoll_write(
        actor=user,
        action="arbeitsplatz.aktivierung.verwendet",
        target=user,
        details={"aktivierung": aktivierung.pk},
    )
    protokoll_write(actor=user, action="arbeitsplatz.totp.eingerichtet", target=user)
    return True


@transaction.atomic
def zugriff_record(
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
def _schadsoftware_pruefen(dateien: Sequence[VersionEingabe]) -> None:
    """Incoming post comes from outside like a citizen's upload: the same virus scanner
    (RATHAUS_ANTRAEGE_VIRENSCANNER) checks every file before anything is filed."""
    scanner = scanner_aktiv()
    if scanner is None:
        return
    for name, _typ, inhalt in dateien:
        datei = io.BytesIO(inhalt) if isinstance(inhalt, bytes | bytearray) else inhalt
        try:
            befund = scanner.scan(datei)
            datei.seek(0)
        except VirenscannerFehler as exc:
            raise ValidationError(
                {
                    "dateien": _(
                        "Die Datei %(name)s konnte gerade nicht auf Schadsoftware geprüft "
                        "werden. Bitte versuchen Sie es später erneut."
                    )
                    % {"name": name}
                }
            ) from exc
        if not befund.sauber:
            raise ValidationError(
                {
                    "dateien": _(
                        "Die Datei %(name)s enthält Schadsoftware und wurde nicht abgelegt."
                    )
                    % {"name": name}
                }
            )


def posteingang_record(
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
    _schadsoftware_pruefen(dateien)
    erste, *weitere = dateien
    return akten_services.dokument_file(
        vorgang=vorgang,
        art=DokumentArt.EINGANG,
        betreff=betreff,
        versionen=[erste],
        anlagen=[(name, [(name, typ, inhalt)]) for name, typ, inhalt in weitere],
        posteingangsdatum=eingangsdatum,
        absender=absender,
        personenbezogen=personenbezogen,
        actor=actor,
    )
