"""Accounting export and reconciliation report, per day (CSV, UTF-8, ``;``-separated,
decimal comma, as German cash systems import them).

Export (``zahlungen-YYYY-MM-DD.csv``): one row per payment received that day, columns

    Kassenzeichen; Betrag; Waehrung; Datum; Leistung; LeiKa; Zahlungsart; Zahlungsmittel;
    Transaktions-Id; Verwendungszweck; Status

``Betrag`` like ``15,00``; ``Datum`` the local date of payment (``YYYY-MM-DD``);
``Zahlungsart`` the plugin (``xbezahldienste``, ``girocode``); ``Zahlungsmittel`` the
provider's paymentMethod (``CREDITCARD`` …, ``UEBERWEISUNG`` for a booked transfer);
``Status`` ``bezahlt`` or ``erstattet`` (refunded later, still received that day).

Reconciliation report (``abgleich-YYYY-MM-DD.csv``): every online attempt created or paid
that day, Rathaus' state beside the provider's, asked now:

    Kassenzeichen; Transaktions-Id; Betrag; Status Rathaus; Status Anbieter; Ergebnis

``Ergebnis``: ``ok``, ``abweichend`` (paid in one, not in the other), ``doppelt`` (a second
paid attempt of a paid payment: refund it), ``nicht erreichbar``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Zahlung, ZahlungStatus, Zahlungsversuch
from .plugins import AnbieterFehler, anbieter

EXPORT_SPALTEN = (
    "Kassenzeichen",
    "Betrag",
    "Waehrung",
    "Datum",
    "Leistung",
    "LeiKa",
    "Zahlungsart",
    "Zahlungsmittel",
    "Transaktions-Id",
    "Verwendungszweck",
    "Status",
)
ABGLEICH_SPALTEN = (
    "Kassenzeichen",
    "Transaktions-Id",
    "Betrag",
    "Status Rathaus",
    "Status Anbieter",
    "Ergebnis",
)


def _tag_grenzen(tag: date) -> tuple[datetime, datetime]:
    anfang = timezone.make_aware(datetime.combine(tag, time.min))
    return anfang, anfang + timedelta(days=1)


def _betrag(cent: int) -> str:
    return f"{Decimal(cent).scaleb(-2):.2f}".replace(".", ",")


def _sicher(text: str) -> str:
    """No formula injection in a spreadsheet: a leading =, +, - or @ is quoted."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _csv(spalten: tuple[str, ...], zeilen: list[list[str]]) -> str:
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(spalten)
    schreiber.writerows([[_sicher(str(w)) for w in z] for z in zeilen])
    return puffer.getvalue()


def export_csv(*, tag: date) -> str:
    """The accounting export of `tag` (see the module docstring)."""
    anfang, ende = _tag_grenzen(tag)
    zahlungen = (
        Zahlung.objects.filter(
            bezahlt_am__gte=anfang,
            bezahlt_am__lt=ende,
            status__in=(ZahlungStatus.BEZAHLT, ZahlungStatus.ERSTATTET),
        )
        .select_related("leistung")
        .order_by("bezahlt_am", "pk")
    )
    zeilen = [
        [
            z.kassenzeichen,
            _betrag(z.betrag_cent),
            z.waehrung,
            timezone.localdate(z.bezahlt_am).isoformat() if z.bezahlt_am else "",
            z.leistung.name if z.leistung else "",
            (z.leistung.leika_schluessel or "") if z.leistung else "",
            z.anbieter,
            z.zahlungsmethode,
            z.transaktion_id,
            z.zweck,
            z.status,
        ]
        for z in zahlungen
    ]
    return _csv(EXPORT_SPALTEN, zeilen)


@dataclass(frozen=True)
class Abgleichbericht:
    text: str
    zahlen: dict[str, int]


def abgleich_bericht(*, tag: date) -> Abgleichbericht:
    """Paid in Rathaus vs. reported by the provider, for the attempts of `tag`."""
    anfang, ende = _tag_grenzen(tag)
    versuche = (
        Zahlungsversuch.objects.exclude(transaktion_id="")
        .filter(
            Q(erstellt_am__gte=anfang, erstellt_am__lt=ende)
            | Q(zahlung__bezahlt_am__gte=anfang, zahlung__bezahlt_am__lt=ende)
        )
        .select_related("zahlung")
        .order_by("zahlung__kassenzeichen", "nummer")
    )
    zahlen = {"ok": 0, "abweichend": 0, "doppelt": 0, "nicht erreichbar": 0}
    zeilen = []
    for v in versuche:
        z = v.zahlung
        try:
            plugin = anbieter(v.anbieter)
            gemeldet = plugin.abfragen(v.transaktion_id).status if plugin.online else ""
        except (AnbieterFehler, KeyError):
            gemeldet = ""
        if not gemeldet:
            ergebnis = "nicht erreichbar"
        elif gemeldet == "PAYED" and z.transaktion_id == v.transaktion_id:
            ergebnis = (
                "ok"
                if z.status in (ZahlungStatus.BEZAHLT, ZahlungStatus.ERSTATTET)
                else "abweichend"
            )
        elif gemeldet == "PAYED":
            ergebnis = (
                "doppelt"
                if z.status in (ZahlungStatus.BEZAHLT, ZahlungStatus.ERSTATTET)
                else "abweichend"
            )
        else:
            bezahlt_hier = (
                z.status == ZahlungStatus.BEZAHLT and z.transaktion_id == v.transaktion_id
            )
            ergebnis = "abweichend" if bezahlt_hier else "ok"
        zahlen[ergebnis] += 1
        zeilen.append(
            [
                z.kassenzeichen,
                v.transaktion_id,
                _betrag(z.betrag_cent),
                z.status,
                gemeldet,
                ergebnis,
            ]
        )
    return Abgleichbericht(_csv(ABGLEICH_SPALTEN, zeilen), zahlen)


def tagesabschluss_schreiben(*, tag: date, ordner: Path | None = None) -> dict[str, Any]:
    """Write the export and the report of `tag` into RATHAUS_ZAHLUNG_EXPORT_DIR."""
    ordner = Path(ordner or settings.RATHAUS_ZAHLUNG_EXPORT_DIR)
    ordner.mkdir(parents=True, exist_ok=True)
    export = ordner / f"zahlungen-{tag.isoformat()}.csv"
    export.write_text(export_csv(tag=tag), encoding="utf-8")
    bericht = abgleich_bericht(tag=tag)
    (ordner / f"abgleich-{tag.isoformat()}.csv").write_text(bericht.text, encoding="utf-8")
    return {"export": str(export), **bericht.zahlen}
