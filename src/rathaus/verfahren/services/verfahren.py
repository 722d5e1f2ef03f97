"""Verfahren: creation from an Antrag, the citizen's answer, notes, Wiedervorlagen."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.forms import pflicht_text
from rathaus.core.services import Actor, protokoll_write

from ..bpmn import engine
from ..models import Frist, Fristregel, Nachricht, Notiz, Verfahren
from ._schritt import spiegeln, verfahren_lock, weiter, zuweisungen_record
from ._zugriff import BEARBEITEN, person, sichtbar_pruefen
from .modelle import prozessmodell_fuer

if TYPE_CHECKING:
    from rathaus.akten.models import Vorgang
    from rathaus.antraege.models import Antrag
    from rathaus.katalog.models import Leistung
    from rathaus.konten.models import Buerger
    from rathaus.organisation.models import Organisationseinheit

MAX_TEXT = 10_000


def _text(wert: str, feld: str, *, label: str = "", pflicht: bool = True) -> str:
    """The stripped text; `label` names a required field left empty as the forms do."""
    wert = (wert or "").strip()
    if pflicht and not wert:
        raise ValidationError({feld: pflicht_text(label or feld)}, code="leer")
    if len(wert) > MAX_TEXT:
        raise ValidationError({feld: _("Der Text ist zu lang.")}, code="zu_lang")
    return wert


def _plus_monate(tag: date, monate: int) -> date:
    jahr, monat = divmod(tag.month - 1 + monate, 12)
    ziel_jahr, ziel_monat = tag.year + jahr, monat + 1
    for tag_im_monat in range(tag.day, 0, -1):
        try:
            return date(ziel_jahr, ziel_monat, tag_im_monat)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def verfahren_create(
    *,
    antrag: Antrag,
    vorgang: Vorgang,
    aktenzeichen: str,
    leistung: Leistung,
    organisationseinheit: Organisationseinheit,
    actor: Actor,
    buerger: Buerger | None = None,
    daten_ref: str = "",
    eingegangen_am: datetime | None = None,
) -> Verfahren:
    """Start the Verfahren of a submitted Antrag, filed in `vorgang`, with the active
    process model of its Leistung and run it to the first user task. Safe to call again
    for the same Antrag (a repeated intake step): the existing Verfahren is returned and
    nothing changes."""
    vorhanden = Verfahren.objects.filter(antrag=antrag).first()
    if vorhanden is not None:
        return vorhanden
    aktenzeichen = _text(aktenzeichen, "aktenzeichen", label=_("Aktenzeichen"))[:100]
    modell = prozessmodell_fuer(leistung=leistung)
    spec = engine.spec_laden(
        bpmn_xml=modell.bpmn_xml, sha256=modell.sha256, prozess_id=modell.prozess_id
    )
    jetzt = timezone.now()
    verfahren = Verfahren(
        aktenzeichen=aktenzeichen,
        antrag=antrag,
        vorgang=vorgang,
        daten_ref=daten_ref.strip()[:300],
        leistung=leistung,
        organisationseinheit=organisationseinheit,
        buerger=buerger,
        prozessmodell=modell,
        zustand="",
        eingegangen_am=eingegangen_am or jetzt,
    )
    try:
        with transaction.atomic():
            verfahren.save()
    except IntegrityError:
        vorhanden = Verfahren.objects.filter(antrag=antrag).first()
        if vorhanden is not None:  # created concurrently by another delivery
            return vorhanden
        raise ValidationError(
            {
                "aktenzeichen": _("Das Aktenzeichen %(az)s ist bereits vergeben.")
                % {"az": aktenzeichen}
            },
            code="aktenzeichen_vergeben",
        ) from None
    regel = Fristregel.objects.filter(leistung=leistung).first()
    if regel is not None and regel.gesetzliche_frist_monate:
        datum = _plus_monate(
            timezone.localdate(verfahren.eingegangen_am), regel.gesetzliche_frist_monate
        )
        Frist.objects.create(
            verfahren=verfahren,
            art=Frist.Art.GESETZLICH,
            bezeichnung=regel.gesetzliche_frist_bezeichnung,
            datum=datum,
            warnen_ab=date.fromordinal(datum.toordinal() - regel.warnung_tage),
        )
        verfahren.gesetzliche_frist_am = verfahren.naechste_frist_am = datum
    workflow = engine.neu(spec)
    weiter(verfahren, workflow, actor)
    neu = spiegeln(verfahren, workflow)
    protokoll_write(
        actor=actor,
        action="verfahren.create",
        target=verfahren,
        details={
            "antrag_id": antrag.pk,
            "vorgang": vorgang.pk,
            "prozessmodell": modell.pk,
            "version": modell.version,
            "aufgaben": [a.element_id for a in neu],
        },
    )
    zuweisungen_record(verfahren=verfahren, neu=neu, actor=actor)
    return verfahren


def gesetzliche_frist_restart(verfahren: Verfahren) -> None:
    """The statutory period runs from the receipt of the complete documents (§ 42a Abs. 2
    VwVfG): once a Verfahren that needed a Nachforderung is complete, it starts again today."""
    if (
        verfahren.gesetzliche_frist_am is None
        or not Frist.objects.filter(verfahren=verfahren, art=Frist.Art.NACHFORDERUNG).exists()
    ):
        return
    regel = Fristregel.objects.filter(leistung_id=verfahren.leistung_id).first()
    frist = Frist.objects.filter(
        verfahren=verfahren, art=Frist.Art.GESETZLICH, erledigt=False
    ).first()
    if regel is None or not regel.gesetzliche_frist_monate or frist is None:
        return
    frist.datum = _plus_monate(timezone.localdate(), regel.gesetzliche_frist_monate)
    frist.warnen_ab = date.fromordinal(frist.datum.toordinal() - regel.warnung_tage)
    frist.gewarnt_am = None
    frist.save(update_fields=["datum", "warnen_ab", "gewarnt_am", "geaendert_am"])
    verfahren.gesetzliche_frist_am = frist.datum
    naechste_frist_set(verfahren)


def naechste_frist_set(verfahren: Verfahren) -> None:
    """Denormalise the earliest open deadline onto the Verfahren (for lists)."""
    naechste = (
        Frist.objects.filter(verfahren=verfahren, erledigt=False)
        .order_by("datum")
        .values_list("datum", flat=True)
        .first()
    )
    verfahren.naechste_frist_am = naechste


@transaction.atomic
def nachforderung_mark_answered(
    *, verfahren: Verfahren, actor: Actor, text: str = "", dokument_referenz: str = ""
) -> Verfahren:
    """The citizen answered a Nachforderung (their documents came in): the process goes
    back to the Vollständigkeitsprüfung. The actor is the citizen, staff of the unit
    recording an answer on paper, or the system (a string)."""
    verfahren = verfahren_lock(verfahren.pk)
    if isinstance(actor, User):
        ist_buerger = verfahren.buerger is not None and verfahren.buerger.user_id == actor.pk
        if not ist_buerger and not sichtbar_pruefen(actor, verfahren) & set(BEARBEITEN):
            raise PermissionDenied(_("Antworten erfassen darf nur die Sachbearbeitung."))
    elif not isinstance(actor, str):
        raise PermissionDenied(_("Nicht angemeldet."))
    text = _text(text, "text", pflicht=False)
    workflow = engine.laden(verfahren.zustand)
    if not engine.nachricht_senden(
        workflow, "antwort_eingegangen", {"nachforderung_ausgang": "antwort"}
    ):
        raise ValidationError(
            _("Das Verfahren %(az)s wartet nicht auf eine Antwort.") % {"az": verfahren},
            code="wartet_nicht",
        )
    jetzt = timezone.now()
    Frist.objects.filter(verfahren=verfahren, art=Frist.Art.NACHFORDERUNG, erledigt=False).update(
        erledigt=True, erledigt_am=jetzt, geaendert_am=jetzt
    )
    Nachricht.objects.create(
        verfahren=verfahren,
        richtung=Nachricht.Richtung.EINGANG,
        betreff=_("Antwort auf die Nachforderung"),
        text=text + (f"\n{dokument_referenz}" if dokument_referenz else ""),
        akteur_name=str(actor)[:200],
    )
    naechste_frist_set(verfahren)
    weiter(verfahren, workflow, actor)
    neu = spiegeln(verfahren, workflow)
    protokoll_write(actor=actor, action="verfahren.nachforderung.beantwortet", target=verfahren)
    zuweisungen_record(verfahren=verfahren, neu=neu, actor=actor)
    return verfahren


@transaction.atomic
def notiz_add(*, verfahren: Verfahren, text: str, actor: Actor) -> Notiz:
    """Add an internal note (Sachbearbeitung or Leitung of the unit)."""
    user = person(actor)
    verfahren = Verfahren.objects.select_related("organisationseinheit").get(pk=verfahren.pk)
    if not sichtbar_pruefen(user, verfahren) & set(BEARBEITEN):
        raise PermissionDenied(_("Notizen schreiben darf nur die Sachbearbeitung."))
    notiz = Notiz.objects.create(
        verfahren=verfahren,
        text=_text(text, "text", label=_("Interne Notiz")),
        verfasser=user,
        verfasser_name=user.get_full_name() or user.get_username(),
    )
    protokoll_write(
        actor=user, action="verfahren.notiz.add", target=verfahren, details={"notiz": notiz.pk}
    )
    return notiz


@transaction.atomic
def wiedervorlage_set(*, verfahren: Verfahren, datum: date, actor: Actor, grund: str = "") -> Frist:
    """Put the Verfahren on resubmission at `datum` (fristen_check reports it due)."""
    user = person(actor)
    verfahren = verfahren_lock(verfahren.pk)
    if not sichtbar_pruefen(user, verfahren) & set(BEARBEITEN):
        raise PermissionDenied(_("Wiedervorlagen setzen darf nur die Sachbearbeitung."))
    if not isinstance(datum, date) or datum <= timezone.localdate():
        raise ValidationError({"datum": _("Das Datum muss in der Zukunft liegen.")})
    frist = Frist.objects.create(
        verfahren=verfahren,
        art=Frist.Art.WIEDERVORLAGE,
        bezeichnung=_text(grund, "grund", pflicht=False)[:300],
        datum=datum,
        warnen_ab=datum,
    )
    naechste_frist_set(verfahren)
    verfahren.save(update_fields=["naechste_frist_am", "geaendert_am"])
    protokoll_write(
        actor=user,
        action="verfahren.wiedervorlage.set",
        target=verfahren,
        details={"datum": datum.isoformat()},
    )
    return frist
