"""Limits of "Link senden" (the resume link by email): per session, per client network
(an IPv6 client by its /64, `core.client.client_network`) and per destination address.

Without them the form would send mail to any address as often as anyone asks. Every
request counts under every limit, a refused one too. The keys hold keyed digests only
(`core.drossel.verdeckt`): no email address, session key or client address stands in the
cache in clear.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from rathaus.core.client import client_address, client_network
from rathaus.core.drossel import Grenze, erste_ueberschrittene, verdeckt

STANDARD_SEKUNDEN = 3600


def email_normal(email: str) -> str:
    """The mailbox an address reaches, as far as it can be told from the text: case and
    a "+tag" of the local part make no other mailbox at the common providers."""
    lokal, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    return f"{lokal.partition('+')[0]}@{domain}"


def link_grenzen(request: HttpRequest, *, email: str) -> list[Grenze]:
    sitzung = request.session.session_key or ""
    netz = client_network(client_address(request))
    grenzen = [
        Grenze(
            "entwurf_link.sitzung",
            f"formulare:link:sitzung:{verdeckt(sitzung)}",
            settings.RATHAUS_ENTWURF_LINK_LIMIT_SITZUNG,
        ),
        Grenze(
            "entwurf_link.adresse",
            f"formulare:link:adresse:{verdeckt(netz)}",
            settings.RATHAUS_ENTWURF_LINK_LIMIT_ADRESSE,
        ),
    ]
    if email.strip():
        grenzen.append(
            Grenze(
                "entwurf_link.email",
                f"formulare:link:email:{verdeckt(email_normal(email))}",
                settings.RATHAUS_ENTWURF_LINK_LIMIT_EMAIL,
            )
        )
    return grenzen


def link_ueberschritten(request: HttpRequest, *, email: str) -> Grenze | None:
    """Count this request for "Link senden"; the limit it passed, or None."""
    return erste_ueberschrittene(
        link_grenzen(request, email=email), standard_sekunden=STANDARD_SEKUNDEN
    )
