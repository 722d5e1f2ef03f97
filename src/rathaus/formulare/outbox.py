"""Outbox topics of the formulare app and their consumer.

* ``entwurf.link`` (emitted by `entwurf_link_send`): the email with the resume link of a
  saved draft ("Link senden" in the online form), consumed here by ``entwurf_link``.
"""

from __future__ import annotations

import logging

from django.conf import settings

from rathaus.core.models import Outbox
from rathaus.core.outbox import Consumer, consumers

log = logging.getLogger(__name__)

ENTWURF_LINK = "entwurf.link"


@consumers.register("entwurf_link")
class EntwurfLink(Consumer):
    """The email with the resume link of a saved draft."""

    topics = (ENTWURF_LINK,)
    outside_transaction = True

    def deliver(self, row: Outbox) -> None:
        from .services import entwurf_link_email

        auftrag = row.payload or {}
        nachricht = entwurf_link_email(
            entwurf_id=int(auftrag["entwurf"]),
            email=str(auftrag["email"]),
            link_base=str(auftrag["link_base"]),
            sprache=str(auftrag.get("sprache") or settings.LANGUAGE_CODE),
            # rows queued before it was kept have none: no link goes out for them
            fingerabdruck=str(auftrag.get("fingerabdruck") or ""),
        )
        if nachricht is None:
            log.info(
                "entwurf_link: Entwurf %s abgelaufen, gelöscht oder sein Link ersetzt",
                auftrag["entwurf"],
            )
        else:
            nachricht.send(fail_silently=False)
        # sent (or pointless): the address is not kept in the outbox
        row.payload = {**auftrag, "email": ""}
