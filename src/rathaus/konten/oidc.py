"""The OpenID Connect provider Rathaus trusts, and how its claims become a citizen.

The provider is any OIDC identity provider (a BundID broker, Keycloak …) named by
`RATHAUS_OIDC_ISSUER`; endpoints not set explicitly come from its discovery document.
Without an issuer the development identity provider of the project itself is used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .services import Identitaet

logger = logging.getLogger(__name__)

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
DISCOVERY_CACHE_SECONDS = 3600


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read."""


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str = ""


def issuer() -> str:
    if settings.RATHAUS_OIDC_ISSUER:
        return str(settings.RATHAUS_OIDC_ISSUER).rstrip("/")
    if settings.RATHAUS_DEV_IDP:
        root = reverse("dev_idp:discovery").removesuffix(DISCOVERY_SUFFIX)
        return f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{root}"
    raise ImproperlyConfigured("Set RATHAUS_OIDC_ISSUER or enable RATHAUS_DEV_IDP.")


def _discovery(iss: str) -> dict[str, Any]:
    key = f"konten:oidc-discovery:{iss}"
    cached = cache.get(key)
    if isinstance(cached, dict):
        return cached
    try:
        response = requests.get(iss + DISCOVERY_SUFFIX, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(str(exc)) from exc
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != iss:
        # OIDC Discovery 4.3: the issuer in the document must be the one we asked.
        raise ProviderUnavailable("discovery document names another issuer")
    cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def provider_config() -> ProviderConfig:
    """Endpoints of the provider: explicit settings win, the rest comes from discovery."""
    iss = issuer()
    explicit = {
        "authorization_endpoint": settings.RATHAUS_OIDC_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.RATHAUS_OIDC_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.RATHAUS_OIDC_USERINFO_ENDPOINT,
        "jwks_uri": settings.RATHAUS_OIDC_JWKS_ENDPOINT,
        "end_session_endpoint": settings.RATHAUS_OIDC_END_SESSION_ENDPOINT,
    }
    required = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
    if not all(explicit[name] for name in required):
        document = _discovery(iss)
        for name in explicit:
            explicit[name] = explicit[name] or str(document.get(name) or "")
    missing = [name for name in required if not explicit[name]]
    if missing:
        raise ProviderUnavailable(f"provider names no {', '.join(missing)}")
    return ProviderConfig(issuer=iss, **{k: str(v) for k, v in explicit.items()})


# --- Claims --------------------------------------------------------------------------
# BundID delivers SAML attributes (friendly names in ../shared/data/bundid); a broker in
# front of it passes them on as claims of the same name. Other providers use the OIDC
# standard claims. The BundID name wins where both are present.
_NAMEN: dict[str, tuple[str, ...]] = {
    "vorname": ("givenname", "givenName", "given_name"),
    "nachname": ("surname", "family_name"),
    "geburtsname": ("birthName", "birth_name"),
    "geburtsort": ("placeOfBirth", "place_of_birth"),
    "email": ("mail", "email"),
    "strasse": ("postalAddress",),
    "postleitzahl": ("postalCode",),
    "ort": ("localityName",),
    "land": ("country",),
}
_ADRESSE = {
    "strasse": "street_address",
    "postleitzahl": "postal_code",
    "ort": "locality",
    "land": "country",
}
_LAENGEN = {"email": 254, "postleitzahl": 20}


def _text(value: object) -> str:
    if isinstance(value, list) and value:  # SAML attributes may arrive as lists
        value = value[0]
    return value.strip() if isinstance(value, str) else ""


def _datum(value: object) -> date | None:
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def identitaet_from_claims(*, aussteller: str, claims: dict[str, Any]) -> Identitaet:
    """Map the id token and userinfo claims to our fields; unusable values stay empty."""
    adresse = claims.get("address")
    if not isinstance(adresse, dict):
        adresse = {}
    werte: dict[str, str] = {}
    for feld, namen in _NAMEN.items():
        wert = next((_text(claims.get(n)) for n in namen if _text(claims.get(n))), "")
        if not wert and feld in _ADRESSE:
            wert = _text(adresse.get(_ADRESSE[feld]))
        werte[feld] = wert[: _LAENGEN.get(feld, 200)]
    if len(werte["land"]) != 2:  # ISO 3166-1 alpha-2 as BundID sends it
        werte["land"] = ""
    if "@" not in werte["email"]:
        werte["email"] = ""
    return Identitaet(
        aussteller=aussteller,
        sub=_text(claims.get("sub")),
        geburtsdatum=_datum(claims.get("birthdate")),
        **werte,
    )
