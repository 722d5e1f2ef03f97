"""Outbox topics of the termine app and their one consumer, the citizen's email.

Emitted by `services` (key: booking id, SEQUENCE and a random suffix; payload: the
booking's SEQUENCE, and the secret link token where the email carries a link — removed
once the email is sent):

* ``termin.reserviert``: "please confirm" with the confirmation link (double opt-in).
* ``termin.bestaetigt`` / ``termin.verschoben``: confirmation with the .ics (REQUEST).
* ``termin.storniert`` / ``termin.abgesagt``: cancelled by the citizen / by the office
  (closure, absence), with the .ics (CANCEL) where the appointment had been confirmed.
* ``termin.erinnerung``: the reminder the day before, with the .ics.
* ``termin.angebot``: a freed slot offered to the waiting list, with the accept link.
* ``termin.warteliste``: the waiting list sign-up, with the leave link (context: the entry).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rathaus.core.models import Outbox
from rathaus.core.outbox import Consumer, consumers

from . import services as s
from .kalender import ics_of, mitbringen_of, ort_of
from .qr import nummer_png

VORLAGEN = {
    s.RESERVIERT: "termine/email/reserviert.txt",
    s.BESTAETIGT: "termine/email/bestaetigt.txt",
    s.VERSCHOBEN: "termine/email/bestaetigt.txt",
    s.STORNIERT: "termine/email/storniert.txt",
    s.ABGESAGT: "termine/email/storniert.txt",
    s.ERINNERUNG: "termine/email/erinnerung.txt",
    s.ANGEBOT: "termine/email/angebot.txt",
    s.WARTELISTE: "termine/email/warteliste.txt",
}


def link(name: str, **kwargs: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{settings.RATHAUS_BASE_URL}{reverse(name, kwargs=kwargs)}"


def _betreff(topic: str) -> str:
    return {
        s.RESERVIERT: _("Bitte bestätigen Sie Ihren Termin"),
        s.BESTAETIGT: _("Ihr Termin ist gebucht"),
        s.VERSCHOBEN: _("Ihr Termin wurde verschoben"),
        s.STORNIERT: _("Ihr Termin wurde abgesagt"),
        s.ABGESAGT: _("Ihr Termin muss leider ausfallen"),
        s.ERINNERUNG: _("Erinnerung an Ihren Termin morgen"),
        s.ANGEBOT: _("Ein früherer Termin ist frei geworden"),
        s.WARTELISTE: _("Sie stehen auf der Warteliste"),
    }[topic]


@consumers.register("termine_email")
class Terminmail(Consumer):
    """The email of every appointment message, the .ics attached where it has one."""

    topics = tuple(VORLAGEN)
    outside_transaction = True

    def concerns(self, context: models.Model | None) -> bool:
        from .models import Buchung, Wartelisteneintrag

        if isinstance(context, Wartelisteneintrag):
            return bool(context.email)
        return isinstance(context, Buchung)

    def deliver(self, row: Outbox) -> None:
        from .models import Buchung, Kontakt, Wartelisteneintrag

        token = str(row.payload.get("token", ""))
        with translation.override(settings.LANGUAGE_CODE):
            kontext: dict[str, object] = {"kommune": settings.RATHAUS_KOMMUNE, "topic": row.topic}
            anhang: bytes | None = None
            qr: tuple[str, bytes] | None = None
            if row.topic == s.WARTELISTE:
                eintrag = Wartelisteneintrag.objects.select_related(
                    "terminort__standort", "terminort__organisationseinheit"
                ).get(pk=int(row.key))
                an = eintrag.email
                kontext.update(eintrag=eintrag)
                if token:
                    kontext["link"] = link(
                        "termine:warteliste_verwalten", pk=str(eintrag.pk), token=token
                    )
            else:
                buchung = (
                    Buchung.objects.select_related(
                        "terminort__standort", "terminort__organisationseinheit"
                    )
                    .prefetch_related("positionen__leistung")
                    .get(pk=int(row.key.split(":")[0]))
                )
                kontakt = Kontakt.objects.filter(buchung=buchung).first()
                if kontakt is None or not kontakt.email:
                    return  # deleted with its Löschfrist: nobody to write to
                an = kontakt.email
                # the calendar entry as it was when the message was written
                buchung.sequenz = int(row.payload.get("sequenz", buchung.sequenz))
                kontext.update(
                    buchung=buchung,
                    kontakt=kontakt,
                    ort=ort_of(buchung),
                    mitbringen=mitbringen_of(buchung),
                    grund=row.payload.get("grund", ""),
                )
                if token:
                    ziel = "termine:bestaetigen"
                    kontext["link"] = link(ziel, nummer=buchung.nummer, token=token)
                    kontext["verwalten"] = link(
                        "termine:verwalten", nummer=buchung.nummer, token=token
                    )
                if row.topic in (s.BESTAETIGT, s.VERSCHOBEN, s.ERINNERUNG):
                    anhang = ics_of(buchung)
                    # for the check-in at the office (vorort.py reads the scanned number)
                    qr = (f"terminnummer-{buchung.nummer}.png", nummer_png(buchung.nummer))
                elif row.topic == s.ABGESAGT or (
                    row.topic == s.STORNIERT and buchung.bestaetigt_am is not None
                ):
                    anhang = ics_of(buchung, absage=True)
            text = render_to_string(VORLAGEN[row.topic], kontext)
            nachricht = EmailMessage(subject=_betreff(row.topic), body=text, to=[an])
        if anhang is not None:
            methode = "CANCEL" if b"METHOD:CANCEL" in anhang else "REQUEST"
            nachricht.attach("termin.ics", anhang, f"text/calendar; method={methode}")
        if qr is not None:
            nachricht.attach(qr[0], qr[1], "image/png")
        nachricht.send(fail_silently=False)
        # the link's secret is no longer needed once the email is out
        row.payload.pop("token", None)
