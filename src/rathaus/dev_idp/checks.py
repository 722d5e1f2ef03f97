from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def dev_idp_in_production(**kwargs: Any) -> list[Warning]:
    """The development identity provider lets anyone log in as a test person."""
    if settings.RATHAUS_DEV_IDP and not settings.DEBUG:
        return [
            Warning(
                "The development identity provider (/dev-idp/) is on: anyone can log in "
                "as a test person.",
                hint="Set RATHAUS_OIDC_ISSUER (and client id/secret) to a real provider, "
                "or RATHAUS_DEV_IDP=0.",
                id="rathaus.W001",
            )
        ]
    return []
