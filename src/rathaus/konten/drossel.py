"""A small cache-based limit on login callbacks per client address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from rathaus.core.drossel import im_limit


def callback_erlaubt(request: HttpRequest) -> bool:
    """Count this callback; False once the address exceeded the limit in the window."""
    return im_limit(
        schluessel=f"konten:callback:{request.META.get('REMOTE_ADDR', '')}",
        limit=settings.RATHAUS_LOGIN_RATE_LIMIT,
        standard_sekunden=300,
    )
