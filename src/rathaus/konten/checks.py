"""Deploy checks of the citizen login (`rathaus check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def identity_provider(**kwargs: Any) -> list[Error]:
    """A real identity provider with the client secret it issued, unless the development
    provider stands in (which rathaus.E001 reports outside development)."""
    if settings.RATHAUS_DEV_IDP:
        return []
    if not settings.RATHAUS_OIDC_ISSUER:
        return [
            Error(
                "No identity provider for citizens: the login fails.",
                hint="Set RATHAUS_OIDC_ISSUER, RATHAUS_OIDC_CLIENT_ID and "
                "RATHAUS_OIDC_CLIENT_SECRET of the real provider (BundID broker, Keycloak …).",
                id="rathaus.E004",
            )
        ]
    if not settings.OIDC_RP_CLIENT_SECRET:
        return [
            Error(
                "RATHAUS_OIDC_ISSUER is set, RATHAUS_OIDC_CLIENT_SECRET is not.",
                hint="Set the client secret the identity provider issued for Rathaus.",
                id="rathaus.E005",
            )
        ]
    return []
