"""Writes of the payments: create, start, return, sync, book, refund.

Entry points for the apps above (phase 2 of issue 13):

- The intake step "zahlung" (verfahren/eingang.py) calls `zahlung_create` with the
  subject ``"antrag:<pk>"``, the Leistung and the answers, and waits (returns False) until
  the outbox topic ``zahlung.bezahlt`` (`rathaus.zahlungen.outbox.ZAHLUNG_BEZAHLT`, payload
  ``{"zahlung", "kassenzeichen", "subjekt", "betrag_cent"}``) reaches its consumer, which
  calls `eingang_continue`. The citizen pays on ``zahlungen:bezahlen`` (link it from the
  receipt; `selectors.zahlung_url`).
- A fee Bescheid (Kostenentscheidung) calls `zahlung_create` with ``faelligkeit="bescheid"``,
  the subject ``"bescheid:<pk>"`` and the clerk's `festsetzungen` / `befreiungen`; the
  Postfach message links the pay page.
- The form shows `selectors.gebuehr_vorschau` before submission and passes the amount shown
  as `betrag_erwartet_cent`: a different amount is refused (``betrag_geaendert``).

Rules: amounts are computed here only, from the Gebührenregeln. The return from a provider
carries no trusted status: `zahlung_return` and `zahlung_sync` always ask the provider, under
the payment's row lock, so a reload, a double click or a repeated notification books once.
A retry keeps the Kassenzeichen (the claim the accounting knows) and opens a new attempt
(a new XBezahldienste requestId); the reconciliation asks about every attempt not yet
paid, so an attempt first reported failed and captured later still ends as paid, and a
second paid attempt is recorded as a double payment for a refund.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import SYSTEM, Actor, protokoll_write
from rathaus.standards import xbezahldienste as xb

from .gebuehren import gebuehr_berechnen, regeln_der_leistung
from .kassenzeichen import kassenzeichen_next
from .models import (
    Erstattung,
    Faelligkeit,
    Gebuehrenregel,
    Zahlung,
    ZahlungStatus,
    Zahlungsversuch,
)
from .outbox import ZAHLUNG_BEZAHLT, ZAHLUNG_ERSTATTET
from .plugins import (
    AnbieterFehler,
    Auftrag,
    Position,
    Stand,
    Start,
    anbieter,
    anbieter_angeboten,
)

log = logging.getLogger(__name__)

SUBJEKT_RE = re.compile(r"[a-z_]{1,30}:[A-Za-z0-9_-]{1,60}")
S = ZahlungStatus
# Allowed changes of a payment's state; anything else is refused (and changes nothing).
UEBERGAENGE: dict[str, frozenset[str]] = {
    S.OFFEN: frozenset({S.BEZAHLT, S.FEHLGESCHLAGEN, S.ABGEBROCHEN}),
    S.FEHLGESCHLAGEN: frozenset({S.BEZAHLT, S.OFFEN, S.ABGEBROCHEN}),
    S.ABGEBROCHEN: frozenset({S.BEZAHLT, S.OFFEN, S.FEHLGESCHLAGEN}),
    S.BEZAHLT: frozenset({S.ERSTATTET}),
    S.ERSTATTET: frozenset(),
}
OFFENE_ANBIETERSTATUS = ("", "INITIAL", "FAILED", "CANCELED")


class UngueltigerUebergang(ValidationError):
    pass


class ZahlungLaeuft(Exception):
    """Another request is starting this payment at the provider right now."""


def _zustand(zahlung: Zahlung, neu: str, *, actor: Actor, details: dict[str, Any]) -> bool:
    """Change the (locked) payment's state, with its Protokoll entry; False if unchanged."""
    alt = zahlung.status
    if alt == neu:
        return False
    if neu not in UEBERGAENGE[alt]:
        raise UngueltigerUebergang(
            _("Eine Zahlung im Status „%(alt)s“ kann nicht „%(neu)s“ werden.")
            % {"alt": S(alt).label, "neu": S(neu).label},
            code="uebergang",
        )
    zahlung.status = neu
    zahlung.save()
    protokoll_write(
        actor=actor, action=f"zahlung.{neu}", target=zahlung, details={"von": alt, **details}
    )
    if neu == S.BEZAHLT:
        outbox_write(
            topic=ZAHLUNG_BEZAHLT,
            key=zahlung.kassenzeichen,
            payload={
                "zahlung": str(zahlung.oeffentliche_id),
                "kassenzeichen": zahlung.kassenzeichen,
                "subjekt": zahlung.subjekt,
                "betrag_cent": zahlung.betrag_cent,
            },
            context=zahlung,
        )
    return True


def _darf(actor: Actor, recht: str) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_perm(recht))  # type: ignore[union-attr]


# --- fee rules (Fachadministration) ---------------------------------------------------

REGELFELDER = (
    "bezeichnung",
    "art",
    "faelligkeit",
    "betrag_cent",
    "betrag_weitere_cent",
    "betrag_max_cent",
    "mengenfeld",
    "menge_max",
    "rechtsgrundlage",
    "befreiung_moeglich",
    "aktiv",
    "reihenfolge",
)


def _regel_pruefen(regel: Gebuehrenregel) -> None:
    regel.full_clean()
    fehler: dict[str, str] = {}
    if regel.art == Gebuehrenregel.Art.STUECK and not regel.mengenfeld:
        fehler["mengenfeld"] = _("Eine Gebühr je Stück braucht das Antwortfeld mit der Anzahl.")
    if regel.art == Gebuehrenregel.Art.RAHMEN and regel.betrag_max_cent is None:
        fehler["betrag_max_cent"] = _("Eine Rahmengebühr braucht einen Höchstbetrag.")
    if regel.betrag_max_cent is not None and regel.betrag_max_cent < regel.betrag_cent:
        fehler["betrag_max_cent"] = _("Der Höchstbetrag liegt unter dem Betrag.")
    for feld in ("betrag_cent", "betrag_weitere_cent", "betrag_max_cent"):
        wert = getattr(regel, feld)
        if wert is not None and wert > xb.model.AMOUNT_MAX_CENTS:
            fehler[feld] = _("Der Betrag ist zu hoch.")
    if fehler:
        raise ValidationError(fehler)


@transaction.atomic
def gebuehrenregel_create(*, leistung: Any, actor: Actor, **werte: Any) -> Gebuehrenregel:
    """A new fee rule of `leistung` (fields: `REGELFELDER`), checked, with its Protokoll
    entry. Needs ``zahlungen.add_gebuehrenregel``."""
    if not _darf(actor, "zahlungen.add_gebuehrenregel"):
        raise PermissionDenied
    unbekannt = set(werte) - set(REGELFELDER)
    if unbekannt:
        raise ValidationError(f"unknown fields: {sorted(unbekannt)}")
    regel = Gebuehrenregel(leistung=leistung, **werte)
    _regel_pruefen(regel)
    regel.save()
    protokoll_write(
        actor=actor,
        action="gebuehrenregel.create",
        target=regel,
        details={f: getattr(regel, f) for f in REGELFELDER},
    )
    return regel


@transaction.atomic
def gebuehrenregel_update(*, regel: Gebuehrenregel, actor: Actor, **werte: Any) -> Gebuehrenregel:
    """Change a fee rule; payments already created keep their computed positions.
    Needs ``zahlungen.change_gebuehrenregel``."""
    if not _darf(actor, "zahlungen.change_gebuehrenregel"):
        raise PermissionDenied
    unbekannt = set(werte) - set(REGELFELDER)
    if unbekannt:
        raise ValidationError(f"unknown fields: {sorted(unbekannt)}")
    regel = Gebuehrenregel.objects.select_for_update().get(pk=regel.pk)
    vorher = {f: getattr(regel, f) for f in werte}
    for feld, wert in werte.items():
        setattr(regel, feld, wert)
    _regel_pruefen(regel)
    regel.save()
    protokoll_write(
        actor=actor,
        action="gebuehrenregel.update",
        target=regel,
        details={"vorher": vorher, "nachher": werte},
    )
    return regel


# --- create ---------------------------------------------------------------------------


@transaction.atomic
def zahlung_create(
    *,
    leistung: Any,
    subjekt: str,
    antworten: Mapping[str, Any],
    actor: Actor,
    konto: Any = None,
    faelligkeit: str = Faelligkeit.VORAB,
    festsetzungen: Mapping[int, int] | None = None,
    befreiungen: Mapping[int, str] | None = None,
    betrag_erwartet_cent: int | None = None,
    idempotenz_schluessel: str | None = None,
) -> Zahlung | None:
    """The payment of `subjekt` (``"antrag:42"``) for `leistung`, its amount computed here
    from the Leistung's active rules of that `faelligkeit` and the `antworten`.

    Idempotent: the same subject (or idempotency key) gives the payment created before.
    `betrag_erwartet_cent` is the amount the citizen was shown; a different computed amount
    is refused (``betrag_geaendert``). Range amounts and exemptions need the permission
    ``zahlungen.festsetzen``. None when everything is exempt (recorded in the Protokoll)."""
    if not SUBJEKT_RE.fullmatch(subjekt or ""):
        raise ValidationError(_("Ungültiger Gegenstand der Zahlung."), code="subjekt")
    if (festsetzungen or befreiungen) and not _darf(actor, "zahlungen.festsetzen"):
        raise PermissionDenied(_("Nur die Behörde setzt Gebühren fest oder befreit davon."))
    if idempotenz_schluessel:
        frueher = Zahlung.objects.filter(idempotenz_schluessel=idempotenz_schluessel).first()
        if frueher is not None:
            if frueher.subjekt != subjekt:
                raise ValidationError(_("Schlüssel bereits verwendet."), code="schluessel")
            return frueher
    regeln = regeln_der_leistung(leistung_id=leistung.pk, faelligkeit=faelligkeit)
    if not regeln:
        raise ValidationError(_("Für diese Leistung ist keine Gebühr hinterlegt."), code="keine")
    berechnung = gebuehr_berechnen(
        regeln=regeln, antworten=antworten, festsetzungen=festsetzungen, befreiungen=befreiungen
    )
    summe = berechnung.summe_cent
    if betrag_erwartet_cent is not None and betrag_erwartet_cent != summe:
        raise ValidationError(
            _("Der Betrag wurde verändert. Bitte laden Sie die Seite neu."),
            code="betrag_geaendert",
        )
    if summe > xb.model.AMOUNT_MAX_CENTS:
        raise ValidationError(_("Der Betrag ist zu hoch."), code="zu_hoch")
    frueher = Zahlung.objects.filter(subjekt=subjekt).exclude(status=S.ERSTATTET).first()
    if frueher is not None:
        if frueher.betrag_cent != summe:
            raise ValidationError(
                _("Der Betrag wurde verändert. Bitte laden Sie die Seite neu."),
                code="betrag_geaendert",
            )
        return frueher
    positionen = [p.als_dict() for p in berechnung.positionen]
    if summe == 0:
        protokoll_write(
            actor=actor,
            action="zahlung.befreit",
            target=leistung,
            details={"subjekt": subjekt, "positionen": positionen},
        )
        return None
    kassenzeichen = kassenzeichen_next(jahr=timezone.localdate().year)
    name = str(leistung.name)
    try:
        with transaction.atomic():
            zahlung = Zahlung.objects.create(
                kassenzeichen=kassenzeichen,
                subjekt=subjekt,
                leistung=leistung,
                konto=konto,
                betrag_cent=summe,
                zweck=xb.purpose_text(f"{kassenzeichen} {name}") or kassenzeichen[:27],
                beschreibung=xb.description_text(name) or kassenzeichen,
                positionen=positionen,
                idempotenz_schluessel=idempotenz_schluessel or None,
            )
    except IntegrityError:  # a concurrent double click created it a moment ago
        vorhanden = Zahlung.objects.filter(subjekt=subjekt).exclude(status=S.ERSTATTET).first()
        if vorhanden is None:
            raise
        return vorhanden
    protokoll_write(
        actor=actor,
        action="zahlung.create",
        target=zahlung,
        details={"betrag_cent": summe, "subjekt": subjekt, "positionen": positionen},
    )
    return zahlung


# --- start ----------------------------------------------------------------------------


def _rueckkehr_url(zahlung: Zahlung) -> str:
    pfad = reverse("zahlungen:zurueck", args=[zahlung.oeffentliche_id])
    return f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{pfad}"


def _anfrage_id(kassenzeichen: str, nummer: int) -> str:
    kandidat = f"{kassenzeichen}-{nummer}"
    return kandidat if len(kandidat) <= xb.model.ID_MAX else secrets.token_hex(16)


def _auftrag(zahlung: Zahlung, versuch: Zahlungsversuch) -> Auftrag:
    positionen = tuple(
        Position(
            id=f"pos-{i}",
            bezeichnung=str(p.get("bezeichnung", "")),
            menge=int(p.get("menge", 1)),
            betrag_cent=int(p.get("betrag_cent", 0)),
            referenz=f"regel-{p.get('regel')}",
        )
        for i, p in enumerate(zahlung.positionen, start=1)
        if int(p.get("betrag_cent", 0)) > 0
    )
    return Auftrag(
        anfrage_id=versuch.anfrage_id,
        kassenzeichen=zahlung.kassenzeichen,
        betrag_cent=zahlung.betrag_cent,
        zweck=zahlung.zweck,
        beschreibung=zahlung.beschreibung,
        positionen=positionen,
        rueckkehr_url=_rueckkehr_url(zahlung),
        erstellt_am=versuch.erstellt_am,
    )


def zahlung_start(*, zahlung: Zahlung, anbieter_id: str, actor: Actor) -> Start:
    """Start paying `zahlung` with the plugin `anbieter_id`; the answer's ``weiterleitung``
    is the provider's pay page ("" for a bank transfer).

    A second call while the attempt waits at the provider gives the same pay page (double
    click); after a failed or cancelled attempt the provider is asked first (it may have
    been captured late), then a new attempt with the same Kassenzeichen is opened (retry).
    The provider is called outside any transaction; AnbieterFehler when it does not answer
    (the attempt is marked, nothing else changes), ZahlungLaeuft when another request is
    starting it right now."""
    angeboten = {p.ident: p for p in anbieter_angeboten()}
    if anbieter_id not in angeboten:
        raise ValidationError(_("Diese Zahlungsart wird nicht angeboten."), code="anbieter")
    plugin = angeboten[anbieter_id]
    if zahlung.status in (S.FEHLGESCHLAGEN, S.ABGEBROCHEN):
        zahlung = zahlung_sync(zahlung=zahlung, actor=actor).zahlung
    jetzt = timezone.now()
    with transaction.atomic():
        z = Zahlung.objects.select_for_update().get(pk=zahlung.pk)
        if z.status in (S.BEZAHLT, S.ERSTATTET):
            raise ValidationError(_("Diese Zahlung ist bereits abgeschlossen."), code="fertig")
        letzter = z.versuche.order_by("-nummer").first()
        if letzter is not None and z.status == S.OFFEN and letzter.anbieter == plugin.ident:
            if not plugin.online:
                return Start(transaktion_id="", weiterleitung="")
            if letzter.weiterleitung and letzter.anbieter_status in ("", "INITIAL"):
                return Start(letzter.transaktion_id, letzter.weiterleitung)
            im_flug = timedelta(seconds=float(settings.RATHAUS_XBEZAHLDIENSTE_TIMEOUT) + 5)
            if (
                not letzter.transaktion_id
                and not letzter.anbieter_status
                and letzter.erstellt_am > jetzt - im_flug
            ):
                raise ZahlungLaeuft
        nummer = letzter.nummer + 1 if letzter else 1
        versuch = Zahlungsversuch.objects.create(
            zahlung=z,
            nummer=nummer,
            anbieter=plugin.ident,
            anfrage_id=_anfrage_id(z.kassenzeichen, nummer),
        )
        if z.status != S.OFFEN:
            _zustand(z, S.OFFEN, actor=actor, details={"versuch": nummer, "grund": "neuer Versuch"})
        z.anbieter = plugin.ident
        z.save(update_fields=["anbieter", "geaendert_am"])
        protokoll_write(
            actor=actor,
            action="zahlung.start",
            target=z,
            details={"versuch": nummer, "anbieter": plugin.ident, "anfrage": versuch.anfrage_id},
        )
    try:
        start = plugin.starten(_auftrag(z, versuch))
    except AnbieterFehler as exc:
        with transaction.atomic():
            versuch.anbieter_status = "ERROR"
            versuch.save(update_fields=["anbieter_status", "geaendert_am"])
            protokoll_write(
                actor=actor,
                action="zahlung.start_fehler",
                target=z,
                details={"versuch": nummer, "fehler": str(exc)[:500]},
            )
        raise
    with transaction.atomic():
        versuch.transaktion_id = start.transaktion_id
        versuch.weiterleitung = start.weiterleitung
        versuch.anbieter_status = "INITIAL" if plugin.online else ""
        versuch.save()
        if start.transaktion_id:
            Zahlung.objects.filter(pk=z.pk).update(transaktion_id=start.transaktion_id)
    return start


# --- what the provider says -----------------------------------------------------------


@dataclass(frozen=True)
class Abgleich:
    zahlung: Zahlung
    erreicht: bool  # False: the provider did not answer about at least one attempt


def _fragen(versuche: list[Zahlungsversuch]) -> tuple[list[tuple[int, Stand]], bool]:
    staende: list[tuple[int, Stand]] = []
    erreicht = True
    for v in versuche:
        try:
            plugin = anbieter(v.anbieter)
        except KeyError:
            continue
        if not plugin.online:
            continue
        try:
            staende.append((v.pk, plugin.abfragen(v.transaktion_id)))
        except AnbieterFehler as exc:
            erreicht = False
            log.warning("zahlungen: Abfrage %s fehlgeschlagen: %s", v.anfrage_id, exc)
    return staende, erreicht


def zahlung_sync(*, zahlung: Zahlung, actor: Actor = SYSTEM) -> Abgleich:
    """Ask the provider about every attempt of `zahlung` not yet known as paid and apply
    the answers under the row lock: any PAYED attempt makes the payment ``bezahlt`` (also
    after FAILED or CANCELED: late capture), a second paid attempt is recorded as a double
    payment, a FAILED/CANCELED latest attempt makes an open payment failed/cancelled."""
    versuche = list(
        zahlung.versuche.exclude(transaktion_id="").filter(
            anbieter_status__in=OFFENE_ANBIETERSTATUS
        )
    )
    if not versuche:
        return Abgleich(zahlung, True)
    staende, erreicht = _fragen(versuche)
    if not staende:
        return Abgleich(zahlung, erreicht)
    jetzt = timezone.now()
    with transaction.atomic():
        z = Zahlung.objects.select_for_update().get(pk=zahlung.pk)
        alle = {v.pk: v for v in z.versuche.select_for_update()}
        neu_bezahlt: list[tuple[Zahlungsversuch, Stand]] = []
        for pk, stand in staende:
            v = alle[pk]
            war = v.anbieter_status
            if war == "PAYED":  # another request booked it meanwhile
                continue
            if stand.status == "PAYED" and stand.betrag_cent not in (None, z.betrag_cent):
                protokoll_write(
                    actor=actor,
                    action="zahlung.betrag_abweichend",
                    target=z,
                    details={"versuch": v.nummer, "gemeldet_cent": stand.betrag_cent},
                )
                log.error("zahlungen: %s: Anbieter meldet anderen Betrag", z.kassenzeichen)
                continue
            v.anbieter_status = stand.status
            v.abgefragt_am = jetzt
            v.save(update_fields=["anbieter_status", "abgefragt_am", "geaendert_am"])
            if stand.status == "PAYED":
                neu_bezahlt.append((v, stand))
        for v, stand in neu_bezahlt:
            if z.status in (S.OFFEN, S.FEHLGESCHLAGEN, S.ABGEBROCHEN):
                z.transaktion_id = v.transaktion_id
                z.anbieter = v.anbieter
                z.zahlungsmethode = stand.zahlungsmethode[:20]
                z.bezahlt_am = stand.bezahlt_am or jetzt
                _zustand(
                    z,
                    S.BEZAHLT,
                    actor=actor,
                    details={"versuch": v.nummer, "transaktion": v.transaktion_id},
                )
            elif z.transaktion_id != v.transaktion_id:
                protokoll_write(
                    actor=actor,
                    action="zahlung.doppelt_bezahlt",
                    target=z,
                    details={"versuch": v.nummer, "transaktion": v.transaktion_id},
                )
                log.error("zahlungen: %s doppelt bezahlt (%s)", z.kassenzeichen, v.anfrage_id)
        if z.status == S.OFFEN and not neu_bezahlt:
            letzter = max(alle.values(), key=lambda v: v.nummer)
            gefragt = dict(staende)
            if letzter.pk in gefragt:
                ziel = {"FAILED": S.FEHLGESCHLAGEN, "CANCELED": S.ABGEBROCHEN}.get(
                    gefragt[letzter.pk].status
                )
                if ziel is not None:
                    _zustand(z, ziel, actor=actor, details={"versuch": letzter.nummer})
    return Abgleich(z, erreicht)


def zahlung_return(*, zahlung: Zahlung, actor: Actor) -> Abgleich:
    """The citizen is back from the provider: whatever the URL says, ask the provider.
    A payment already paid is answered without asking (a reload books nothing)."""
    if zahlung.status in (S.BEZAHLT, S.ERSTATTET):
        return Abgleich(zahlung, True)
    return zahlung_sync(zahlung=zahlung, actor=actor)


def zahlung_notify(*, transaktion_id: str, actor: Actor = "anbieter") -> Abgleich | None:
    """A provider's notification about `transaktion_id`: only a reason to ask the provider
    (its body is not trusted); None for an unknown transaction."""
    versuch = (
        Zahlungsversuch.objects.filter(transaktion_id=transaktion_id)
        .select_related("zahlung")
        .first()
    )
    if versuch is None:
        return None
    return zahlung_sync(zahlung=versuch.zahlung, actor=actor)


def zahlungen_sync_all(*, actor: Actor = "abgleich") -> dict[str, int]:
    """The reconciliation: ask the provider about every payment with an attempt not yet
    paid — open ones always, failed, cancelled or paid ones (a second attempt) for
    RATHAUS_ZAHLUNG_ABGLEICH_TAGE days."""
    seit = timezone.now() - timedelta(days=int(settings.RATHAUS_ZAHLUNG_ABGLEICH_TAGE))
    offen = Zahlungsversuch.objects.filter(
        zahlung=OuterRef("pk"), anbieter_status__in=OFFENE_ANBIETERSTATUS
    ).exclude(transaktion_id="")
    kandidaten = Zahlung.objects.filter(
        Exists(offen.filter(zahlung__status=S.OFFEN))
        | Exists(offen.filter(erstellt_am__gte=seit).exclude(zahlung__status=S.ERSTATTET))
    ).order_by("pk")
    ergebnis = {"gefragt": 0, "bezahlt": 0, "nicht_erreicht": 0}
    for zahlung in kandidaten.iterator():
        vorher = zahlung.status
        try:
            abgleich = zahlung_sync(zahlung=zahlung, actor=actor)
        except Exception:  # one bad payment never stops the run
            log.exception("zahlungen: Abgleich %s", zahlung.kassenzeichen)
            ergebnis["nicht_erreicht"] += 1
            continue
        ergebnis["gefragt"] += 1
        if not abgleich.erreicht:
            ergebnis["nicht_erreicht"] += 1
        if abgleich.zahlung.status == S.BEZAHLT and vorher != S.BEZAHLT:
            ergebnis["bezahlt"] += 1
    return ergebnis


# --- staff: bank transfers, refunds ---------------------------------------------------


@transaction.atomic
def zahlung_book_transfer(
    *, zahlung: Zahlung, actor: Actor, betrag_cent: int, buchungsreferenz: str
) -> Zahlung:
    """The Stadtkasse books a bank transfer (GiroCode) as received; the amount must be
    the claim's. Needs ``zahlungen.buchen``."""
    if not _darf(actor, "zahlungen.buchen"):
        raise PermissionDenied
    z = Zahlung.objects.select_for_update().get(pk=zahlung.pk)
    if z.status == S.BEZAHLT:
        return z
    if betrag_cent != z.betrag_cent:
        raise ValidationError(
            _("Der Betrag stimmt nicht mit der Forderung überein."), code="betrag"
        )
    z.anbieter = "girocode"
    z.zahlungsmethode = "UEBERWEISUNG"
    z.transaktion_id = buchungsreferenz.strip()[:44]
    z.bezahlt_am = timezone.now()
    _zustand(z, S.BEZAHLT, actor=actor, details={"buchung": z.transaktion_id})
    return z


@transaction.atomic
def zahlung_refund(*, zahlung: Zahlung, actor: Actor, grund: str) -> Erstattung:
    """Request the refund of a paid payment (``zahlungen.erstatten``). Below
    RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT it takes effect at once; above, a second member of
    staff releases it (`zahlung_refund_release`). The money goes back through the
    Stadtkasse (XBezahldienste 1.0 has no refund call); this records the decision."""
    if not _darf(actor, "zahlungen.erstatten"):
        raise PermissionDenied
    grund = (grund or "").strip()
    if not grund:
        raise ValidationError(_("Bitte geben Sie einen Grund an."), code="grund")
    z = Zahlung.objects.select_for_update().get(pk=zahlung.pk)
    if z.status != S.BEZAHLT or Erstattung.objects.filter(zahlung=z).exists():
        raise ValidationError(_("Nur eine bezahlte Zahlung kann erstattet werden."), code="status")
    erstattung = Erstattung.objects.create(
        zahlung=z,
        grund=grund[:500],
        beantragt_von=actor,  # type: ignore[misc]
    )
    protokoll_write(
        actor=actor, action="zahlung.erstattung_beantragt", target=z, details={"grund": grund[:500]}
    )
    if z.betrag_cent < int(settings.RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT):
        _erstatten(erstattung, z, actor=actor)
    return erstattung


@transaction.atomic
def zahlung_refund_release(*, erstattung: Erstattung, actor: Actor) -> Erstattung:
    """The second member of staff releases a refund above the threshold (four eyes)."""
    if not _darf(actor, "zahlungen.erstatten"):
        raise PermissionDenied
    e = Erstattung.objects.select_for_update().get(pk=erstattung.pk)
    if e.erstattet_am is not None:
        return e
    if e.beantragt_von_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("Die Freigabe muss eine zweite Person erteilen."))
    z = Zahlung.objects.select_for_update().get(pk=e.zahlung_id)
    _erstatten(e, z, actor=actor)
    return e


def _erstatten(erstattung: Erstattung, zahlung: Zahlung, *, actor: Actor) -> None:
    erstattung.freigegeben_von = actor  # type: ignore[assignment]
    erstattung.erstattet_am = timezone.now()
    erstattung.save(update_fields=["freigegeben_von", "erstattet_am", "geaendert_am"])
    _zustand(zahlung, S.ERSTATTET, actor=actor, details={"erstattung": erstattung.pk})
    outbox_write(
        topic=ZAHLUNG_ERSTATTET,
        key=zahlung.kassenzeichen,
        payload={"zahlung": str(zahlung.oeffentliche_id), "subjekt": zahlung.subjekt},
        context=zahlung,
    )


def zahlung_session_grant(*, zahlung: Zahlung, sitzung: Any) -> None:
    """Let this browser session see a payment made without an account (the intake calls
    it in the citizen's request); the last 20 are kept."""
    from .selectors import SITZUNG_SCHLUESSEL

    eigene = str(zahlung.oeffentliche_id)
    liste = [z for z in sitzung.get(SITZUNG_SCHLUESSEL, []) if z != eigene]
    sitzung[SITZUNG_SCHLUESSEL] = [*liste[-19:], eigene]
