"""Activation link: a new (or reset) staff account sets its password and enrols the app.

The link is the only way to a second factor: a password alone never shows a key. Each
browser session that opens the link gets its own key (`services.aktivierung_start`);
wrong codes count like wrong logins (django-axes for name and address, the name's backoff).
"""

from __future__ import annotations

from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import services
from ..forms import AktivierungsForm
from ..models import Aktivierung
from ..qr import qr_svg
from ..selectors import aktivierung_gueltig
from ..zugang import axes_gesperrt, fehlversuch_melden
from .anmeldung import anmeldung_abschliessen

# The unconfirmed device of this browser session: {"aktivierung": pk, "geraet": pk}.
SITZUNG = "arbeitsplatz_aktivierung"


def _ungueltig(request: HttpRequest) -> HttpResponse:
    """One answer for a used, replaced, expired, altered or foreign link."""
    return render(request, "arbeitsplatz/aktivierung_ungueltig.html", status=404)


def _geraet(request: HttpRequest, aktivierung: Aktivierung) -> TOTPDevice:
    stand = request.session.get(SITZUNG)
    if isinstance(stand, dict) and stand.get("aktivierung") == aktivierung.pk:
        geraet = TOTPDevice.objects.filter(
            pk=stand.get("geraet"), user_id=aktivierung.user_id, confirmed=False
        ).first()
        if geraet is not None:
            return geraet
    geraet = services.aktivierung_start(aktivierung=aktivierung)
    request.session[SITZUNG] = {"aktivierung": aktivierung.pk, "geraet": geraet.pk}
    return geraet


def _secret_text(geraet: TOTPDevice) -> str:
    secret = b32encode(geraet.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("passwort1", "passwort2", "code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def aktivieren(request: HttpRequest, konto: int, token: str) -> HttpResponse:
    aktivierung = aktivierung_gueltig(konto_id=konto, token=token)
    if aktivierung is None:
        return _ungueltig(request)
    user = aktivierung.user
    username = user.get_username()
    if not AxesProxyHandler.is_allowed(request, {"username": username}):
        return axes_gesperrt(request)
    geraet = _geraet(request, aktivierung)
    form = AktivierungsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bestaetigt = services.aktivierung_complete(
                aktivierung=aktivierung,
                geraet=geraet,
                passwort=form.cleaned_data["passwort1"],
                code=form.cleaned_data["code"],
            )
        except services.AktivierungUngueltig:
            return _ungueltig(request)
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            if bestaetigt:
                request.session.pop(SITZUNG, None)
                # The service set the password and confirmed the device on rows of its own.
                user.refresh_from_db()
                geraet.refresh_from_db()
                return anmeldung_abschliessen(request, user, geraet, None)
            fehlversuch_melden(request, username)
            if getattr(request, "axes_locked_out", False):
                return axes_gesperrt(request)
            form.add_error("code", _("Der Code ist falsch oder abgelaufen."))
    return render(
        request,
        "arbeitsplatz/aktivieren.html",
        {
            "form": form,
            "qr": qr_svg(
                geraet.config_url, titel=_("QR-Code zum Einrichten der Authenticator-App")
            ),
            "secret": _secret_text(geraet),
            "aussteller": getattr(settings, "OTP_TOTP_ISSUER", ""),
            "konto": username,
        },
        status=400 if form.errors else 200,
    )
