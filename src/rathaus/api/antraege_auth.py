"""Authentication of client systems (other online services) by a Bearer token with scopes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from rathaus.antraege.models import Clientsystem
from rathaus.antraege.services.clientsystem import token_hash


class ClientsystemAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``; the request's ``auth`` is the Clientsystem."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[AnonymousUser, Clientsystem] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        art, _sep, token = header.partition(" ")
        if art != self.keyword or not token.strip() or len(token) > 200:
            raise exceptions.AuthenticationFailed("Ungültiger Authorization-Header (Bearer-Token).")
        client = Clientsystem.objects.filter(
            token_sha256=token_hash(token.strip()), aktiv=True
        ).first()
        if client is None:
            raise exceptions.AuthenticationFailed("Unbekanntes oder gesperrtes Token.")
        return AnonymousUser(), client

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="rathaus"'


class HatScope(BasePermission):
    """The client system must hold the view's ``erforderlicher_scope``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, Clientsystem):
            raise exceptions.NotAuthenticated("Anmeldung mit einem Bearer-Token erforderlich.")
        return getattr(view, "erforderlicher_scope", None) in (client.scopes or [])


class ClientsystemAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "rathaus.api.antraege_auth.ClientsystemAuthentication"
    name = "clientsystemToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "Token eines Clientsystems"}
