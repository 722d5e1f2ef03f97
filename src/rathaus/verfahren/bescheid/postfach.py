"""Messages to the citizen: the Postfach of their account, the Verfahren's timeline and an
email that only says something is waiting (OZG § 9 Abs. 1: notify at the latest on the
day of provision, through the address the citizen gave).

The email leaves through the outbox (topic ``postfach.benachrichtigung``, consumer in
verfahren/outbox.py), written in the same transaction as the message:
it is retried with backoff and never sent for a message that was rolled back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor
from rathaus.konten.services import postfachnachricht_create

from ..models import Nachricht, Verfahren
from ..outbox import BENACHRICHTIGUNG

if TYPE_CHECKING:
    from rathaus.akten.models import Dokument
    from rathaus.konten.models import Postfachnachricht


@transaction.atomic
def postfach_senden(
    *,
    verfahren: Verfahren,
    betreff: str,
    text: str,
    actor: Actor,
    dokument: Dokument | None = None,
    referenz: str = "",
) -> Postfachnachricht | None:
    """Put a message about the Verfahren into the citizen's Postfach (with a downloadable
    E-Akte Dokument if given), queue the email notification and record the message in
    the timeline. Without a citizen account (API submission) only the timeline entry is
    written and None returned."""
    postfach = None
    if verfahren.buerger is not None:
        postfach = postfachnachricht_create(
            empfaenger=verfahren.buerger,
            betreff=betreff,
            text=text,
            dokument_referenz=referenz or verfahren.aktenzeichen,
            dokument=dokument,
            actor=actor,
        )
        outbox_write(
            topic=BENACHRICHTIGUNG,
            key=str(postfach.pk),
            payload={"nachricht": postfach.pk, "verfahren": verfahren.pk},
            context=postfach,
        )
    Nachricht.objects.create(
        verfahren=verfahren,
        richtung=Nachricht.Richtung.AUSGANG,
        betreff=betreff[:300],
        text=text,
        postfachnachricht_id=postfach.pk if postfach else None,
        akteur_name=str(actor)[:200],
    )
    return postfach
