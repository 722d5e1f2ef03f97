"""The address of the client behind the configured reverse proxies.

Every limit, lock and log line of Rathaus asks this one function, so they all agree on who
the client is. `RATHAUS_TRUSTED_PROXY_HOPS` says how many proxies in front of the web
processes append to `X-Forwarded-For` (nginx with `$proxy_add_x_forwarded_for`: one).
Entries further left were written by the client itself and are never believed: with N hops
the client is the N-th entry from the right, and with 0 hops `REMOTE_ADDR`.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def _address(entry: str) -> str:
    """`entry` as a normalised IP address, '' if it is none (a port is dropped)."""
    text = entry.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def trusted_proxy_hops() -> int:
    return int(settings.RATHAUS_TRUSTED_PROXY_HOPS or 0)


def client_address(request: HttpRequest | Any) -> str:
    """The client's IP address as far as the configured proxies vouch for it.

    With 0 trusted hops (the default) this is `REMOTE_ADDR`. With N hops it is the N-th
    address from the right of `X-Forwarded-For`; if the header has fewer entries (the
    request did not pass all proxies) or that entry is no IP address (a proxy that is
    configured differently), `REMOTE_ADDR` — the safe side, since a client can then never
    name itself. Works with Django's and DRF's request alike.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    hops = trusted_proxy_hops()
    if hops <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    # rsplit with a limit: a long forged header costs no more than its last N entries.
    entries = header.rsplit(",", hops) if header.strip() else []
    if len(entries) < hops:
        return remote
    return _address(entries[-hops]) or remote


def client_network(address: str) -> str:
    """The network that stands for one client when recognising it again: an IPv4 address
    itself, the /64 of an IPv6 address (privacy extensions change the rest daily)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)
