"""The render tree of one step: what the templates show, built from schema, values, errors.

Elements the rules hide are still rendered (with ``hidden``) so the browser script can
show them as the citizen types; the server decides what is shown on every request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.standards.xdatenfelder import (
    Bezug,
    Datenfeld,
    Datenfeldgruppe,
    Datentyp,
    Feldart,
    Kind,
)

from .ablage import Grenzen, Hochgeladen
from .definition import Definition, Schritt, label
from .eingabe import anzeige, ist_datei, vorgabe
from .feldarten import Zweck, datum_grenzen, datumsteile, hoechstlaenge, langtext, vergangen, zweck
from .pfade import html_id, instanzen, join, obergrenze, ohne_index
from .vorbefuellt import Vorbefuellt, schritt_von

RADIO_MAX = 7
# A sentence of a FIM help text that states file limits of its own ("Datenvolumen von
# 20MB", "Akzeptierte Dateiformate sind JPG, PNG und PDF"): the limits the store enforces
# are stated instead (``Grenzen.hinweis``), so the page never names two different ones.
_GRENZANGABE = re.compile(
    r"\d\s*(?:[KMG]i?B|[KMG]i?Byte|Kilobyte|Megabyte|Gigabyte)\b"
    r"|Datenvolumen|Dateigr(?:ö|oe)(?:ß|ss)e|Dateiformat|Dateityp|Dateiart|Dateiendung",
    re.IGNORECASE,
)


def ohne_grenzangaben(text: str) -> str:
    """``text`` without its sentences about file size or type."""
    teile = re.split(r"(?<=[.!?])(\s+)", text or "")
    out: list[str] = []
    for i in range(0, len(teile), 2):
        if _GRENZANGABE.search(teile[i]):
            continue
        if out and i > 0:
            out.append(teile[i - 1])
        out.append(teile[i])
    return "".join(out).strip()


@dataclass(frozen=True)
class DateiStand:
    """What the file fields of a step show: the limits and the files stored so far."""

    grenzen: Mapping[str, Grenzen] = field(default_factory=dict)
    hochgeladen: Mapping[str, list[Hochgeladen]] = field(default_factory=dict)


@dataclass
class Option:
    code: str
    label: str
    html_id: str
    gewaehlt: bool


@dataclass
class Knoten:
    typ: str  # feld | gruppe | wiederholung
    fim_id: str
    name: str
    html_id: str
    label: str
    hilfe: str = ""
    bezug: tuple[Bezug, ...] = ()
    pflicht: bool = False
    sichtbar: bool = True
    fehler: list[str] = field(default_factory=list)
    # feld: taken over from the citizen's identity (and not changed since)
    vorbefuellt: bool = False
    # feld
    art: str = ""
    wert: str = ""
    optionen: list[Option] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    beschreibt: str = ""
    # gruppe / wiederholung
    kinder: list[Knoten] = field(default_factory=list)
    datumsteile: bool = False  # a date of birth as day, month, year side by side
    instanzen: list[Knoten] = field(default_factory=list)
    index: int | None = None
    kann_hinzu: bool = False
    kann_weg: bool = False
    anzahl: int = 0
    max_anzahl: int | None = None
    # datei: the limits as the store enforces them, the files stored for this field
    grenzen: str = ""
    dateien: list[Hochgeladen] = field(default_factory=list)


def _art(feld: Datenfeld, pflicht: bool) -> str:
    if feld.feldart is Feldart.LABEL:
        return "hinweis"
    if feld.feldart is Feldart.HIDDEN:
        return "verborgen"
    if feld.feldart is Feldart.LOCKED:
        return "gesperrt"
    if feld.werte:
        return "radio" if len(feld.werte) <= RADIO_MAX else "select"
    typ = feld.datentyp
    if typ is Datentyp.BOOL:
        return "janein" if pflicht else "checkbox"
    if typ in (Datentyp.FILE, Datentyp.OBJ):
        return "datei"
    if typ is Datentyp.DATE:
        return "date"
    if typ is Datentyp.TIME:
        return "time"
    if typ is Datentyp.DATETIME:
        return "datetime-local"
    if typ in (Datentyp.NUM, Datentyp.NUM_INT, Datentyp.NUM_CURRENCY):
        return "zahl"
    z = zweck(feld)
    if z is Zweck.EMAIL:
        return "email"
    if z in (Zweck.TELEFON, Zweck.MOBIL, Zweck.FAX):
        return "tel"
    return "textarea" if langtext(feld) else "text"


def _attrs(feld: Datenfeld, art: str, autocomplete: str | None, heute: date) -> dict[str, Any]:
    p = feld.praezisierung
    out: dict[str, Any] = {}
    if art in ("text", "textarea", "email", "tel"):
        out["maxlength"] = hoechstlaenge(feld)
    if art == "zahl":
        out["inputmode"] = "numeric" if feld.datentyp is Datentyp.NUM_INT else "decimal"
    if art == "text" and zweck(feld) is Zweck.PLZ:
        out["inputmode"] = "numeric"
    if art == "email":
        out["spellcheck"] = "false"
    if art in ("date", "datetime-local"):
        frueh, spaet = datum_grenzen(heute)
        if vergangen(feld):
            spaet = heute
        out["min"] = frueh.isoformat() + ("T00:00" if art == "datetime-local" else "")
        out["max"] = spaet.isoformat() + ("T23:59" if art == "datetime-local" else "")
    if art == "datei" and p.media_types:
        out["accept"] = ",".join(p.media_types)
    if autocomplete and art not in ("datei", "hinweis", "verborgen", "gesperrt", "radio"):
        out["autocomplete"] = autocomplete
    return out


class Baumeister:
    def __init__(
        self,
        defn: Definition,
        roh: dict[str, str],
        anzahl: dict[str, int],
        fehler: dict[str, list[str]],
        sichtbar: set[str],
        vorbefuellt: Mapping[str, Any] | None = None,
        dateien: DateiStand | None = None,
    ) -> None:
        self.defn = defn
        self.roh = roh
        self.anzahl = anzahl
        self.fehler = fehler
        self.sichtbar = sichtbar
        self.vorbefuellt = vorbefuellt or {}
        self.dateien = dateien or DateiStand()
        self.heute = timezone.localdate()

    def kinder(self, kinder: tuple[Kind, ...], prefix: str) -> list[Knoten]:
        return [self.kind(k, prefix) for k in kinder]

    def kind(self, kind: Kind, prefix: str) -> Knoten:
        el = kind.element
        name = join(prefix, el.id)
        # One file input takes all files of a repeatable file field.
        if not kind.anzahl.repeatable or (isinstance(el, Datenfeld) and ist_datei(el)):
            return self.element(el, name, kind)
        n = self.anzahl.get(name, max(kind.anzahl.min, 1))
        grenze = obergrenze(kind)
        untergrenze = max(kind.anzahl.min, 1)
        inst = []
        for i in range(n):
            k = self.element(el, join(name, i), kind)
            k.index = i
            k.kann_weg = n > untergrenze
            inst.append(k)
        return Knoten(
            typ="wiederholung",
            fim_id=el.id,
            name=name,
            html_id=html_id(name),
            label=label(el),
            hilfe=el.hilfetext_eingabe,
            bezug=kind.bezug + el.bezug,
            pflicht=kind.anzahl.min >= 1,
            sichtbar=el.id in self.sichtbar,
            fehler=self.fehler.get(name, []),
            instanzen=inst,
            kann_hinzu=n < grenze,
            anzahl=n,
            max_anzahl=kind.anzahl.max,
        )

    def element(self, el: Datenfeld | Datenfeldgruppe, name: str, kind: Kind) -> Knoten:
        pflicht = kind.anzahl.min >= 1
        basis: dict[str, Any] = {
            "fim_id": el.id,
            "name": name,
            "html_id": html_id(name),
            "label": label(el),
            "hilfe": el.hilfetext_eingabe,
            "bezug": kind.bezug + el.bezug,
            "pflicht": pflicht,
            "sichtbar": el.id in self.sichtbar,
            "fehler": self.fehler.get(name, []),
        }
        if isinstance(el, Datenfeldgruppe):
            gruppe = Knoten(typ="gruppe", kinder=self.kinder(el.struktur, name), **basis)
            if datumsteile(el) is not None:
                self.datumsteile(gruppe)
            return gruppe
        art = _art(el, pflicht)
        autocomplete = self.defn.autocomplete.get(ohne_index(name))
        uebernommen = self.vorbefuellt.get(name) if art != "verborgen" else None
        konto = anzeige(el, uebernommen) if uebernommen is not None else None
        if art in ("verborgen", "gesperrt"):
            # a locked field the schema gives no value shows the identity's, read-only
            wert = vorgabe(el) or (konto if art == "gesperrt" and konto else "")
        else:
            wert = self.roh.get(name, "")
        attrs = _attrs(el, art, autocomplete, self.heute)
        knoten = Knoten(typ="feld", art=art, wert=wert, attrs=attrs, **basis)
        knoten.vorbefuellt = konto is not None and wert == konto
        if art == "hinweis":
            knoten.hilfe = el.inhalt or el.hilfetext_eingabe or el.beschreibung
        if art == "datei":
            self.dateifeld(knoten, el, kind)
        if el.werte:
            knoten.optionen = [
                Option(c.code, c.label or c.code, f"{knoten.html_id}-{i}", c.code == wert)
                for i, c in enumerate(el.werte)
            ]
            if knoten.optionen:
                knoten.optionen[0].html_id = knoten.html_id  # the error summary links here
        if art == "janein":
            knoten.optionen = [
                Option("true", _("Ja"), knoten.html_id, wert == "true"),
                Option("false", _("Nein"), f"{knoten.html_id}-1", wert == "false"),
            ]
        ids = [f"{knoten.html_id}-fehler{i}" for i in range(1, len(knoten.fehler) + 1)]
        if (knoten.hilfe or knoten.grenzen) and art != "hinweis":
            ids.append(f"{knoten.html_id}-hinweis")
        if knoten.vorbefuellt:
            ids.append(f"{knoten.html_id}-konto")
        if knoten.dateien:
            ids.append(f"{knoten.html_id}-dateien")
        knoten.beschreibt = " ".join(ids)
        return knoten

    def datumsteile(self, gruppe: Knoten) -> None:
        """Day, month and year as three narrow inputs in the group's one fieldset: the
        group's hint, the account notice and every part's errors stand above them and
        are what the fieldset is described by."""
        gruppe.datumsteile = True
        ids = [f"{gruppe.html_id}-fehler{i}" for i in range(1, len(gruppe.fehler) + 1)]
        if gruppe.hilfe:
            ids.append(f"{gruppe.html_id}-hinweis")
        for teil, titel, stellen in zip(
            gruppe.kinder, (_("Tag"), _("Monat"), _("Jahr")), (2, 2, 4), strict=True
        ):
            teil.label = titel
            teil.hilfe = ""
            teil.attrs.update(inputmode="numeric", maxlength=stellen, teil=stellen)
            teil.beschreibt = " ".join(
                f"{teil.html_id}-fehler{i}" for i in range(1, len(teil.fehler) + 1)
            )
            gruppe.vorbefuellt = gruppe.vorbefuellt or teil.vorbefuellt
        if gruppe.vorbefuellt:
            ids.append(f"{gruppe.html_id}-konto")
        gruppe.beschreibt = " ".join(ids)

    def dateifeld(self, knoten: Knoten, el: Datenfeld, kind: Kind) -> None:
        knoten.hilfe = ohne_grenzangaben(knoten.hilfe)
        grenzen = self.dateien.grenzen.get(el.id)
        if grenzen is not None:
            knoten.grenzen = grenzen.hinweis
            knoten.attrs["accept"] = ",".join((*grenzen.medientypen, *grenzen.endungen))
        knoten.attrs["multiple"] = kind.anzahl.max != 1
        knoten.dateien = list(self.dateien.hochgeladen.get(el.id, []))


def roh_aus_daten(
    kinder: tuple[Kind, ...], daten: dict[str, Any], prefix: str = ""
) -> tuple[dict[str, str], dict[str, int]]:
    """Input texts and occurrence counts for stored data (the inverse of reading a step)."""
    roh: dict[str, str] = {}
    anzahl: dict[str, int] = {}

    def walk(ks: tuple[Kind, ...], d: Any, prefix: str) -> None:
        d = d if isinstance(d, dict) else {}
        for k in ks:
            el = k.element
            name = join(prefix, el.id)
            werte = instanzen(k, d.get(el.id))
            if k.anzahl.repeatable:
                anzahl[name] = max(len(werte), k.anzahl.min, 1)
            for i, v in enumerate(werte or [None]):
                inner = join(name, i) if k.anzahl.repeatable else name
                if isinstance(el, Datenfeldgruppe):
                    walk(el.struktur, v, inner)
                elif v is not None:
                    roh[inner] = anzeige(el, v)

    walk(kinder, daten, prefix)
    return roh, anzahl


def schritt_baum(
    defn: Definition,
    schritt: Schritt,
    roh: dict[str, str],
    anzahl: dict[str, int],
    fehler: dict[str, list[str]],
    sichtbar: set[str],
    vorbefuellt: Mapping[str, Any] | None = None,
    dateien: DateiStand | None = None,
) -> list[Knoten]:
    """The nodes of one step; a step of one group shows that group's children directly.

    ``vorbefuellt`` (input name → value taken from the identity) marks the fields that
    still hold what the citizen's Nutzerkonto gave, and fills locked ones; ``dateien``
    gives the file fields their limits and the files the draft holds.
    """
    b = Baumeister(defn, roh, anzahl, fehler, sichtbar, vorbefuellt, dateien)
    if schritt.gruppe is not None:
        kind = schritt.kinder[0]
        wurzel = b.element(schritt.gruppe, schritt.gruppe.id, kind)
        return wurzel.kinder
    return b.kinder(schritt.kinder, "")


def _feldnamen(kinder: tuple[Kind, ...], prefix: str = "") -> Iterator[tuple[str, Datenfeld]]:
    """Every field's input name at its first occurrence."""
    for k in kinder:
        el = k.element
        name = join(prefix, el.id, 0) if k.anzahl.repeatable else join(prefix, el.id)
        if isinstance(el, Datenfeldgruppe):
            yield from _feldnamen(el.struktur, name)
        else:
            yield name, el


def roh_vorbefuellen(
    schritt: Schritt, roh: dict[str, str], werte: Mapping[str, Any]
) -> dict[str, str]:
    """``roh`` with the identity's ``werte`` in the inputs of ``schritt`` that hold nothing."""
    if not werte:
        return roh
    out = dict(roh)
    for name, feld in _feldnamen(schritt.kinder):
        if name in werte and not out.get(name):
            out[name] = anzeige(feld, werte[name])
    return out


@dataclass(frozen=True)
class Uebernahme:
    """The notice on the first step: where the values come from and which fields got one."""

    quelle: str
    angemeldet_am: datetime | None
    felder: list[tuple[int, str]]


def uebernahme(defn: Definition, vorbefuellt: Vorbefuellt) -> Uebernahme | None:
    if not vorbefuellt:
        return None
    felder: list[tuple[int, str]] = []
    for name in vorbefuellt.felder:
        nr = schritt_von(name, defn.schritte)
        fim_id = next((t for t in reversed(name.split(".")) if not t.isdigit()), name)
        eintrag = (nr or 0, defn.labels.get(fim_id, fim_id))
        if nr and eintrag not in felder:
            felder.append(eintrag)
    quelle = vorbefuellt.quelle
    host = urlsplit(quelle).hostname if "://" in quelle else None
    try:
        am = datetime.fromisoformat(vorbefuellt.angemeldet_am)
    except ValueError:
        am = None
    return Uebernahme(host or quelle, am, sorted(felder, key=lambda e: e[0]))
