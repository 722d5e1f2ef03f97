"""Citizen login (OpenID Connect), Mein Konto and Postfach.

The OIDC views wrap mozilla-django-oidc: they add the requested level (`acr_values`) and
turn every failure of the callback – tampered state, replayed code, a rejected id token,
an unreachable provider – into a clear error page instead of a 500.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from rathaus.termine.selectors import buchungen_of

from . import meine_antraege, selectors, services
from .auth import ANMELDUNG_ATTR
from .drossel import callback_fehlschlag, callback_gesperrt
from .lesezugang import fehlendes_niveau, lesen_erlaubt, nachrichten_niveaus, verweigert
from .models import Buerger, Postfachnachricht
from .niveau import Vertrauensniveau, acr_values_for, niveau_parse, reicht
from .oidc import ProviderUnavailable, provider_config
from .sitzung import (
    ABGELAUFEN,
    ANGEFORDERT,
    EINGABEN_GESICHERT,
    aktivitaet_vermerken,
    aktuelles_niveau,
    anmelde_url,
    sitzung_beginnen,
    sitzungsstand,
)

logger = logging.getLogger(__name__)

# Exceptions a hostile or broken callback may raise inside mozilla-django-oidc.
_CALLBACK_FEHLER = (
    SuspiciousOperation,
    requests.RequestException,
    jwt.PyJWTError,
    ProviderUnavailable,
    KeyError,
    ValueError,
    TypeError,
)


def _jetzt() -> float:
    return timezone.now().timestamp()


def _krumen(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    krumen: list[dict[str, str | None]] = [{"text": _("Startseite"), "url": reverse("portal:home")}]
    return krumen + [{"text": text, "url": url} for text, url in items]


def _fehlerseite(
    request: HttpRequest, *, titel: str, text: str, status: int, erneut: bool = True
) -> HttpResponse:
    return render(
        request,
        "konten/fehler.html",
        {"titel": titel, "text": text, "erneut": erneut},
        status=status,
    )


def _sicheres_ziel(request: HttpRequest, ziel: str | None) -> str | None:
    if ziel and url_has_allowed_host_and_scheme(
        ziel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ziel
    return None


# --- OpenID Connect --------------------------------------------------------------------


def _state_bekannt(request: HttpRequest) -> bool:
    """The callback names a state that a login started in this session (not yet used)."""
    states = request.session.get("oidc_states")
    state = request.GET.get("state", "")
    return bool(state) and isinstance(states, dict) and state in states


def _anmeldung_fehlgeschlagen(request: HttpRequest) -> HttpResponse:
    return _fehlerseite(
        request,
        titel=_("Die Anmeldung ist fehlgeschlagen"),
        text=_(
            "Die Antwort des Anmeldedienstes konnte nicht bestätigt werden. "
            "Sie sind nicht angemeldet. Bitte starten Sie die Anmeldung noch einmal."
        ),
        status=400,
    )


class AnmeldungStartView(OIDCAuthenticationRequestView):
    """Send the browser to the identity provider, asking for a level if one is required."""

    def __init__(self, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_config().authorization_endpoint
        except ProviderUnavailable:
            logger.exception("identity provider unavailable")
            return _fehlerseite(
                request,
                titel=_("Die Anmeldung ist gerade nicht möglich"),
                text=_(
                    "Der Anmeldedienst ist im Moment nicht erreichbar. "
                    "Bitte versuchen Sie es in einigen Minuten noch einmal."
                ),
                status=503,
            )
        niveau = niveau_parse(request.GET.get("niveau"))
        if niveau is None:
            request.session.pop(ANGEFORDERT, None)
        else:
            request.session[ANGEFORDERT] = str(niveau)
        return super().get(request)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # This view sits outside i18n_patterns; the page that sent us names its language.
        sprache = request.GET.get("sprache", "")
        if sprache not in dict(settings.LANGUAGES):
            sprache = get_language() or settings.LANGUAGE_CODE
        params = {"ui_locales": sprache}
        niveau = niveau_parse(request.GET.get("niveau"))
        if niveau is not None and niveau != Vertrauensniveau.BASIS:
            params["acr_values"] = acr_values_for(niveau)
        return params


class AnmeldungCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: check it, log the citizen in, record the session's level."""

    def get(self, request: HttpRequest) -> HttpResponse:
        # A state this browser never received is refused first and counts nowhere: such
        # requests cost nothing to send, and counting them would let anyone use up the
        # budget of an address others share.
        if not _state_bekannt(request):
            logger.warning("OIDC callback rejected: unknown state")
            return _anmeldung_fehlgeschlagen(request)
        if callback_gesperrt(request):
            return _fehlerseite(
                request,
                titel=_("Zu viele Anmeldeversuche"),
                text=_("Bitte warten Sie einige Minuten und versuchen Sie es dann noch einmal."),
                status=429,
                erneut=False,
            )
        try:
            return super().get(request)
        except _CALLBACK_FEHLER as exc:
            # Nobody was logged in: django.contrib.auth.login only runs after every check.
            logger.warning("OIDC callback rejected: %s: %s", exc.__class__.__name__, exc)
            return self._fehler()

    def _fehler(self) -> HttpResponse:
        """A failed login of a started flow: it counts against the client's address."""
        callback_fehlschlag(self.request)
        return _anmeldung_fehlgeschlagen(self.request)

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error") == "access_denied":
            return _fehlerseite(
                self.request,
                titel=_("Anmeldung abgebrochen"),
                text=_("Sie haben die Anmeldung abgebrochen. Sie sind nicht angemeldet."),
                status=200,
            )
        return self._fehler()

    def login_success(self) -> HttpResponse:
        anmeldung = getattr(self.request, ANMELDUNG_ATTR, None)
        if not anmeldung:
            return self._fehler()
        ziel = _sicheres_ziel(self.request, self.request.session.get("oidc_login_next"))
        angefordert = niveau_parse(self.request.session.get(ANGEFORDERT))
        super().login_success()
        # Django keeps the session id when the same citizen logs in again (to raise the
        # level, or after the IdP's session ended), and mozilla-django-oidc then skips
        # login(): a new id and CSRF token after every login, so a session id or token
        # known before it (fixation) opens nothing after. The data stays (draft, kept input).
        self.request.session.cycle_key()
        rotate_token(self.request)
        niveau: Vertrauensniveau = anmeldung["niveau"]
        sitzung_beginnen(self.request.session, niveau=niveau, jetzt=timezone.now().timestamp())
        if angefordert is not None and not reicht(niveau, angefordert):
            return render(
                self.request,
                "konten/niveau_zu_niedrig.html",
                {"erreicht": niveau, "erforderlich": angefordert, "ziel": ziel},
                status=403,
            )
        return HttpResponseRedirect(ziel or reverse("konten:konto"))


anmeldung_start = never_cache(require_GET(AnmeldungStartView.as_view()))
anmeldung_callback = never_cache(require_GET(AnmeldungCallbackView.as_view()))


@never_cache
@require_POST
def abmelden(request: HttpRequest) -> HttpResponse:
    """End the session on the server (POST with CSRF token only)."""
    buerger = selectors.buerger_of(user=request.user)
    id_token = request.session.get("oidc_id_token")
    if buerger is not None:
        services.buerger_logout(buerger=buerger)
    auth.logout(request)
    ziel = request.build_absolute_uri(reverse("konten:abgemeldet"))
    if settings.RATHAUS_OIDC_LOGOUT_AT_IDP and id_token:
        try:
            end_session = provider_config().end_session_endpoint
        except ProviderUnavailable:
            end_session = ""
        if end_session:
            query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": ziel})
            return HttpResponseRedirect(f"{end_session}?{query}")
    return HttpResponseRedirect(ziel)


# --- Pages ---------------------------------------------------------------------------


def buerger_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Only a logged-in citizen; anyone else goes to the login page or gets a 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('konten:anmelden')}?{query}")
        buerger = selectors.buerger_of(user=request.user)
        if buerger is None:
            return render(request, "konten/kein_buerger.html", status=403)
        return view(request, buerger, *args, **kwargs)

    return wrapped


@never_cache
@require_GET
def anmelden(request: HttpRequest) -> HttpResponse:
    """Explain the login and offer the button to the identity provider (at the level
    ``niveau`` names, if any)."""
    ziel = _sicheres_ziel(request, request.GET.get("next")) or reverse("konten:konto")
    abgelaufen = bool(request.session.pop(ABGELAUFEN, False))
    gesichert = bool(request.session.pop(EINGABEN_GESICHERT, False))
    niveau = niveau_parse(request.GET.get("niveau"))
    return render(
        request,
        "konten/anmelden.html",
        {
            "start_url": anmelde_url(next_url=ziel, niveau=niveau),
            "abgelaufen": abgelaufen,
            "gesichert": abgelaufen and gesichert,
            "dev_idp": settings.RATHAUS_DEV_IDP and not settings.RATHAUS_OIDC_ISSUER,
            "brotkrumen": _krumen((_("Anmelden"), None)),
        },
    )


@never_cache
@require_POST
def sitzung_verlaengern(request: HttpRequest) -> HttpResponse:
    """Extend a citizen's session from the warning dialog (POST with CSRF token): the idle
    deadline starts again now. Answers the seconds left (until the idle and until the
    absolute end) and how long before the end to warn; 403 when
    there is no citizen session (it has already ended, or it is a staff session)."""
    stand = sitzungsstand(request.session) if request.user.is_authenticated else None
    if stand is None:
        return JsonResponse({"abgelaufen": True}, status=403)
    jetzt = _jetzt()
    aktivitaet_vermerken(request.session, stand, jetzt=jetzt, sofort=True)
    neu = dataclasses.replace(stand, aktiv_am=jetzt)
    return JsonResponse(
        {
            "restzeit": neu.restzeit(jetzt),
            "absolut": neu.absolut_rest(jetzt),
            "warnung": neu.grenze.warnung,
        }
    )


@never_cache
@require_GET
def abgemeldet(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "konten/abgemeldet.html",
        {"brotkrumen": _krumen((_("Abgemeldet"), None))},
    )


@never_cache
@require_GET
@buerger_required
def konto(request: HttpRequest, buerger: Buerger) -> HttpResponse:
    stand = sitzungsstand(request.session)
    nachrichten = selectors.postfachnachrichten_of(buerger=buerger)
    return render(
        request,
        "konten/konto.html",
        {
            "buerger": buerger,
            "stand": stand,
            "ungelesen": selectors.postfach_ungelesen_count(buerger=buerger),
            "neueste": _mit_sperre(request, buerger, list(nachrichten[:3])),
            # the citizen's Anträge and drafts, as the antraege app shows them
            "meine_antraege": meine_antraege.liste(buerger, aktuelles_niveau(request)),
            # the citizen's appointments (termine), latest first
            "meine_termine": list(buchungen_of(buerger_id=buerger.pk)[:20]),
            "brotkrumen": _krumen((_("Mein Konto"), None)),
        },
    )


def _mit_sperre(
    request: HttpRequest, buerger: Buerger, nachrichten: list[Postfachnachricht]
) -> list[tuple[Postfachnachricht, Vertrauensniveau | None]]:
    """Each message with the level this session lacks to read it (None: it may). A list
    names a message it may not read (Betreff, date) but links only to its page, which
    explains and offers the login at that level."""
    niveaus = nachrichten_niveaus(buerger, nachrichten)
    vorhanden = aktuelles_niveau(request)
    return [(n, fehlendes_niveau(vorhanden, niveaus[n.pk])) for n in nachrichten]


@never_cache
@require_GET
@buerger_required
def postfach(request: HttpRequest, buerger: Buerger) -> HttpResponse:
    return render(
        request,
        "konten/postfach.html",
        {
            "nachrichten": _mit_sperre(
                request, buerger, list(selectors.postfachnachrichten_of(buerger=buerger))
            ),
            "brotkrumen": _krumen(
                (_("Mein Konto"), reverse("konten:konto")), (_("Postfach"), None)
            ),
        },
    )


@never_cache
@require_GET
@buerger_required
def nachricht(request: HttpRequest, buerger: Buerger, pk: int) -> HttpResponse:
    try:
        gefunden = selectors.postfachnachricht_get(buerger=buerger, pk=pk)
    except Postfachnachricht.DoesNotExist:
        raise Http404(_("Diese Nachricht gibt es nicht.")) from None
    erforderlich = nachrichten_niveaus(buerger, [gefunden])[gefunden.pk]
    if not lesen_erlaubt(request, erforderlich):
        # Before it is marked read: a refused look changes nothing.
        return verweigert(
            request,
            erforderlich=erforderlich,
            ziel=request.get_full_path(),
            bezeichnung=gefunden.betreff,
            art="nachricht",
        )
    gefunden = services.postfachnachricht_mark_read(nachricht=gefunden, actor=buerger.user)
    return render(
        request,
        "konten/nachricht.html",
        {
            "nachricht": gefunden,
            "brotkrumen": _krumen(
                (_("Mein Konto"), reverse("konten:konto")),
                (_("Postfach"), reverse("konten:postfach")),
                (gefunden.betreff, None),
            ),
        },
    )
