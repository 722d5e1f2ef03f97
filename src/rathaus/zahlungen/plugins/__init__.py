"""Payment plugins (registry ``zahlungsanbieter``), offered as RATHAUS_ZAHLUNG_ANBIETER says.

A plugin turns an `Auftrag` (what is to be paid, computed by the services) into a `Start`
at its provider (a transaction id and the pay page to send the citizen to) and answers
`abfragen` with the provider's `Stand` of a transaction. The services never trust what
comes back through the citizen's browser: they always ask the plugin.

Built in: ``xbezahldienste`` (XBezahldienste 1.0 over HTTP) and ``girocode`` (bank transfer
with an EPC QR code; no provider to ask: the payment stays open until it is booked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.utils.functional import Promise

from rathaus.core.plugins import Registry


@dataclass(frozen=True)
class Position:
    id: str
    bezeichnung: str
    menge: int
    betrag_cent: int
    referenz: str = ""


@dataclass(frozen=True)
class Auftrag:
    """One payment attempt as a plugin sees it."""

    anfrage_id: str
    kassenzeichen: str
    betrag_cent: int
    zweck: str
    beschreibung: str
    positionen: tuple[Position, ...]
    rueckkehr_url: str
    erstellt_am: datetime


@dataclass(frozen=True)
class Start:
    transaktion_id: str
    weiterleitung: str  # the provider's pay page; "" when there is none (bank transfer)


@dataclass(frozen=True)
class Stand:
    """The provider's answer about one transaction (status as in XBezahldienste)."""

    transaktion_id: str
    status: str  # INITIAL, PAYED, FAILED, CANCELED
    zahlungsmethode: str = ""
    bezahlt_am: datetime | None = None
    betrag_cent: int | None = None
    detail: str = ""


class AnbieterFehler(Exception):
    """The provider gave no usable answer (timeout, 5xx, a malformed body): nothing is
    known, nothing is changed; ask again later."""


class AnbieterAbgelehnt(AnbieterFehler):
    """The provider refused the call (4xx with a problem body); ``code`` is its
    functionalCode (VALIDATION_ERROR, PAYMENT_EXISTS …)."""

    def __init__(self, message: str, *, code: str = "", status: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class Zahlungsanbieter:
    """Base class of a payment plugin."""

    ident: ClassVar[str] = ""
    bezeichnung: ClassVar[str | Promise] = ""
    # True: the citizen is sent to the provider's pay page and the provider can be asked.
    online: ClassVar[bool] = True

    def verfuegbar(self) -> bool:
        """Whether the plugin is configured well enough to be offered."""
        return True

    def starten(self, auftrag: Auftrag) -> Start:  # pragma: no cover - interface
        """Create the transaction at the provider; raises AnbieterFehler."""
        raise NotImplementedError

    def abfragen(self, transaktion_id: str) -> Stand:  # pragma: no cover - interface
        """The provider's current status of a transaction; raises AnbieterFehler."""
        raise NotImplementedError


zahlungsanbieter = Registry[Zahlungsanbieter]()


def _laden() -> None:
    from . import girocode, xbezahldienste  # noqa: F401 - register the built-in plugins


def anbieter(ident: str) -> Zahlungsanbieter:
    """The plugin `ident` (KeyError for an unknown one)."""
    _laden()
    return zahlungsanbieter[ident]()


def anbieter_angeboten() -> list[Zahlungsanbieter]:
    """The plugins offered to the citizen, in the order of RATHAUS_ZAHLUNG_ANBIETER."""
    _laden()
    return [
        plugin
        for ident in settings.RATHAUS_ZAHLUNG_ANBIETER
        if ident in zahlungsanbieter and (plugin := zahlungsanbieter[ident]()).verfuegbar()
    ]
