"""Deploy checks of the installation as a whole (`rathaus check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_secret_key(**kwargs: Any) -> list[Error]:
    """The development SECRET_KEY is printed in the source: whoever reads it can sign
    sessions, tokens and links of this installation."""
    oeffentlich = getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
    if not settings.DEBUG and oeffentlich and oeffentlich == settings.SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the public development key.",
                hint="Set RATHAUS_SECRET_KEY to a long random value, e.g. from "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="rathaus.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def proxy_without_hops(**kwargs: Any) -> list[Error]:
    """Behind a reverse proxy every request comes from the proxy's address: unless the hops
    are set, every limit and lock keyed on the client address holds all citizens at once."""
    hinter_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if hinter_proxy and not settings.RATHAUS_TRUSTED_PROXY_HOPS:
        return [
            Error(
                "RATHAUS_BEHIND_PROXY is set but RATHAUS_TRUSTED_PROXY_HOPS is 0: every "
                "client has the proxy's address, so rate limits and login locks hold "
                "everyone at once.",
                hint="Set RATHAUS_TRUSTED_PROXY_HOPS to the number of proxies that append "
                "to X-Forwarded-For (the documented nginx: 1).",
                id="rathaus.E006",
            )
        ]
    return []
