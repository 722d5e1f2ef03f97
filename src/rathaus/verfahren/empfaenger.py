"""Outbox consumer: every delivered Antrag starts exactly one Verfahren.

Plugs into the consumer registry of the Antrag outbox (topic ``antrag.eingereicht``);
retries are safe because `verfahren_create` returns the existing Verfahren of an Antrag.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from rathaus.antraege.empfaenger import EINGEREICHT, Zustellfehler
from rathaus.antraege.models import Antrag, Outbox
from rathaus.antraege.zustellung import Empfaenger, empfaenger
from rathaus.core.services import SYSTEM

from .services import verfahren_create


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
