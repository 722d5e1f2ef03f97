"""Outbox consumers of the back office.

* ``verfahren``: every delivered Antrag (topic ``antrag.eingereicht``) starts exactly one
  Verfahren; retries are safe because `verfahren_create` returns the existing one.
* ``postfach_email``: a message in the citizen's Postfach (topic
  ``postfach.benachrichtigung``) is announced by an email that says only that something
  is waiting, never what (OZG § 9 Abs. 1 Satz 6). Sent at least once, retried with backoff.
* ``bescheid``: the Bescheid a co-signature asked for (topic ``verfahren.bescheid``) is
  rendered, filed and delivered, and the Verfahren runs on to its end
  (services/bescheid.py). A repeated delivery changes nothing; a failure (e.g. the
  Vorgang was closed meanwhile) is retried with backoff, the Verfahren keeps waiting.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rathaus.antraege.empfaenger import EINGEREICHT, Zustellfehler
from rathaus.antraege.models import Antrag, Outbox
from rathaus.antraege.zustellung import Empfaenger, empfaenger
from rathaus.core.services import SYSTEM
from rathaus.konten.models import Postfachnachricht

from .bescheid.inhalt import antrag_von
from .bescheid.postfach import BENACHRICHTIGUNG
from .bescheid.services import AUFTRAG
from .models import Bescheid, Verfahren
from .services import verfahren_create
from .services.bescheid import GerenderterBescheid, bescheid_im_hintergrund, bescheid_rendern

log = logging.getLogger(__name__)


@empfaenger.register("verfahren")
class VerfahrenStarten(Empfaenger):
    themen = (EINGEREICHT,)

    def zustellen(self, eintrag: Outbox) -> None:
        antrag = Antrag.objects.select_related("leistung", "buerger").get(pk=int(eintrag.key))
        leistung = antrag.leistung
        if leistung is None:
            raise Zustellfehler(_("Das Formular ist keiner Leistung zugeordnet."))
        zustaendig = (
            leistung.zustaendigkeiten.filter(gebiet_ags=settings.RATHAUS_AGS)
            .select_related("organisationseinheit")
            .order_by("pk")
            .first()
        )
        if zustaendig is None:
            raise Zustellfehler(_("Für die Leistung %s ist keine Stelle zuständig.") % leistung)
        verfahren_create(
            antrag_id=antrag.pk,
            aktenzeichen=antrag.aktenzeichen,
            leistung=leistung,
            organisationseinheit=zustaendig.organisationseinheit,
            buerger=antrag.buerger,
            antrag=antrag,
            eingegangen_am=antrag.eingereicht_am,
            actor=SYSTEM,
        )


def _adresse(nachricht: Postfachnachricht, verfahren: Verfahren | None) -> str:
    """The citizen's email as their account says now, else the one given in the Antrag."""
    if nachricht.empfaenger.email:
        return nachricht.empfaenger.email
    antrag = antrag_von(verfahren) if verfahren is not None else None
    return antrag.email if antrag is not None else ""


@empfaenger.register("postfach_email")
class PostfachBenachrichtigung(Empfaenger):
    """The email that a message (a Bescheid, a Nachforderung …) waits in the Postfach."""

    themen = (BENACHRICHTIGUNG,)
    ohne_transaktion = True  # reads only; the SMTP conversation holds no database lock

    def betrifft(self, kontext: object) -> bool:
        return isinstance(kontext, Postfachnachricht)

    def zustellen(self, eintrag: Outbox) -> None:
        nachricht = (
            Postfachnachricht.objects.select_related("empfaenger")
            .filter(pk=int(eintrag.key))
            .first()
        )
        if nachricht is None:  # deleted meanwhile (deletion period): nothing to announce
            return
        verfahren_id = (eintrag.payload or {}).get("verfahren")
        verfahren = Verfahren.objects.filter(pk=verfahren_id).first() if verfahren_id else None
        adresse = _adresse(nachricht, verfahren)
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


@empfaenger.register("bescheid")
class BescheidErstellen(Empfaenger):
    """The worker's part of the service task "bescheid.erstellen"."""

    themen = (AUFTRAG,)

    def betrifft(self, kontext: object) -> bool:
        return isinstance(kontext, Verfahren)

    gerendert: GerenderterBescheid | None = None

    def vorbereiten(self, eintrag: Outbox) -> None:
        # The render runs before the outbox row is locked: no database lock meanwhile.
        self.gerendert = bescheid_rendern(verfahren_id=int(eintrag.key))

    def zustellen(self, eintrag: Outbox) -> None:
        bescheid_im_hintergrund(
            verfahren_id=int(eintrag.key), actor=SYSTEM, gerendert=self.gerendert
        )
