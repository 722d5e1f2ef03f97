"""Outbox topics of the fitconnect app and their consumers.

* ``fitconnect.einreichung`` (emitted by `einreichung_melden`, key: the submission id): a
  submission of our destination is ready. Consumed here by ``fitconnect.empfang``: fetch,
  check, take over as an Antrag or reject (`einreichung_process`).
* ``fitconnect.ereignis`` (emitted with the decision, key: the submission id): the
  accept-/reject-submission SET to post to the event log. Consumed by
  ``fitconnect.ereignis`` (`ereignis_send`).

Both talk to the delivery service and open their own transactions (outside_transaction):
delivered at least once, and idempotent by the Einreichung's state and stored token.
"""

from __future__ import annotations

from django.db import models

from rathaus.core.models import Outbox
from rathaus.core.outbox import Consumer, DeliveryError, consumers

EINREICHUNG = "fitconnect.einreichung"
EREIGNIS = "fitconnect.ereignis"


def _ist_einreichung(context: models.Model | None) -> bool:
    from .models import Einreichung

    return isinstance(context, Einreichung)


@consumers.register("fitconnect.empfang")
class Empfang(Consumer):
    topics = (EINREICHUNG,)
    outside_transaction = True

    def concerns(self, context: models.Model | None) -> bool:
        return _ist_einreichung(context)

    def deliver(self, row: Outbox) -> None:
        from .client import ApiFehler
        from .services import einreichung_process

        try:
            einreichung_process(submission_id=row.key)
        except ApiFehler as exc:
            raise DeliveryError(str(exc)) from exc


@consumers.register("fitconnect.ereignis")
class Ereignis(Consumer):
    topics = (EREIGNIS,)
    outside_transaction = True

    def concerns(self, context: models.Model | None) -> bool:
        return _ist_einreichung(context)

    def deliver(self, row: Outbox) -> None:
        from .client import ApiFehler
        from .services import ereignis_send

        try:
            ereignis_send(submission_id=row.key)
        except ApiFehler as exc:
            raise DeliveryError(str(exc)) from exc
