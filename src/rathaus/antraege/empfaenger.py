"""Built-in consumers of ``antrag.eingereicht`` (E-Akte, confirmation email, Postfach) and
of ``entwurf.link`` (the resume-link email of a saved draft, "Link senden")."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.akten.models import Dokument
from rathaus.akten.services import dokument_file, vorgang_open
from rathaus.core.services import SYSTEM
from rathaus.formulare.services import ENTWURF_LINK, entwurf_link_email
from rathaus.konten.services import postfachnachricht_create

from .models import Antrag, Outbox
from .selectors import anlage_oeffnen, quittung_oeffnen
from .zustellung import Empfaenger, empfaenger

log = logging.getLogger(__name__)

EINGEREICHT = "antrag.eingereicht"


class Zustellfehler(Exception):
    """The consumer cannot take the message now; the row is retried with backoff."""


def _antrag(eintrag: Outbox) -> Antrag:
    return (
        Antrag.objects.select_related("leistung", "formular", "buerger")
        .prefetch_related("anlagen")
        .get(pk=int(eintrag.key))
    )


@empfaenger.register("eakte")
class EAkte(Empfaenger):
    """Open a Vorgang for the Antrag where the Leistung's AktenplanZuordnung says and file
    the Antrag as one incoming Dokument: the readable PDF of the answers as its version,
    the answers as JSON (machine-readable, application/json), the receipt and the uploads
    as its Anlagen."""

    themen = (EINGEREICHT,)

    def zustellen(self, eintrag: Outbox) -> None:
        from .services.quittung import antrag_pdf, quittung_ensure

        antrag = _antrag(eintrag)
        leistung = antrag.leistung
        if leistung is None:
            raise Zustellfehler(_("Das Formular ist keiner Leistung zugeordnet."))
        zustaendig = (
            leistung.zustaendigkeiten.select_related("organisationseinheit").order_by("pk").first()
        )
        if zustaendig is None:
            raise Zustellfehler(
                _("Für die Leistung %s ist keine Stelle zuständig.") % leistung.name
            )
        quittung = quittung_ensure(antrag=antrag, actor=SYSTEM)
        lesbar = antrag_pdf(antrag=antrag)
        # Raises ValidationError "keine_zuordnung" without an AktenplanZuordnung: recorded
        # on the row and retried once the Aktenplan is maintained.
        vorgang = vorgang_open(
            betreff=f"{leistung.name} – {antrag.aktenzeichen}"[:500],
            actor=SYSTEM,
            leistung=leistung,
            organisationseinheit=zustaendig.organisationseinheit,
            verfahren_ref=antrag.aktenzeichen,
        )
        daten = json.dumps(
            {
                "aktenzeichen": antrag.aktenzeichen,
                "formular": {"fim_id": antrag.fim_id, "fim_version": antrag.fim_version},
                "eingereicht_am": antrag.eingereicht_am.isoformat(),
                "daten": antrag.daten,
                "anlagen": [
                    {"dateiname": a.dateiname, "sha256": a.sha256, "feld": a.feld}
                    for a in antrag.anlagen.all()
                ],
            },
            ensure_ascii=False,
            indent=2,
        ).encode()
        with quittung_oeffnen(quittung=quittung) as f:
            pdf = f.read()
        az = antrag.aktenzeichen
        anlagen = [
            (_("Antragsdaten (maschinenlesbar)"), [(f"{az}.json", "application/json", daten)]),
            (_("Eingangsbestätigung"), [("eingangsbestaetigung.pdf", "application/pdf", pdf)]),
        ]
        for anlage in antrag.anlagen.all():
            with anlage_oeffnen(anlage=anlage) as f:
                anlagen.append(
                    (anlage.bezeichnung, [(anlage.dateiname, anlage.mediatyp, f.read())])
                )
        dokument_file(
            vorgang=vorgang,
            art=Dokument.Art.EINGANG,
            betreff=f"Antrag {antrag.aktenzeichen}",
            versionen=[(f"antrag-{az}.pdf", "application/pdf", lesbar)],
            anlagen=anlagen,
            actor=SYSTEM,
            posteingangsdatum=timezone.localdate(antrag.eingereicht_am),
            absender=antrag.buerger.name if antrag.buerger else "",
            personenbezogen=True,
        )


@empfaenger.register("email")
class Bestaetigungsmail(Empfaenger):
    """The confirmation email with the receipt PDF attached."""

    themen = (EINGEREICHT,)
    ohne_transaktion = True

    def betrifft(self, kontext: models.Model | None) -> bool:
        return isinstance(kontext, Antrag) and bool(kontext.email)

    def zustellen(self, eintrag: Outbox) -> None:
        from .services.quittung import quittung_ensure

        antrag = _antrag(eintrag)
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


@empfaenger.register("postfach")
class Postfach(Empfaenger):
    """A receipt message in the citizen's Postfach (logged-in citizens only)."""

    themen = (EINGEREICHT,)

    def betrifft(self, kontext: models.Model | None) -> bool:
        return isinstance(kontext, Antrag) and kontext.buerger_id is not None

    def zustellen(self, eintrag: Outbox) -> None:
        antrag = _antrag(eintrag)
        if antrag.buerger is None:
            return
        with translation.override(settings.LANGUAGE_CODE):
            betreff = _("Ihr Antrag %(az)s ist eingegangen") % {"az": antrag.aktenzeichen}
            text = render_to_string(
                "antraege/postfach_eingang.txt",
                {"antrag": antrag, "kommune": settings.RATHAUS_KOMMUNE},
            )
        postfachnachricht_create(
            empfaenger=antrag.buerger,
            betreff=betreff,
            text=text,
            dokument_referenz=antrag.aktenzeichen,
            actor=SYSTEM,
        )


@empfaenger.register("entwurf_link")
class EntwurfLink(Empfaenger):
    """The email with the resume link of a saved draft ("Link senden" in the online form)."""

    themen = (ENTWURF_LINK,)
    ohne_transaktion = True

    def zustellen(self, eintrag: Outbox) -> None:
        auftrag = eintrag.payload or {}
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
        eintrag.payload = {**auftrag, "email": ""}
