"""Authentication of staff in the API, with the rules of the workspace.

Two ways in: the workspace's own session (only once the second factor is verified,
CSRF checked on every unsafe request) or a personal API token of a staff member
(``Authorization: Bearer rhm_…``). Either way the request acts as that person, so the
permission-aware selectors and services of the Verfahren apply unchanged. A token is
further limited by its scopes: reading (GET, HEAD, OPTIONS) needs ``verfahren:lesen``,
every other method ``verfahren:schreiben``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from rathaus.konten.selectors import ist_mitarbeiter

from .drosseln import ClientAddressMixin
from .models import SCOPE_LESEN, SCOPE_SCHREIBEN, ApiToken
from .selectors import api_token_gueltig
from .services import PRAEFIX, api_token_benutzt

MAX_TOKEN_LAENGE = 200


class TokenFehlversuchThrottle(ClientAddressMixin, SimpleRateThrottle):
    """Wrong tokens per client address: past the rate every token request is refused
    (429) until the window has passed, so tokens cannot be guessed at speed. Rate from
    ``DEFAULT_THROTTLE_RATES["api_token_fehler"]`` if set."""

    scope = "api_token_fehler"
    STANDARD_RATE = "20/minute"
    num_requests: int
    duration: int

    def get_rate(self) -> str:
        return str(self.THROTTLE_RATES.get(self.scope) or self.STANDARD_RATE)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _laden(self, request: Request) -> None:
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def pruefen(self, request: Request) -> None:
        """Raise Throttled while the address is over its rate of failures."""
        self._laden(request)
        if len(self.history) >= self.num_requests:
            raise exceptions.Throttled(
                wait=self.wait(),
                detail=_("Zu viele ungültige Tokens von dieser Adresse; bitte später erneut."),
            )

    def fehlschlag(self, request: Request) -> None:
        self._laden(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class MitarbeiterTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``: a personal token; ``auth`` is the ApiToken."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        art, _sep, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        # Other schemes are not ours (e.g. Basic from a proxy in front of a test system):
        # the request may still carry the workspace session.
        if art.lower() != self.keyword.lower():
            return None
        drossel = TokenFehlversuchThrottle()
        drossel.pruefen(request)
        token = token.strip()
        api_token = None
        if token.startswith(PRAEFIX) and len(token) <= MAX_TOKEN_LAENGE:
            api_token = api_token_gueltig(token=token)
        if api_token is None:
            drossel.fehlschlag(request)
            raise exceptions.AuthenticationFailed(
                _("Ungültiges, abgelaufenes oder widerrufenes Token (Authorization: Bearer …).")
            )
        api_token_benutzt(api_token=api_token)
        return api_token.user, api_token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="rathaus"'


class MitarbeiterSessionAuthentication(SessionAuthentication):
    """The workspace session; CSRF is enforced for unsafe methods (as in DRF)."""


class IstMitarbeiter(BasePermission):
    """Exactly the rule of the workspace (`mitarbeiter_required`): an active staff account,
    never a citizen, logged in with a verified second factor. A personal token stands in
    for the second factor: it was issued to that person by the administration."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            raise exceptions.NotAuthenticated(
                _(
                    "Anmeldung erforderlich: ein persönliches API-Token (Authorization: "
                    "Bearer …) oder die Sitzung des Arbeitsplatzes."
                )
            )
        assert isinstance(user, AbstractBaseUser)
        if not ist_mitarbeiter(user=user):
            raise exceptions.PermissionDenied(_("Nur für Beschäftigte der Verwaltung."))
        if isinstance(request.auth, ApiToken):
            return True
        ist_verifiziert = getattr(user, "is_verified", None)
        if not callable(ist_verifiziert) or not ist_verifiziert():
            raise exceptions.PermissionDenied(
                _(
                    "Die Anmeldung am Arbeitsplatz ist erst mit dem zweiten Faktor "
                    "vollständig; bitte dort mit dem Code anmelden."
                )
            )
        return True


def scope_fuer(method: str) -> str:
    """The scope a personal token needs for a request with this HTTP method."""
    return SCOPE_LESEN if method.upper() in SAFE_METHODS else SCOPE_SCHREIBEN


class FehlenderScope(exceptions.PermissionDenied):
    """403 naming the missing scope, in the body (``fehlender_scope``) and, as RFC 6750
    asks, in ``WWW-Authenticate: Bearer error="insufficient_scope"``."""

    def __init__(self, scope: str) -> None:
        super().__init__(
            {
                "detail": _(
                    "Diesem Token fehlt die Berechtigung „%(scope)s“ für diese Anfrage; "
                    "die Berechtigungen eines Tokens werden beim Ausstellen festgelegt."
                )
                % {"scope": scope},
                "fehlender_scope": scope,
            }
        )
        self.auth_header = f'Bearer realm="rathaus", error="insufficient_scope", scope="{scope}"'


class TokenHatScope(BasePermission):
    """A personal token may do only what its scopes allow; a session is not limited.
    Checked after `IstMitarbeiter`, so a refused token never reaches the view. A method the
    view does not offer is left to its 405."""

    def has_permission(self, request: Request, view: Any) -> bool:
        api_token = request.auth
        if not isinstance(api_token, ApiToken):
            return True
        if request.method is None or request.method.lower() not in view.http_method_names:
            return True
        scope = scope_fuer(request.method)
        # Only a list counts: in a text or an object edited by hand, `in` would find
        # names that were never granted.
        scopes = api_token.scopes if isinstance(api_token.scopes, list) else []
        if scope not in scopes:
            raise FehlenderScope(scope)
        return True


class ScopeSchema(AutoSchema):
    """Names the scope a personal token needs at every operation (``x-token-scope``;
    OpenAPI 3.0 allows scopes in security requirements only for OAuth2)."""

    def get_extensions(self) -> dict[str, Any]:
        return {**super().get_extensions(), "x-token-scope": scope_fuer(self.method)}


def ueber_token(request: Request) -> dict[str, Any]:
    """How the request was authenticated, for the Protokoll of reads."""
    if isinstance(request.auth, ApiToken):
        return {"zugang": "token", "token": request.auth.pk}
    return {"zugang": "sitzung"}


class MitarbeiterTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "rathaus.api.auth_mitarbeiter.MitarbeiterTokenAuthentication"
    name = "mitarbeiterToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Persönliches API-Token von Beschäftigten (`rathaus api_token_create`). "
                "Berechtigungen (Scopes): `verfahren:lesen` für GET, HEAD und OPTIONS, "
                "`verfahren:schreiben` für alle anderen Methoden (schließt Lesen ein); "
                "die nötige steht an jeder Operation unter `x-token-scope`. Ein neues Token "
                "darf nur lesen (`--scope verfahren:schreiben` erlaubt auch Schreiben). "
                "Fehlt die Berechtigung: 403 mit `fehlender_scope`."
            ),
        }


class MitarbeiterSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "rathaus.api.auth_mitarbeiter.MitarbeiterSessionAuthentication"
    name = "arbeitsplatzSitzung"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        from django.conf import settings

        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "Sitzung des Arbeitsplatzes mit bestätigtem zweitem Faktor; "
            "schreibende Anfragen brauchen den Header X-CSRFToken.",
        }
