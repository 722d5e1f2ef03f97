"""Staff login: name, password and TOTP code in one form and one answer; logout by POST.

Whether the password was right is never told apart from whether the code was: a wrong
password, a right password with a wrong code, and a right password of an account without a
confirmed second factor get the same page and count alike for django-axes and the name's
backoff (`anmeldebremse`). The admin site sends its login here (`adminsite`).
"""

from __future__ import annotations

import django_otp
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
from ..forms import AnmeldeForm
from ..selectors import ist_mitarbeiter
from ..zugang import axes_gesperrt, bitte_warten, fehlversuch_melden, weiter_url, zweiter_faktor

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def anmeldung_abschliessen(
    request: HttpRequest, user: User, geraet: TOTPDevice, weiter: str | None
) -> HttpResponse:
    """Log in with a verified device and go on to `weiter` (checked by `weiter_url`)."""
    ziel = weiter_url(request, weiter)
    auth.login(request, user, backend=MODEL_BACKEND)
    django_otp.login(request, geraet)
    sitzung.sitzung_beginnen(request.session)
    # The address (as a keyed hash) makes it a known one for the backoff (anmeldebremse).
    services.anmeldung_record(
        user=user,
        aktion="anmeldung",
        details={"adresse": anmeldebremse.adresse_merkmal(request)},
    )
    return HttpResponseRedirect(ziel)


@sensitive_post_parameters("password", "code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def anmelden(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and ist_mitarbeiter(user=user) and user.is_verified():  # type: ignore[union-attr,attr-defined]
        return redirect(weiter_url(request, request.GET.get("weiter")))
    form = AnmeldeForm(request.POST or None)
    weiter = request.POST.get("weiter") or request.GET.get("weiter", "")
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        konto = auth.authenticate(
            request, username=username, password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return axes_gesperrt(request)
        if (sekunden := anmeldebremse.wartezeit(request)) is not None:
            return bitte_warten(request, sekunden)
        if konto is not None:
            geraet = zweiter_faktor(user=konto, code=form.cleaned_data["code"])
            if geraet is not None:
                return anmeldung_abschliessen(request, konto, geraet, weiter)
            # A right password is no hint: the rest counts like a wrong password.
            fehlversuch_melden(request, username)
            if getattr(request, "axes_locked_out", False):
                return axes_gesperrt(request)
        form.add_error(None, _("Benutzername, Passwort oder Sicherheitscode ist falsch."))
        daten = request.POST.copy()
        daten["code"] = ""  # a code is used once; the field starts empty again
        form.data = daten
    return render(
        request,
        "arbeitsplatz/anmelden.html",
        {
            "form": form,
            "weiter": weiter,
            "abgelaufen": request.session.pop(sitzung.ABGELAUFEN, False),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@csrf_protect
def abmelden(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and ist_mitarbeiter(user=request.user):
        services.anmeldung_record(user=request.user, aktion="abmeldung")  # type: ignore[arg-type]
    auth.logout(request)
    return render(request, "arbeitsplatz/abgemeldet.html")
