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
