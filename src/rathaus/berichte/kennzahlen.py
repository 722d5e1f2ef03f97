"""The computation of every figure of the report, from the system's own data.

`kennzahlen_berechnen` reads through `quellen` (other apps' selectors only) and returns one
JSON-ready snapshot: the figures for the whole city and for each Themenfeld and Lebenslage
(the page's filters), already masked by `datenschutz`, plus the level of every Leistung
(the open data and the quarter's changes). Pages, PDF and open data only format it.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from . import quellen
from .datenschutz import genug, maskiert
from .reifegrad import MODELL_VERSION, stufe_bestimmen

FORMAT = 1
MONATE = 12
TOP = 10
ALTERSKLASSEN = (("bis_30", 0, 30), ("bis_90", 31, 90), ("ueber_90", 91, None))

Gruppen = dict[str, dict[str, Any]]


def _gruppen_of(leistung: quellen.LeistungZeile | None) -> list[str]:
    keys = ["alle"]
    if leistung is not None:
        if leistung.themenfeld_id is not None:
            keys.append(f"tf:{leistung.themenfeld_id}")
        if leistung.lebenslage_id is not None:
            keys.append(f"ll:{leistung.lebenslage_id}")
    return keys


def _monate(stichtag: date) -> list[str]:
    jahr, monat = stichtag.year, stichtag.month
    out = []
    for _ in range(MONATE):
        out.append(f"{jahr:04d}-{monat:02d}")
        monat -= 1
        if monat == 0:
            jahr, monat = jahr - 1, 12
    return out[::-1]


def perzentil(werte: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted `werte` (p in 0..100)."""
    rang = max(1, math.ceil(p / 100 * len(werte)))
    return werte[rang - 1]


def _dauer(werte: list[float]) -> dict[str, Any]:
    n = len(werte)
    if not genug(n):
        return {"n": maskiert(n), "median": None, "p90": None}
    werte.sort()
    return {
        "n": n,
        "median": round(statistics.median(werte), 1),
        "p90": round(perzentil(werte, 90), 1),
    }


@dataclass
class _Bearbeitung:
    dauern: list[float] = field(default_factory=list)
    offen: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("n", "bis_30", "bis_90", "ueber_90"), 0)
    )
    frist_abgeschlossen: int = 0
    frist_eingehalten: int = 0
    frist_offen_ueberschritten: int = 0


def _altersklasse(tage: int) -> str:
    for name, _von, bis in ALTERSKLASSEN:
        if bis is None or tage <= bis:
            return name
    return ALTERSKLASSEN[-1][0]


def _bearbeitung(
    zeilen: Iterable[tuple[Any, ...]],
    leistungen: dict[int, quellen.LeistungZeile],
    stichtag: date,
    seit: date,
) -> tuple[Gruppen, dict[int, dict[str, Any]], dict[tuple[str, int], list[float]]]:
    gruppen: dict[str, _Bearbeitung] = defaultdict(_Bearbeitung)
    je_leistung: dict[int, list[float]] = defaultdict(list)
    je_oe: dict[tuple[str, int], list[float]] = defaultdict(list)
    for leistung_id, oe_id, status, eingang, abschluss, entscheidung, frist in zeilen:
        keys = _gruppen_of(leistungen.get(leistung_id))
        eingang_tag = timezone.localdate(eingang)
        if status != "abgeschlossen" or abschluss is None:
            alter = (stichtag - eingang_tag).days
            klasse = _altersklasse(alter)
            for k in keys:
                b = gruppen[k]
                b.offen["n"] += 1
                b.offen[klasse] += 1
                if frist is not None and frist < stichtag:
                    b.frist_offen_ueberschritten += 1
            continue
        abschluss_tag = timezone.localdate(abschluss)
        if abschluss_tag < seit:
            continue
        if entscheidung:
            tage = (abschluss - eingang).total_seconds() / 86400
            je_leistung[leistung_id].append(tage)
            for k in keys:
                gruppen[k].dauern.append(tage)
                je_oe[(k, oe_id)].append(tage)
        if frist is not None:
            for k in keys:
                gruppen[k].frist_abgeschlossen += 1
                gruppen[k].frist_eingehalten += abschluss_tag <= frist
    out: Gruppen = {}
    for k, b in gruppen.items():
        # With the total published, a rate would reveal a hidden count: only where both
        # the met and the missed deadlines are 0 or at least 5.
        verfehlt = b.frist_abgeschlossen - b.frist_eingehalten
        quote = (
            round(100 * b.frist_eingehalten / b.frist_abgeschlossen, 1)
            if genug(b.frist_abgeschlossen)
            and maskiert(b.frist_eingehalten) == b.frist_eingehalten
            and maskiert(verfehlt) == verfehlt
            else None
        )
        out[k] = {
            "gesamt": _dauer(b.dauern),
            "offen": {name: maskiert(n) for name, n in b.offen.items()},
            "fristen": {
                "abgeschlossen_mit_frist": maskiert(b.frist_abgeschlossen),
                "eingehalten": maskiert(b.frist_eingehalten),
                "quote": quote,
                "offen_ueberschritten": maskiert(b.frist_offen_ueberschritten),
            },
        }
    leistung_stats = {pk: _dauer(list(w)) for pk, w in je_leistung.items()}
    oe = {key: w for key, w in je_oe.items()}
    return out, leistung_stats, oe


def kennzahlen_berechnen(*, jetzt: datetime | None = None) -> dict[str, Any]:
    """Every figure, as one JSON-ready snapshot (see the module docstring)."""
    jetzt = jetzt or timezone.now()
    stichtag = timezone.localdate(jetzt)
    monate = _monate(stichtag)
    seit = date.fromisoformat(monate[0] + "-01")

    zeilen = quellen.leistungen()
    leistungen = {z.pk: z for z in zeilen}
    merkmale = quellen.merkmale_of()
    stufen = {pk: stufe_bestimmen(m) for pk, m in merkmale.items()}
    stellen = quellen.organisationseinheiten()

    gruppen: Gruppen = defaultdict(dict)
    schluessel = ["alle"]
    schluessel += [f"tf:{t[0]}" for t in quellen.themenfelder()]
    schluessel += [f"ll:{ll[0]}" for ll in quellen.lebenslagen()]

    # Maturity of the OZG-Leistungen that municipalities carry out: the best level of the
    # city's Leistungen belonging to it.
    ozg_stufe: dict[str, int] = {}
    ozg_gruppen: dict[str, list[str]] = {}
    for z in zeilen:
        if not z.ozg_id or not z.kommunal:
            continue
        ozg_stufe[z.ozg_id] = max(ozg_stufe.get(z.ozg_id, 0), int(stufen[z.pk].stufe))
        ozg_gruppen.setdefault(z.ozg_id, _gruppen_of(z))
    leistung_stufen: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for z in zeilen:
        if z.hier:
            for k in _gruppen_of(z):
                leistung_stufen[k][int(stufen[z.pk].stufe)] += 1
    ozg_zaehlung: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for ozg_id, stufe in ozg_stufe.items():
        for k in ozg_gruppen[ozg_id]:
            ozg_zaehlung[k][stufe] += 1

    # The most requested services still below level 3.
    gefragt = sorted(
        (z for z in zeilen if z.nachfrage > 0 and int(stufen[z.pk].stufe) < 3),
        key=lambda z: (-z.nachfrage, z.name),
    )
    unter_3: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for z in gefragt:
        for k in _gruppen_of(z):
            if len(unter_3[k]) < TOP:
                unter_3[k].append(
                    {"name": z.name, "slug": z.slug, "nachfrage": z.nachfrage,
                     "stufe": int(stufen[z.pk].stufe)}
                )  # fmt: skip

    # Use: online applications per month (and per Leistung) of the last twelve months.
    antraege_monat: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(monate, 0))
    antraege_leistung: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
    for leistung_id, monat, _kanal, anzahl in quellen.antraege_monatlich():
        schl = (
            timezone.localtime(monat).strftime("%Y-%m")
            if timezone.is_aware(monat)
            else monat.strftime("%Y-%m")
        )
        if schl not in monate:
            continue
        for k in _gruppen_of(leistungen.get(leistung_id) if leistung_id else None):
            antraege_monat[k][schl] += anzahl
            if leistung_id is not None:
                zeile = antraege_leistung[k].setdefault(leistung_id, dict.fromkeys(monate, 0))
                zeile[schl] += anzahl

    bearbeitung, dauer_leistung, dauer_oe = _bearbeitung(
        quellen.verfahren_laufzeiten(), leistungen, stichtag, seit
    )
    termine = _termine(quellen.termine_kennzahlen(von=seit, bis=stichtag))
    zahlungen = _zahlungen(quellen.zahlungen_kennzahlen(von=seit, bis=stichtag))

    for k in schluessel:
        je_leistung = sorted(
            antraege_leistung.get(k, {}).items(),
            key=lambda kv: (
                -sum(kv[1].values()),
                leistungen[kv[0]].name if kv[0] in leistungen else "",
            ),
        )
        monat_werte = antraege_monat.get(k, dict.fromkeys(monate, 0))
        gruppen[k] = {
            "reifegrad_ozg": {
                "stufen": ozg_zaehlung.get(k, [0] * 5),
                "gesamt": sum(ozg_zaehlung.get(k, [0] * 5)),
            },
            "reifegrad_leistungen": {
                "stufen": leistung_stufen.get(k, [0] * 5),
                "gesamt": sum(leistung_stufen.get(k, [0] * 5)),
            },
            "unter_3": unter_3.get(k, []),
            "antraege": {
                "monate": [[m, maskiert(monat_werte[m])] for m in monate],
                "summe": maskiert(sum(monat_werte.values())),
                "je_leistung": [
                    {
                        "name": leistungen[pk].name if pk in leistungen else "",
                        "slug": leistungen[pk].slug if pk in leistungen else "",
                        "leika": leistungen[pk].leika if pk in leistungen else "",
                        "monate": [[m, maskiert(w[m])] for m in monate],
                        "summe": maskiert(sum(w.values())),
                    }
                    for pk, w in je_leistung
                ],
                # The channel of an Antrag is web or API; staff record no paper applications.
                "papier": None,
            },
            "bearbeitung": {
                **bearbeitung.get(k, _leer_bearbeitung()),
                "je_leistung": sorted(
                    (
                        {"name": leistungen[pk].name, "slug": leistungen[pk].slug, **werte}
                        for pk, werte in dauer_leistung.items()
                        if pk in leistungen and k in _gruppen_of(leistungen[pk])
                    ),
                    key=lambda r: r["name"],
                ),
                "je_organisationseinheit": sorted(
                    (
                        {"name": stellen.get(oe_id, ""), **_dauer(list(w))}
                        for (g, oe_id), w in dauer_oe.items()
                        if g == k
                    ),
                    key=lambda r: r["name"],
                ),
            },
            "termine": termine if k == "alle" else None,
            "zahlungen": zahlungen if k == "alle" else None,
        }

    return {
        "format": FORMAT,
        "modell": MODELL_VERSION,
        "berechnet_am": jetzt.isoformat(),
        "stichtag": stichtag.isoformat(),
        "zeitraum": {"von": seit.isoformat(), "bis": stichtag.isoformat()},
        "themenfelder": [
            {"id": i, "slug": s, "name": n, "name_en": e} for i, s, n, e in quellen.themenfelder()
        ],
        "lebenslagen": [
            {"id": i, "slug": s, "name": n, "name_en": e, "themenfeld": t}
            for i, s, n, e, t in quellen.lebenslagen()
        ],
        "gruppen": dict(gruppen),
        "leistungen": [
            {
                "id": z.pk,
                "name": z.name,
                "slug": z.slug,
                "leika": z.leika,
                "ozg_id": z.ozg_id,
                "ozg_name": z.ozg_name,
                "themenfeld": z.themenfeld_id,
                "lebenslage": z.lebenslage_id,
                "kommunal": z.kommunal,
                "hier": z.hier,
                "zustaendig": list(z.stellen),
                **stufen[z.pk].als_daten(),
            }
            for z in zeilen
        ],
    }


def _termine(roh: dict[str, Any] | None) -> dict[str, Any] | None:
    """Appointments as published: counts masked, lead time and no-show rate only from
    5 bookings (the rate only where the no-shows are 0 or at least 5)."""
    if roh is None:
        return None
    gebucht, nicht = roh["gebucht"], roh["nicht_erschienen"]
    quote = round(100 * nicht / gebucht, 1) if genug(gebucht) and maskiert(nicht) == nicht else None
    vorlauf = roh["vorlauf_tage"]
    return {
        "gebucht": maskiert(gebucht),
        "online": maskiert(roh["online"]),
        "nicht_erschienen": maskiert(nicht),
        "quote_nicht_erschienen": quote,
        "storniert": maskiert(roh["storniert"]),
        "vorlauf_tage": round(vorlauf, 1) if vorlauf is not None and genug(gebucht) else None,
    }


def _zahlungen(roh: dict[str, int] | None) -> dict[str, Any] | None:
    """Paid fees by channel as published (counts masked)."""
    if roh is None:
        return None
    return {k: maskiert(v) for k, v in roh.items()}


def _leer_bearbeitung() -> dict[str, Any]:
    return {
        "gesamt": {"n": 0, "median": None, "p90": None},
        "offen": {"n": 0, "bis_30": 0, "bis_90": 0, "ueber_90": 0},
        "fristen": {"abgeschlossen_mit_frist": 0, "eingehalten": 0, "quote": None,
                    "offen_ueberschritten": 0},
    }  # fmt: skip
