"""The review page's view of a draft: every visible answer, step by step, as text.

A file field holds no value in the data; its row lists the files stored for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Datentyp, Feldart, Kind

from .ablage import Hochgeladen
from .definition import Definition, label
from .eingabe import ist_datei
from .pfade import gefuellt, instanzen, join

_DATEI = (Datentyp.FILE, Datentyp.OBJ)


@dataclass
class Zeile:
    label: str
    wert: str = ""
    tiefe: int = 0
    ist_gruppe: bool = False
    vorbefuellt: bool = False  # still the value taken from the citizen's identity


@dataclass
class Felder:
    """A run of answered fields that stand side by side in one description list."""

    zeilen: list[Zeile]
    ist_gruppe = False


@dataclass
class Gruppe:
    """A group of the form with its title and, in order, runs of fields and subgroups.

    ``ebene`` counts from 1 for a group directly in a step; pages add it to the level of
    the step's heading, so headings nest as the groups do."""

    titel: str
    ebene: int
    inhalt: list[Felder | Gruppe] = field(default_factory=list)
    ist_gruppe = True


@dataclass
class Abschnitt:
    nr: int
    titel: str
    zeilen: list[Zeile] = field(default_factory=list)

    @property
    def inhalt(self) -> list[Felder | Gruppe]:
        """The rows as a tree: every label stays beside its own value, and a group's
        title is a heading over its fields instead of a row without a value."""
        return gliederung(self.zeilen)


def gliederung(zeilen: list[Zeile]) -> list[Felder | Gruppe]:
    """Build the group tree from the flat rows (groups carry their depth)."""
    wurzel = Gruppe("", 0)
    pfad = [wurzel]  # the open groups, outermost first
    for z in zeilen:
        while len(pfad) > z.tiefe + 1:
            pfad.pop()
        oben = pfad[-1]
        if z.ist_gruppe:
            gruppe = Gruppe(z.label, len(pfad))
            oben.inhalt.append(gruppe)
            pfad.append(gruppe)
        elif oben.inhalt and isinstance(oben.inhalt[-1], Felder):
            oben.inhalt[-1].zeilen.append(z)
        else:
            oben.inhalt.append(Felder([z]))
    return wurzel.inhalt


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


@dataclass(frozen=True)
class _Kontext:
    sichtbar: set[str]
    # input name → value taken from the citizen's identity (formulare.vorbefuellung)
    vorbefuellt: Mapping[str, Any]
    # file field id → files stored for it; a field's files are listed once
    dateien: Mapping[str, list[Hochgeladen]] = field(default_factory=dict)
    gezeigt: set[str] = field(default_factory=set)


def _dateien_zeile(el: Datenfeld, ctx: _Kontext, tiefe: int) -> Zeile | None:
    dateien = ctx.dateien.get(el.id)
    if not dateien or el.id in ctx.gezeigt or not ist_datei(el):
        return None
    ctx.gezeigt.add(el.id)
    text = "\n".join(f"{d.dateiname} ({d.groesse_text})" for d in dateien)
    return Zeile(label(el), text, tiefe)


def _mit_dateien(el: Datenfeldgruppe, ctx: _Kontext) -> bool:
    """Whether a group not in the data holds a visible file field with files."""
    for k in el.struktur:
        if k.element.id not in ctx.sichtbar:
            continue
        if isinstance(k.element, Datenfeldgruppe):
            if _mit_dateien(k.element, ctx):
                return True
        elif ctx.dateien.get(k.element.id) and ist_datei(k.element):
            return True
    return False


def _zeilen(
    kinder: tuple[Kind, ...], daten: Any, ctx: _Kontext, tiefe: int, prefix: str = ""
) -> list[Zeile]:
    out: list[Zeile] = []
    daten = daten if isinstance(daten, dict) else {}
    for k in kinder:
        el = k.element
        if el.id not in ctx.sichtbar:
            continue
        # (data submitted through the API names its attachments in file fields)
        if isinstance(el, Datenfeld) and el.datentyp in _DATEI and el.id not in daten:
            zeile = _dateien_zeile(el, ctx, tiefe)
            if zeile is not None:
                out.append(zeile)
            continue
        if el.id not in daten:
            if isinstance(el, Datenfeldgruppe) and _mit_dateien(el, ctx):
                out.append(Zeile(label(el), tiefe=tiefe, ist_gruppe=True))
                inner = join(prefix, el.id, 0) if k.anzahl.repeatable else join(prefix, el.id)
                out.extend(_zeilen(el.struktur, {}, ctx, tiefe + 1, inner))
            continue
        name = join(prefix, el.id)
        werte = [(i, v) for i, v in enumerate(instanzen(k, daten[el.id])) if gefuellt(v)]
        for n, (i, v) in enumerate(werte):
            titel = label(el) + (f" ({n + 1})" if len(werte) > 1 else "")
            inner = join(name, i) if k.anzahl.repeatable else name
            if isinstance(el, Datenfeldgruppe):
                out.append(Zeile(titel, tiefe=tiefe, ist_gruppe=True))
                out.extend(_zeilen(el.struktur, v, ctx, tiefe + 1, inner))
            elif el.feldart is not Feldart.HIDDEN:
                konto = inner in ctx.vorbefuellt and ctx.vorbefuellt[inner] == v
                out.append(Zeile(titel, text(el, v), tiefe, vorbefuellt=konto))
    return out


def zusammenfassung(
    defn: Definition,
    daten: dict[str, Any],
    vorbefuellt: Mapping[str, Any] | None = None,
    dateien: Mapping[str, list[Hochgeladen]] | None = None,
) -> list[Abschnitt]:
    """The visible answers step by step; with ``vorbefuellt`` (input name → value taken
    from the identity) the rows that still hold that value are marked; ``dateien`` (file
    field id → stored files) gives the file fields their rows."""
    ctx = _Kontext(defn.regelwerk.visible(daten), vorbefuellt or {}, dateien or {})
    out = []
    for s in defn.schritte:
        kinder = s.gruppe.struktur if s.gruppe is not None else s.kinder
        inhalt = daten.get(s.gruppe.id, {}) if s.gruppe is not None else daten
        prefix = s.gruppe.id if s.gruppe is not None else ""
        out.append(Abschnitt(s.nr, s.titel, _zeilen(kinder, inhalt, ctx, 0, prefix)))
    return out
