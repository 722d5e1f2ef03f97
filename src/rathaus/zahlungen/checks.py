"""Checks of the payment settings (`rathaus check`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .kassenzeichen import kassenzeichen_format
from .plugins.girocode import BIC_RE, iban_gueltig


@register()
def zahlungen_einstellungen(**kwargs: Any) -> list[Error]:
    fehler = []
    try:
        kassenzeichen_format(jahr=2026, nummer=1234567)
    except ImproperlyConfigured as exc:
        fehler.append(Error(str(exc), id="zahlungen.E001"))
    iban = str(settings.RATHAUS_ZAHLUNG_IBAN)
    if iban and not iban_gueltig(iban):
        fehler.append(Error(f"RATHAUS_ZAHLUNG_IBAN={iban!r} is no valid IBAN", id="zahlungen.E002"))
    bic = str(settings.RATHAUS_ZAHLUNG_BIC)
    if bic and not BIC_RE.fullmatch(bic):
        fehler.append(Error(f"RATHAUS_ZAHLUNG_BIC={bic!r} is no valid BIC", id="zahlungen.E003"))
    unbekannt = set(settings.RATHAUS_ZAHLUNG_ANBIETER) - {"xbezahldienste", "girocode"}
    if unbekannt:
        fehler.append(
            Error(
                f"RATHAUS_ZAHLUNG_ANBIETER: unknown plugins {sorted(unbekannt)}",
                id="zahlungen.E004",
            )
        )
    if settings.RATHAUS_XBEZAHLDIENSTE_AUTH == "oauth2" and not (
        settings.RATHAUS_XBEZAHLDIENSTE_TOKEN_URL
    ):
        fehler.append(
            Error(
                "RATHAUS_XBEZAHLDIENSTE_AUTH=oauth2 needs RATHAUS_XBEZAHLDIENSTE_TOKEN_URL",
                id="zahlungen.E005",
            )
        )
    return fehler


@register(Tags.security, deploy=True)
def entwicklungsanbieter_in_produktion(**kwargs: Any) -> list[Error]:
    """The development provider lets anyone "pay" without money: outside development
    (DEBUG off) that is an error, so `check --deploy` fails."""
    if settings.RATHAUS_DEV_ZAHLUNG and not settings.DEBUG:
        return [
            Error(
                "The development payment provider (/zahlungen/entwicklung/) is on: anyone can "
                "pay without money.",
                hint="Set RATHAUS_DEV_ZAHLUNG=0 and RATHAUS_XBEZAHLDIENSTE_URL.",
                id="zahlungen.E010",
            )
        ]
    return []
