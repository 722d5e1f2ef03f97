"""mozilla-django-oidc backend for citizens: strict id token checks, Buerger by (iss, sub)."""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .niveau import niveau_from_acr
from .oidc import ProviderConfig, identitaet_from_claims, provider_config

logger = logging.getLogger(__name__)

# Seconds of clock difference tolerated between Rathaus and the identity provider.
LEEWAY = 60
ANMELDUNG_ATTR = "_konten_anmeldung"


class BuergerOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates citizens through the configured OpenID Connect provider.

    Django instantiates backends for every session lookup, so nothing here touches the
    network until a callback actually authenticates.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @cached_property
    def provider(self) -> ProviderConfig:
        return provider_config()

    def get_user(self, user_id: Any) -> Any:
        """The user of a session, or None once the account is deactivated: a citizen
        locked in the admin is logged out at their next request, not at the session's end
        (the library's own lookup does not look at `is_active`)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    # mozilla-django-oidc reads the endpoints as attributes.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return self.provider.token_endpoint

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return self.provider.userinfo_endpoint

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return self.provider.jwks_uri

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the OIDC callback passes a nonce; a password login never reaches the network.
        if request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        """Verify signature *and* issuer, audience and lifetime (the base class skips aud)."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation("id token is not a JWS") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("id token signed with an unexpected algorithm")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.provider.issuer,
                leeway=LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"id token rejected: {exc}") from exc

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or not self.verify_claims(userinfo):
            raise SuspiciousOperation("userinfo without subject")
        # OIDC Core 5.3.2: the userinfo sub must be the id token's sub.
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from id token subject")
        niveau = niveau_from_acr(payload.get("acr"))
        identitaet = identitaet_from_claims(
            aussteller=self.provider.issuer, claims={**userinfo, "sub": payload["sub"]}
        )
        buerger = services.buerger_login(identitaet=identitaet, niveau=niveau)
        setattr(self.request, ANMELDUNG_ATTR, {"niveau": niveau, "buerger_id": buerger.pk})
        return buerger.user
