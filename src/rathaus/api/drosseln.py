"""DRF throttles that count per client address as `rathaus.core.client` sees it.

DRF's own `get_ident` honours `NUM_PROXIES` (set to the same hop count in the settings),
but it takes the leftmost entry when the header is shorter than the hop count; here every
throttle asks the one helper, so the API, the login limits and the request log agree.
"""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import AnonRateThrottle

from rathaus.core.client import client_address


class ClientAddressMixin:
    """`get_ident` from `core.client.client_address`."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class ClientAnonRateThrottle(ClientAddressMixin, AnonRateThrottle):
    """DRF's limit for anonymous clients (rate `anon`), per client address."""
