"""Authentication of client systems (other online services) by a Bearer token with scopes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from rathaus.antraege.selectors import clientsystem_by_token, ist_clientsystem
from rathaus.antraege.services.clientsystem import PRAEFIX

from .auth_mitarbeiter import FehlenderScope

if TYPE_CHECKING:
    from rathaus.antraege.models import Clientsystem

MAX_TOKEN_LAENGE = 200


class ClientsystemAuthentication(BaseAuthentication):
    """``Authorization: Bearer rh_…``; the request's ``auth`` is the Clientsystem. A token
    that expired, was revoked, or was replaced by a rotation (after the overlap) is a 401
    that says so."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[AnonymousUser, Clientsystem] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        art, _sep, token = header.partition(" ")
        token = token.strip()
        # The scheme ignores case (RFC 7235), like the staff tokens'.
        if art.lower() != self.keyword.lower() or not token or len(token) > MAX_TOKEN_LAENGE:
            raise exceptions.AuthenticationFailed(
                _("Ungültiger Authorization-Header (Bearer-Token).")
            )
        if not token.startswith(PRAEFIX):
            raise exceptions.AuthenticationFailed(_("Unbekanntes oder gesperrtes Token."))
        pruefung = clientsystem_by_token(token=token)
        if pruefung.clientsystem is None:
            raise exceptions.AuthenticationFailed(pruefung.fehler)
        return AnonymousUser(), pruefung.clientsystem

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="rathaus"'


class HatScope(BasePermission):
    """The client system must hold the view's ``erforderlicher_scope`` (else a 403 that
    names it)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not ist_clientsystem(client):
            raise exceptions.NotAuthenticated(_("Anmeldung mit einem Bearer-Token erforderlich."))
        scope = getattr(view, "erforderlicher_scope", None)
        scopes = client.scopes if isinstance(client.scopes, list) else []  # see TokenHatScope
        if scope is None or scope not in scopes:
            raise FehlenderScope(scope or "?")
        return True


class ClientsystemAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "rathaus.api.antraege_auth.ClientsystemAuthentication"
    name = "clientsystemToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Token eines Clientsystems (`rh_…`), gültig bis zu seinem Ablaufdatum "
                "(Standard 365 Tage). Nach einer Erneuerung gilt das bisherige Token noch "
                "eine Übergangszeit (Standard 24 Stunden). Abgelaufene, widerrufene oder "
                "ersetzte Tokens: 401 mit dem Grund unter `detail`."
            ),
        }
