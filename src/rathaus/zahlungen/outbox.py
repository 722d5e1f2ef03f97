"""Outbox topics of the payments (emitted here, consumed by the apps above).

- ``zahlung.bezahlt``: a payment became paid (once per payment). Payload:
  ``{"zahlung": <public id>, "kassenzeichen", "subjekt": "antrag:42", "betrag_cent"}``.
  The intake consumes it for ``antrag:*`` (consumer ``eingang_zahlung`` in
  verfahren/eingang_zahlung.py) and continues the waiting Eingang. A fee Bescheid's claim
  is ``verfahren:<pk>`` (verfahren/bescheid/gebuehr.py); nothing waits for it.
- ``zahlung.erstattet``: a refund took effect. Payload ``{"zahlung", "subjekt"}``.

A consumer registers with `rathaus.core.outbox.consumers` for these topics in its own app.
"""

from __future__ import annotations

ZAHLUNG_BEZAHLT = "zahlung.bezahlt"
ZAHLUNG_ERSTATTET = "zahlung.erstattet"
TOPICS = (ZAHLUNG_BEZAHLT, ZAHLUNG_ERSTATTET)
