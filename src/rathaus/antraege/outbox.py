"""Outbox topics of the antraege app and its consumer.

* ``antrag.eingereicht`` (emitted by `antrag_submit` / `antrag_receive`, key: the Antrag's
  id): a submitted Antrag. Consumed here by ``email`` (the confirmation email with the
  receipt, at once, whatever the back office does) and by the intake pipeline of the
  verfahren app (`rathaus.verfahren.eingang`: file it, start the Verfahren, notify).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from rathaus.core.models import Outbox
from rathaus.core.outbox import Consumer, consumers
from rathaus.core.services import SYSTEM

EINGEREICHT = "antrag.eingereicht"


@consumers.register("email")
class Bestaetigungsmail(Consumer):
    """The confirmation email with the receipt PDF attached."""

    topics = (EINGEREICHT,)
    outside_transaction = True

    def concerns(self, context: models.Model | None) -> bool:
        from .models import Antrag

        return isinstance(context, Antrag) and bool(context.email)

    def deliver(self, row: Outbox) -> None:
        from .selectors import antrag_eingereicht, quittung_oeffnen
        from .services.quittung import quittung_ensure

        antrag = antrag_eingereicht(pk=int(row.key))
        quittung = quittung_ensure(antrag=antrag, actor=SYSTEM)
        with translation.override(settings.LANGUAGE_CODE):
            kontext = {"antrag": antrag, "kommune": settings.RATHAUS_KOMMUNE}
            text = render_to_string("antraege/email_bestaetigung.txt", kontext)
            betreff = _("Eingangsbestätigung %(az)s") % {"az": antrag.aktenzeichen}
        nachricht = EmailMessage(
            subject=betreff,
            body=text,
            to=[antrag.email],
            headers={"X-Rathaus-Antrag": antrag.aktenzeichen},
        )
        with quittung_oeffnen(quittung=quittung) as f:
            nachricht.attach(
                f"eingangsbestaetigung-{antrag.aktenzeichen}.pdf", f.read(), "application/pdf"
            )
        nachricht.send(fail_silently=False)
