"""Create a payment (amount computed from the fee rules) and start it at a provider."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.standards import xbezahldienste as xb

from ..gebuehren import gebuehr_berechnen, regeln_der_leistung
from ..kassenzeichen import kassenzeichen_next
from ..models import (
    Faelligkeit,
    Zahlung,
    Zahlungsversuch,
)
from ..plugins import (
    AnbieterFehler,
    Auftrag,
    Position,
    Start,
    anbieter_angeboten,
)
from .abgleich import zahlung_sync
from .gemeinsam import (
    SUBJEKT_RE,
    S,
    ZahlungLaeuft,
    _darf,
    _zustand,
)


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


def zahlung_session_grant(*, zahlung: Zahlung, sitzung: Any) -> None:
    """Let this browser session see a payment made without an account (the intake calls
    it in the citizen's request); the last 20 are kept."""
    from ..selectors import SITZUNG_SCHLUESSEL

    eigene = str(zahlung.oeffentliche_id)
    liste = [z for z in sitzung.get(SITZUNG_SCHLUESSEL, []) if z != eigene]
    sitzung[SITZUNG_SCHLUESSEL] = [*liste[-19:], eigene]
