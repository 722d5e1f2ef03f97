"""Writes of the payments: create, start, return, sync, book, refund.

Entry points for the apps above (phase 2 of issue 13):

- The intake step "zahlung" (verfahren/eingang.py) calls `zahlung_create` with the
  subject ``"antrag:<pk>"``, the Leistung and the answers, and waits (returns False) until
  the outbox topic ``zahlung.bezahlt`` (`rathaus.zahlungen.outbox.ZAHLUNG_BEZAHLT`, payload
  ``{"zahlung", "kassenzeichen", "subjekt", "betrag_cent"}``) reaches its consumer, which
  calls `eingang_continue`. The citizen pays on ``zahlungen:bezahlen`` (link it from the
  receipt; `selectors.zahlung_url`).
- A fee Bescheid (Kostenentscheidung) calls `zahlung_create` with ``faelligkeit="bescheid"``,
  the subject ``"bescheid:<pk>"`` and the clerk's `festsetzungen` / `befreiungen`; the
  Postfach message links the pay page.
- The form shows `selectors.gebuehr_vorschau` before submission and passes the amount shown
  as `betrag_erwartet_cent`: a different amount is refused (``betrag_geaendert``).

Rules: amounts are computed here only, from the Gebührenregeln. The return from a provider
carries no trusted status: `zahlung_return` and `zahlung_sync` always ask the provider, under
the payment's row lock, so a reload, a double click or a repeated notification books once.
A retry keeps the Kassenzeichen (the claim the accounting knows) and opens a new attempt
(a new XBezahldienste requestId); the reconciliation asks about every attempt not yet
paid, so an attempt first reported failed and captured later still ends as paid, and a
second paid attempt is recorded as a double payment for a refund.

Modules: `gemeinsam` (state transitions, permission check), `regeln` (fee rules),
`anlegen` (create, start, session grant), `abgleich` (return, notify, sync,
reconciliation), `erstattung` (bank transfer booking, refunds). Import from this package.
"""

from __future__ import annotations

from .abgleich import (
    Abgleich,
    zahlung_notify,
    zahlung_return,
    zahlung_sync,
    zahlungen_sync_all,
)
from .anlegen import zahlung_create, zahlung_session_grant, zahlung_start
from .erstattung import zahlung_book_transfer, zahlung_refund, zahlung_refund_release
from .gemeinsam import (
    OFFENE_ANBIETERSTATUS,
    SUBJEKT_RE,
    UEBERGAENGE,
    UngueltigerUebergang,
    ZahlungLaeuft,
    _zustand,
)
from .regeln import REGELFELDER, gebuehrenregel_create, gebuehrenregel_update

__all__ = [
    "OFFENE_ANBIETERSTATUS",
    "REGELFELDER",
    "SUBJEKT_RE",
    "UEBERGAENGE",
    "Abgleich",
    "UngueltigerUebergang",
    "ZahlungLaeuft",
    "_zustand",
    "gebuehrenregel_create",
    "gebuehrenregel_update",
    "zahlung_book_transfer",
    "zahlung_create",
    "zahlung_notify",
    "zahlung_refund",
    "zahlung_refund_release",
    "zahlung_return",
    "zahlung_session_grant",
    "zahlung_start",
    "zahlung_sync",
    "zahlungen_sync_all",
]
