"""Writes of the Bescheid: make it (PDF into the E-Akte), provide it in the Postfach (or
mark it for postal dispatch), record the citizen's download.

Making a Bescheid has three parts: `bescheid_draft` collects and checks what it says
(reads only), `pdf_rendern` renders it (slow: ≈120 ms, seconds for the first render of a
process), `bescheid_file` files it and records it (one short transaction).

`bescheid_request`, `bescheid_create` and `bescheid_deliver` run as the service
tasks of a process step, inside the step's transaction and on the Verfahren the step has
locked: they change that instance (and save the fields they touch), the step saves it
again. Any error aborts the whole step, so a Bescheid is either made, filed and provided
completely or not at all. With the standard model the step only checks and asks the
worker (`bescheid_request`, outbox topic "verfahren.bescheid"), which renders outside
the step and finishes in `services.bescheid.bescheid_finish`; models without the
"bescheid_erstellt" event make it inside the step (`bescheid_create`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.akten.services import DokumentArt, dokument_file
from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write

from ..models import Bescheid, BescheidVorlage, Verfahren
from ..outbox import AUFTRAG
from ..services._vorgang import offener_vorgang
from .dokument import PDF_VARIANTE, BescheidInhalt, pdf_rendern
from .gebuehr import bezahlen_text
from .inhalt import Zeichnung, gegenstand_von, inhalt_sammeln, name, zeichnung_von
from .postfach import postfach_senden
from .vorlagen import vorlage_fuer

if TYPE_CHECKING:
    from rathaus.akten.models import Dokument, Version, Vorgang
    from rathaus.konten.models import Postfachnachricht

# Verfahren.bescheid_status values (the Antrag's status follows "zugestellt").
IN_ERSTELLUNG = Verfahren.BescheidStatus.IN_ERSTELLUNG.value
ERSTELLT = Verfahren.BescheidStatus.ERSTELLT.value
ZUGESTELLT = Verfahren.BescheidStatus.ZUGESTELLT.value
POSTVERSAND = Verfahren.BescheidStatus.POSTVERSAND.value


@dataclass(frozen=True)
class BescheidEntwurf:
    """What the Bescheid will say, collected and checked, not yet rendered."""

    zeichnung: Zeichnung
    vorlage: BescheidVorlage
    inhalt: BescheidInhalt
    leer: frozenset[str]  # placeholders that came out empty (for the Protokoll)


def _vorgang(verfahren: Verfahren, actor: Actor) -> Vorgang:
    """The Verfahren's Vorgang, where the intake filed its Antrag; refused once it is
    closed (zdA), since nothing can be filed there any more."""
    vorgang = offener_vorgang(verfahren, akte_offen=True)
    if vorgang is None:
        raise ValidationError(
            _(
                "Der Bescheid kann nicht zu den Akten genommen werden: Der Vorgang des "
                "Verfahrens %(az)s ist geschlossen (zdA)."
            )
            % {"az": verfahren.aktenzeichen},
            code="vorgang_geschlossen",
        )
    return vorgang


def _ablegen(
    verfahren: Verfahren, vorgang: Vorgang, pdf: bytes, inhalt: BescheidInhalt, actor: Actor
) -> tuple[Dokument, str]:
    """File the PDF as an outgoing Dokument; returns it and the reference to show."""
    with translation.override(settings.LANGUAGE_CODE):
        dokument = dokument_file(
            vorgang=vorgang,
            art=DokumentArt.AUSGANG,
            betreff=_("Bescheid (%(e)s) zum Antrag %(az)s")
            % {"e": inhalt.entscheidung_text, "az": verfahren.aktenzeichen},
            versionen=[(f"bescheid-{verfahren.aktenzeichen}.pdf", "application/pdf", pdf)],
            actor=actor,
            postausgangsdatum=inhalt.datum,
            absender=inhalt.briefkopf.organisationseinheit,
            empfaenger=verfahren.buerger.name if verfahren.buerger else "",
            personenbezogen=True,
            # akten.auskunft finds a citizen's Dokumente by the id of their Buerger record.
            person_ref=str(verfahren.buerger_id) if verfahren.buerger_id else "",
        )
        referenz = _("E-Akte: %(vg)s, Dokument %(nr)s") % {
            "vg": vorgang.kennzeichen,
            "nr": dokument.pk,
        }
    return dokument, referenz


def bescheid_draft(*, verfahren: Verfahren) -> BescheidEntwurf:
    """Collect what the Bescheid of the Verfahren's latest decision says, dated today, from
    the Leistung's Vorlage (reads only, quick). Refused (ValidationError) without a
    decision ("keine_entscheidung"), without an active Vorlage ("keine_vorlage") or with
    a Vorlage that cannot be filled ("vorlage_fehlerhaft", "keine_belehrung")."""
    zeichnung = zeichnung_von(verfahren)
    vorlage = vorlage_fuer(leistung=verfahren.leistung)
    if vorlage is None:
        raise ValidationError(
            _("Für die Leistung %(l)s gibt es keine aktive Bescheidvorlage.")
            % {"l": verfahren.leistung.name},
            code="keine_vorlage",
        )
    inhalt, leer = inhalt_sammeln(
        verfahren=verfahren, vorlage=vorlage, zeichnung=zeichnung, heute=timezone.localdate()
    )
    return BescheidEntwurf(zeichnung, vorlage, inhalt, frozenset(leer))


@transaction.atomic
def bescheid_request(*, verfahren: Verfahren, actor: Actor) -> Vorgang:
    """The quick part of the service task "bescheid.erstellen": check everything that would
    make the Bescheid fail (as `bescheid_draft`, and the Vorgang to file it into, which
    is opened if needed), set `bescheid_status` "in_erstellung" and ask the worker to make
    it (outbox topic "verfahren.bescheid"; it sends "bescheid_erstellt" into the process
    when done). Refused with the errors of `bescheid_create`, nothing written."""
    entwurf = bescheid_draft(verfahren=verfahren)
    vorgang = _vorgang(verfahren, actor)
    verfahren.bescheid_status = IN_ERSTELLUNG
    verfahren.save(update_fields=["bescheid_status", "geaendert_am"])
    outbox_write(
        topic=AUFTRAG,
        key=str(verfahren.pk),
        payload={"verfahren": verfahren.pk},
        context=verfahren,
    )
    protokoll_write(
        actor=actor,
        action="verfahren.bescheid.beauftragt",
        target=verfahren,
        details={
            "entscheidung": entwurf.zeichnung.entscheidung,
            "vorlage": entwurf.vorlage.pk,
            "vorgang": vorgang.pk,
        },
    )
    return vorgang


@transaction.atomic
def bescheid_file(
    *, verfahren: Verfahren, entwurf: BescheidEntwurf, pdf: bytes, actor: Actor
) -> Bescheid:
    """File a rendered Bescheid as an outgoing Dokument in the Verfahren's Vorgang and
    record it (hash, Dokument, who signed). Sets `bescheid_status` "erstellt" and
    `bescheid_referenz`. Refused (ValidationError, nothing written) without a Vorgang to
    file into."""
    zeichnung, vorlage, inhalt = entwurf.zeichnung, entwurf.vorlage, entwurf.inhalt
    vorgang = _vorgang(verfahren, actor)
    dokument, referenz = _ablegen(verfahren, vorgang, pdf, inhalt, actor)
    version = dokument.versionen.get()
    mitzeichner = zeichnung.mitzeichnung[-1] if zeichnung.mitzeichnung else None
    bescheid = Bescheid.objects.create(
        verfahren=verfahren,
        entscheidung=zeichnung.entscheidung,
        vorlage=vorlage,
        vorlage_version=vorlage.version,
        dokument=dokument,
        sha256=version.blob_id,
        dateiname=version.dateiname,
        pdf_variante=PDF_VARIANTE,
        gezeichnet_von=zeichnung.sachbearbeitung,
        gezeichnet_von_name=name(zeichnung.sachbearbeitung)[:200],
        mitgezeichnet_von=mitzeichner,
        mitgezeichnet_von_name=", ".join(name(u) for u in zeichnung.mitzeichnung)[:200],
    )
    verfahren.bescheid_status = ERSTELLT
    verfahren.bescheid_referenz = referenz[:300]
    verfahren.save(update_fields=["bescheid_status", "bescheid_referenz", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="verfahren.bescheid.erstellt",
        target=verfahren,
        details={
            "bescheid": bescheid.pk,
            "entscheidung": bescheid.entscheidung,
            "dokument": dokument.pk,
            "sha256": bescheid.sha256,
            "vorlage": vorlage.pk,
            "vorlage_version": vorlage.version,
            "leere_platzhalter": sorted(entwurf.leer),
        },
    )
    return bescheid


@transaction.atomic
def bescheid_create(*, verfahren: Verfahren, actor: Actor) -> Bescheid:
    """Make the Bescheid of the Verfahren's latest decision in one go: fill the Leistung's
    Vorlage, render it as PDF/A-3b, file and record it (`bescheid_file`). Refused
    (ValidationError, nothing written) without a decision, a Vorlage or a Vorgang to file
    into. The step of a model without the "bescheid_erstellt" event runs this."""
    entwurf = bescheid_draft(verfahren=verfahren)
    pdf = pdf_rendern(entwurf.inhalt)
    return bescheid_file(verfahren=verfahren, entwurf=entwurf, pdf=pdf, actor=actor)


def bekanntgabe_tag(bereitgestellt_am: datetime) -> date:
    """The day a Bescheid provided at ``bereitgestellt_am`` counts as notified: the
    `RATHAUS_BEKANNTGABE_TAGE`-th day after the (local) day of provision. The day is not
    moved off a weekend or holiday: whether § 31 Abs. 3 VwVfG applies to this fiction is
    disputed (the BFH moves it for § 122 AO, the BSG does not for § 37 SGB X)."""
    return timezone.localdate(bereitgestellt_am) + timedelta(days=settings.RATHAUS_BEKANNTGABE_TAGE)


def _postversand(verfahren: Verfahren, bescheid: Bescheid, actor: Actor) -> Bescheid:
    bescheid.versand = Bescheid.Versand.POST
    bescheid.save(update_fields=["versand", "geaendert_am"])
    verfahren.bescheid_status = POSTVERSAND
    verfahren.save(update_fields=["bescheid_status", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="verfahren.bescheid.postversand",
        target=verfahren,
        details={"bescheid": bescheid.pk, "grund": "kein_buergerkonto"},
    )
    return bescheid


def _postfach_texte(
    verfahren: Verfahren, bescheid: Bescheid, jetzt: datetime, tag: date
) -> tuple[str, str, str]:
    """Betreff, text and document reference of the Postfach message (German)."""
    with translation.override(settings.LANGUAGE_CODE):
        werte = {
            "g": gegenstand_von(verfahren),
            "az": verfahren.aktenzeichen,
            "datum": f"{tag:%d.%m.%Y}",
            "tage": settings.RATHAUS_BEKANNTGABE_TAGE,
        }
        ergebnis = (
            _("Ihr Antrag %(g)s (Aktenzeichen %(az)s) wurde bewilligt.")
            if bescheid.entscheidung == Verfahren.Entscheidung.BEWILLIGT
            else _("Ihr Antrag %(g)s (Aktenzeichen %(az)s) wurde abgelehnt.")
        ) % werte
        # § 9 Abs. 1 Satz 4 OZG: notified on the third day after provision, whenever the
        # citizen downloads it; § 70 Abs. 1 VwGO: the month for the Widerspruch runs from
        # the notification (its day not counted, § 31 Abs. 1 VwVfG, § 187 Abs. 1 BGB).
        hinweis = (
            _(
                "Den Bescheid finden Sie als PDF-Dokument bei dieser Nachricht. Bitte laden Sie "
                "ihn herunter und bewahren Sie ihn auf. Er gilt am %(datum)s als bekannt "
                "gegeben (am %(tage)s. Tag nach der Bereitstellung in Ihrem Postfach), "
                "unabhängig davon, wann Sie ihn abrufen. Mit der Bekanntgabe am %(datum)s "
                "beginnt die Frist von einem Monat, in der Sie Widerspruch erheben können; "
                "sie beginnt nicht mit dem Tag dieser Nachricht."
            )
            % werte
        )
        # a fee is set only with a Bewilligung (an earlier decision's claim is not asked for)
        bewilligt = bescheid.entscheidung == Verfahren.Entscheidung.BEWILLIGT
        bezahlen = bezahlen_text(verfahren_id=verfahren.pk) if bewilligt else ""
        return (
            _("Bescheid zu Ihrem Antrag %(az)s") % werte,
            f"{ergebnis}\n\n{hinweis}" + (f"\n\n{bezahlen}" if bezahlen else ""),
            _("Bescheid vom %(tag)s") % {"tag": f"{timezone.localdate(jetzt):%d.%m.%Y}"},
        )


@transaction.atomic
def bescheid_deliver(*, verfahren: Verfahren, actor: Actor) -> Bescheid:
    """Provide the Verfahren's newest Bescheid to the citizen: a Postfach message with
    the PDF to download and an email that something is waiting. Records when it was
    provided and the day it counts as notified (`RATHAUS_BEKANNTGABE_TAGE` after the day
    of provision). Without a citizen account (API submission) the Bescheid is marked for
    postal dispatch (`bescheid_status` "postversand"); nothing fails."""
    bescheid = (
        Bescheid.objects.select_for_update(of=("self",))
        .select_related("dokument")
        .filter(verfahren=verfahren, versand="")
        .order_by("-id")
        .first()
    )
    if bescheid is None:
        raise ValidationError(
            _("Zum Verfahren %(az)s gibt es keinen Bescheid, der zugestellt werden kann.")
            % {"az": verfahren.aktenzeichen},
            code="kein_bescheid",
        )
    jetzt = timezone.now()
    if verfahren.buerger is None:
        return _postversand(verfahren, bescheid, actor)
    tag = bekanntgabe_tag(jetzt)
    betreff, text, referenz = _postfach_texte(verfahren, bescheid, jetzt, tag)
    nachricht = postfach_senden(
        verfahren=verfahren,
        betreff=betreff,
        text=text,
        actor=actor,
        dokument=bescheid.dokument,
        referenz=referenz,
    )
    bescheid.versand = Bescheid.Versand.POSTFACH
    bescheid.bereitgestellt_am = jetzt
    bescheid.bekanntgabe_am = tag
    bescheid.postfachnachricht = nachricht
    bescheid.save()
    verfahren.bescheid_status = ZUGESTELLT
    verfahren.save(update_fields=["bescheid_status", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="verfahren.bescheid.zugestellt",
        target=verfahren,
        details={
            "bescheid": bescheid.pk,
            "postfachnachricht": nachricht.pk if nachricht else None,
            "bereitgestellt_am": jetzt.isoformat(),
            "bekanntgabe_am": tag.isoformat(),
        },
    )
    return bescheid


@transaction.atomic
def postfachdokument_record_download(
    *, nachricht: Postfachnachricht, version: Version, actor: Actor
) -> Postfachnachricht:
    """Record that the citizen downloaded the Dokument of a Postfach message (every time);
    the first download of a Bescheid sets its `abgerufen_am`. Only the recipient."""
    if (
        not isinstance(actor, User)
        or not actor.is_active
        or actor.pk != nachricht.empfaenger.user_id
        or version.dokument_id is None
        or version.dokument_id != nachricht.dokument_id
    ):
        raise PermissionDenied(_("Dieses Dokument gehört zu einer anderen Nachricht."))
    jetzt = timezone.now()
    bescheid = (
        Bescheid.objects.select_for_update(of=("self",))
        .select_related("verfahren")
        .filter(postfachnachricht=nachricht)
        .first()
    )
    erstmals = bescheid is not None and bescheid.abgerufen_am is None
    if bescheid is not None and erstmals:
        bescheid.abgerufen_am = jetzt
        bescheid.save(update_fields=["abgerufen_am", "geaendert_am"])
        protokoll_write(
            actor=actor,
            action="verfahren.bescheid.abgerufen",
            target=bescheid.verfahren,
            details={"bescheid": bescheid.pk, "postfachnachricht": nachricht.pk},
        )
    protokoll_write(
        actor=actor,
        action="postfachnachricht.dokument.abruf",
        target=nachricht,
        details={
            "dokument": version.dokument_id,
            "version": version.nummer,
            "sha256": version.blob_id,
            "erstmals": erstmals,
        },
    )
    return nachricht
