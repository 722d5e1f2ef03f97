"""The review page's view of a draft: every visible answer, step by step, as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Datentyp, Feldart, Kind

from .definition import Definition, label
from .pfade import gefuellt, instanzen


@dataclass
class Zeile:
    label: str
    wert: str = ""
    tiefe: int = 0
    ist_gruppe: bool = False


@dataclass
class Abschnitt:
    nr: int
    titel: str
    zeilen: list[Zeile] = field(default_factory=list)


def text(feld: Datenfeld, value: Any) -> str:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nein")
    if feld.werte:
        for c in feld.werte:
            if c.code == value:
                return c.label or c.code
    if feld.datentyp is Datentyp.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    if feld.datentyp is Datentyp.DATETIME and isinstance(value, str):
        try:
            return datetime.fromisoformat(value).strftime("%d.%m.%Y %H:%M")
        except ValueError:
            return value
    if isinstance(value, float):
        return (
            f"{value:.2f}".replace(".", ",")
            if feld.datentyp is Datentyp.NUM_CURRENCY
            else (str(value).replace(".", ","))
        )
    return str(value)


def _zeilen(kinder: tuple[Kind, ...], daten: Any, sichtbar: set[str], tiefe: int) -> list[Zeile]:
    out: list[Zeile] = []
    daten = daten if isinstance(daten, dict) else {}
    for k in kinder:
        el = k.element
        if el.id not in sichtbar or el.id not in daten:
            continue
        werte = [v for v in instanzen(k, daten[el.id]) if gefuellt(v)]
        for i, v in enumerate(werte):
            titel = label(el) + (f" ({i + 1})" if len(werte) > 1 else "")
            if isinstance(el, Datenfeldgruppe):
                out.append(Zeile(titel, tiefe=tiefe, ist_gruppe=True))
                out.extend(_zeilen(el.struktur, v, sichtbar, tiefe + 1))
            elif el.feldart is not Feldart.HIDDEN:
                out.append(Zeile(titel, text(el, v), tiefe))
    return out


def zusammenfassung(defn: Definition, daten: dict[str, Any]) -> list[Abschnitt]:
    sichtbar = defn.regelwerk.visible(daten)
    out = []
    for s in defn.schritte:
        kinder = s.gruppe.struktur if s.gruppe is not None else s.kinder
        inhalt = daten.get(s.gruppe.id, {}) if s.gruppe is not None else daten
        out.append(Abschnitt(s.nr, s.titel, _zeilen(kinder, inhalt, sichtbar, 0)))
    return out
