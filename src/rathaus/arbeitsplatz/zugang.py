"""Who gets into the staff workspace, and the hooks for django-axes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

import django_otp
from django.conf import settings
from django.contrib.auth import user_login_failed
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import anmeldebremse
from .selectors import ist_mitarbeiter, totp_geraet_of

View = Callable[..., HttpResponseBase]


def anmelde_url(request: HttpRequest) -> str:
    return f"{reverse('arbeitsplatz:anmelden')}?{urlencode({'weiter': request.get_full_path()})}"


def mitarbeiter_required(view: View) -> View:
    """Staff with a verified second factor only.

    Anonymous visitors and staff without a verified second factor are sent to the staff
    login; any other account (a citizen) gets 403 and never a login form that could mix
    the two kinds of session.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return HttpResponseRedirect(anmelde_url(request))
        if not ist_mitarbeiter(user=user):
            return render(request, "arbeitsplatz/verboten.html", status=403)
        if not user.is_verified():  # type: ignore[union-attr,attr-defined]
            return HttpResponseRedirect(anmelde_url(request))
        return view(request, *args, **kwargs)

    return wrapped


# Pages a login may return to: the workspace and the admin site (whose login is this one).
WEITER_BEREICHE = frozenset({"arbeitsplatz", "admin"})
NICHT_WEITER = frozenset({"anmelden", "aktivieren", "login", "logout"})


def weiter_url(request: HttpRequest, weiter: str | None) -> str:
    """`weiter` if it is a page of the workspace or the admin site on this host, else the
    start page."""
    start = reverse("arbeitsplatz:start")
    if not weiter or not url_has_allowed_host_and_scheme(
        weiter, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return start
    try:
        match = resolve(urlsplit(weiter).path)
    except Resolver404:
        return start
    if match.namespace not in WEITER_BEREICHE or match.url_name in NICHT_WEITER:
        return start
    return weiter


def zweiter_faktor(*, user: User, code: str) -> TOTPDevice | None:
    """The staff member's confirmed device if `code` is its current code, else None: also
    for an account that is no staff account or has no confirmed device (never enrolled, or
    reset by an administrator; it needs an activation link)."""
    if not ist_mitarbeiter(user=user):
        return None
    geraet = totp_geraet_of(user=user)
    if geraet is None:
        return None
    return django_otp.verify_token(user, geraet.persistent_id, code)  # type: ignore[no-any-return]


def aktivierung_link(*, konto_id: int, token: str) -> str:
    """The full address of an activation link (under RATHAUS_BASE_URL, default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        pfad = reverse("arbeitsplatz:aktivieren", kwargs={"konto": konto_id, "token": token})
    return f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{pfad}"


def fehlversuch_melden(request: HttpRequest, username: str) -> None:
    """Count a wrong second factor (or a right password of an account that may not log in)
    like a wrong password: for the pair of name and address (django-axes listens) and for
    the name's backoff (`anmeldebremse`)."""
    anmeldebremse.code_fehlschlag(username)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


# --- django-axes settings hooks ---------------------------------------------------------


def axes_nicht_zaehlen(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """Whitelist for axes: only password logins count; a citizen's OIDC callback has no
    username and must never lock anybody out, and a password refused unread because the
    name has to wait (`anmeldebremse`) was no guess."""
    if anmeldebremse.wartezeit(request) is not None:
        return True
    return not (credentials or {}).get("username")


def axes_gesperrt(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a locked-out login: a page of the workspace, 429."""
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    minuten = int(float(cooloff) * 60) if isinstance(cooloff, int | float) else None
    return render(request, "arbeitsplatz/gesperrt.html", {"minuten": minuten}, status=429)


def bitte_warten(request: HttpRequest, sekunden: int) -> HttpResponse:
    """The answer while the user name has to wait (`anmeldebremse`): 429, Retry-After."""
    response = render(
        request,
        "arbeitsplatz/warten.html",
        {"sekunden": sekunden, "minuten": -(-sekunden // 60)},
        status=429,
    )
    response["Retry-After"] = str(sekunden)
    return response
