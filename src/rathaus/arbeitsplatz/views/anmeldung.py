"""Staff login: password, then TOTP (enrolment on the first login), logout by POST."""

from __future__ import annotations

from base64 import b32encode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import anmeldebremse, services, sitzung
from ..forms import AnmeldeForm, CodeForm
from ..qr import qr_svg
from ..selectors import ist_mitarbeiter, totp_geraet_of
from ..zugang import axes_gesperrt, bitte_warten, fehlversuch_melden, weiter_url

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _gesperrt(request: HttpRequest, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def anmelden(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and ist_mitarbeiter(user=user) and user.is_verified():  # type: ignore[union-attr,attr-defined]
        return redirect(weiter_url(request, request.GET.get("weiter")))
    form = AnmeldeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        konto = auth.authenticate(
            request, username=username, password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return axes_gesperrt(request)
        if (sekunden := anmeldebremse.wartezeit(request)) is not None:
            return bitte_warten(request, sekunden)
        if konto is None or not ist_mitarbeiter(user=konto):
            form.add_error("password", _("Benutzername oder Passwort ist falsch."))
        else:
            sitzung.vorlaeufig_setzen(
                request.session, user=konto, weiter=request.POST.get("weiter", "")
            )
            if totp_geraet_of(user=konto) is None:
                return redirect("arbeitsplatz:einrichten")
            return redirect("arbeitsplatz:code")
    return render(
        request,
        "arbeitsplatz/anmelden.html",
        {
            "form": form,
            "weiter": request.POST.get("weiter") or request.GET.get("weiter", ""),
            "abgelaufen": request.session.pop(sitzung.ABGELAUFEN, False),
        },
        status=400 if form.errors else 200,
    )


def _anmeldung_abschliessen(request: HttpRequest, user: User, geraet: TOTPDevice) -> HttpResponse:
    stand = sitzung.vorlaeufig(request.session) or {}
    weiter = weiter_url(request, stand.get("weiter"))
    auth.login(request, user, backend=MODEL_BACKEND)
    django_otp.login(request, geraet)
    sitzung.sitzung_beginnen(request.session)
    # The address (as a keyed hash) makes it a known one for the backoff (anmeldebremse).
    services.anmeldung_protokollieren(
        user=user,
        aktion="anmeldung",
        details={"adresse": anmeldebremse.adresse_merkmal(request)},
    )
    return HttpResponseRedirect(weiter)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    user = sitzung.vorlaeufiger_user(request.session)
    if user is None:
        return redirect("arbeitsplatz:anmelden")
    geraet = totp_geraet_of(user=user)
    if geraet is None:
        return redirect("arbeitsplatz:einrichten")
    if _gesperrt(request, user.get_username()):
        return axes_gesperrt(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bestaetigt = django_otp.verify_token(user, geraet.persistent_id, form.cleaned_data["code"])
        if bestaetigt is not None:
            return _anmeldung_abschliessen(request, user, bestaetigt)
        fehlversuch_melden(request, user.get_username())
        if getattr(request, "axes_locked_out", False):
            return axes_gesperrt(request)
        form.add_error("code", _("Der Code ist falsch oder abgelaufen."))
    return render(
        request, "arbeitsplatz/code.html", {"form": form}, status=400 if form.errors else 200
    )


def _secret_text(geraet: TOTPDevice) -> str:
    secret = b32encode(geraet.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def einrichten(request: HttpRequest) -> HttpResponse:
    """First login: register an authenticator app (QR code or secret) and confirm a code."""
    user = sitzung.vorlaeufiger_user(request.session)
    if user is None:
        return redirect("arbeitsplatz:anmelden")
    if totp_geraet_of(user=user) is not None:
        return redirect("arbeitsplatz:code")
    if _gesperrt(request, user.get_username()):
        return axes_gesperrt(request)
    geraet = services.totp_einrichtung_beginnen(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_einrichtung_bestaetigen(geraet=geraet, code=form.cleaned_data["code"]):
            geraet.refresh_from_db()
            return _anmeldung_abschliessen(request, user, geraet)
        fehlversuch_melden(request, user.get_username())
        if getattr(request, "axes_locked_out", False):
            return axes_gesperrt(request)
        form.add_error("code", _("Der Code ist falsch oder abgelaufen."))
    return render(
        request,
        "arbeitsplatz/einrichten.html",
        {
            "form": form,
            "qr": qr_svg(
                geraet.config_url,
                titel=_("QR-Code zum Einrichten der Authenticator-App"),
            ),
            "secret": _secret_text(geraet),
            "aussteller": getattr(settings, "OTP_TOTP_ISSUER", ""),
            "konto": user.get_username(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@csrf_protect
def abmelden(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and ist_mitarbeiter(user=request.user):
        services.anmeldung_protokollieren(user=request.user, aktion="abmeldung")  # type: ignore[arg-type]
    auth.logout(request)
    return render(request, "arbeitsplatz/abgemeldet.html")
