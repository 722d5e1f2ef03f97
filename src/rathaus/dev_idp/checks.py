from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def dev_idp_in_production(**kwargs: Any) -> list[Error]:
    """The development identity provider lets anyone log in as a test person: outside
    development (DEBUG off) that is an error, so `check --deploy` fails."""
    if settings.RATHAUS_DEV_IDP and not settings.DEBUG:
        return [
            Error(
                "The development identity provider (/dev-idp/) is on: anyone can log in "
                "as a test person.",
                hint="Remove RATHAUS_DEV_IDP and set RATHAUS_OIDC_ISSUER, "
                "RATHAUS_OIDC_CLIENT_ID and RATHAUS_OIDC_CLIENT_SECRET of the real provider.",
                id="rathaus.E001",
            )
        ]
    return []
