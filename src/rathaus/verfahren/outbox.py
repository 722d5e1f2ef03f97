"""Outbox topics of the verfahren app and their consumers.

Topics emitted here:

* ``postfach.benachrichtigung`` (key: the Postfachnachricht): a message (a Bescheid, a
  Nachforderung …) waits in the citizen's Postfach. Consumer ``postfach_email``: an email
  that says only that something is waiting, never what (OZG § 9 Abs. 1 Satz 6); sent at
  least once, retried with backoff.
* ``verfahren.bescheid`` (key: the Verfahren): the Bescheid a co-signature asked for is to be
  rendered, filed and delivered. Consumer ``bescheid``; a repeated delivery changes nothing.
* ``eingang.weiter`` (key: the Antrag): a step of the intake that waited (a payment, an
  appointment) may go on. Consumer ``eingang``.

Topics consumed from below: ``antrag.eingereicht`` (antraege) starts the intake pipeline
(`rathaus.verfahren.eingang`) through the consumer ``eingang``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rathaus.antraege.outbox import EINGEREICHT
from rathaus.core.models import Outbox
from rathaus.core.outbox import Consumer, consumers
from rathaus.core.services import SYSTEM

log = logging.getLogger(__name__)

BENACHRICHTIGUNG = "postfach.benachrichtigung"
AUFTRAG = "verfahren.bescheid"
EINGANG_WEITER = "eingang.weiter"


@consumers.register("eingang")
class EingangVerarbeiten(Consumer):
    """Runs the intake pipeline of a submitted Antrag (each step in its own transaction,
    recorded with it: a repeated delivery runs only what has not run yet)."""

    topics = (EINGEREICHT, EINGANG_WEITER)
    outside_transaction = True

    def deliver(self, row: Outbox) -> None:
        from .eingang import eingang_run

        eingang_run(antrag_id=int(row.key.split(".")[0]))


@consumers.register("postfach_email")
class PostfachBenachrichtigung(Consumer):
    """The email that a message (a Bescheid, a Nachforderung …) waits in the Postfach."""

    topics = (BENACHRICHTIGUNG,)
    outside_transaction = True  # reads only; the SMTP conversation holds no database lock

    def concerns(self, context: object) -> bool:
        from rathaus.konten.selectors import ist_postfachnachricht

        return ist_postfachnachricht(objekt=context)

    def deliver(self, row: Outbox) -> None:
        from rathaus.konten.selectors import postfachnachricht_by_pk

        from .models import Bescheid, Verfahren

        nachricht = postfachnachricht_by_pk(pk=int(row.key))
        if nachricht is None:  # deleted meanwhile (deletion period): nothing to announce
            return
        verfahren_id = (row.payload or {}).get("verfahren")
        verfahren = (
            Verfahren.objects.select_related("antrag").filter(pk=verfahren_id).first()
            if verfahren_id
            else None
        )
        # The citizen's email as their account says now, else the one given in the Antrag.
        adresse = nachricht.empfaenger.email or (verfahren.antrag.email if verfahren else "")
        if not adresse:
            log.info("postfach_email: keine Adresse für Nachricht %s", nachricht.pk)
            return
        bescheid = Bescheid.objects.filter(postfachnachricht=nachricht).first()
        with translation.override(settings.LANGUAGE_CODE):
            pfad = reverse("konten:nachricht", args=[nachricht.pk])
            text = render_to_string(
                "verfahren/bescheid/email_benachrichtigung.txt",
                {
                    "bescheid": bescheid is not None,
                    "bekanntgabe_am": bescheid.bekanntgabe_am if bescheid else None,
                    "aktenzeichen": verfahren.aktenzeichen if verfahren else "",
                    "url": f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{pfad}",
                    "kommune": settings.RATHAUS_KOMMUNE,
                },
            )
            betreff = _("Neue Nachricht in Ihrem Postfach – %(kommune)s") % {
                "kommune": settings.RATHAUS_KOMMUNE
            }
        EmailMessage(
            subject=betreff,
            body=text,
            to=[adresse],
            headers={"X-Rathaus-Postfachnachricht": str(nachricht.pk)},
        ).send(fail_silently=False)


@consumers.register("bescheid")
class BescheidErstellen(Consumer):
    """The worker's part of the service task "bescheid.erstellen"."""

    topics = (AUFTRAG,)

    def concerns(self, context: object) -> bool:
        from .models import Verfahren

        return isinstance(context, Verfahren)

    def prepare(self, row: Outbox) -> None:
        from .services.bescheid import bescheid_render

        # The render runs before the outbox row is locked: no database lock meanwhile.
        self.gerendert = bescheid_render(verfahren_id=int(row.key))

    def deliver(self, row: Outbox) -> None:
        from .services.bescheid import bescheid_background_run

        bescheid_background_run(
            verfahren_id=int(row.key), actor=SYSTEM, gerendert=getattr(self, "gerendert", None)
        )
