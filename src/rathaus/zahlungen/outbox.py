"""Outbox topics of the payments (emitted here, consumed by the apps above).

- ``zahlung.bezahlt``: a payment became paid (once per payment). Payload:
  ``{"zahlung": <public id>, "kassenzeichen", "subjekt": "antrag:42", "betrag_cent"}``.
  The intake (verfahren/eingang.py) consumes it for ``antrag:*`` and continues the waiting
  Eingang; a fee Bescheid for ``bescheid:*``.
- ``zahlung.erstattet``: a refund took effect. Payload ``{"zahlung", "subjekt"}``.

A consumer registers with `rathaus.core.outbox.consumers` for these topics in its own app.
"""

from __future__ import annotations

ZAHLUNG_BEZAHLT = "zahlung.bezahlt"
ZAHLUNG_ERSTATTET = "zahlung.erstattet"
TOPICS = (ZAHLUNG_BEZAHLT, ZAHLUNG_ERSTATTET)
