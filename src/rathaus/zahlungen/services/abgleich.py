"""What the provider says: the return, notifications, sync under the row lock, reconciliation.

The return from a provider carries no trusted status: `zahlung_return` and `zahlung_sync`
always ask the provider, under the payment's row lock, so a reload, a double click or a
repeated notification books once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from rathaus.core.services import SYSTEM, Actor, protokoll_write

from ..models import (
    Zahlung,
    Zahlungsversuch,
)
from ..plugins import (
    AnbieterFehler,
    Stand,
    anbieter,
)
from .gemeinsam import (
    OFFENE_ANBIETERSTATUS,
    S,
    _zustand,
    log,
)


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
