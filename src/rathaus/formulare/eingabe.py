"""Read one submitted step (a QueryDict) into form data: coerce, bound, never trust.

Only the inputs the step defines are read; any other posted name is ignored. Hidden and
locked fields keep their preset value whatever is posted. A value that cannot be read
becomes an error naming the field's Bezeichnung and is left out of the data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Datentyp, Feldart, Kind

from .definition import Schritt, label
from .feldarten import MAX_TEXT, hoechstlaenge, zu_lang
from .pfade import gefuellt, join, obergrenze

MAX_ZAHL = 40
BERLIN = ZoneInfo("Europe/Berlin")
WAHR = {"true", "ja", "on", "1"}
FALSCH = {"false", "nein", "0"}
_INT = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)$")
_DEZIMAL_DE = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$")
_DEZIMAL_EN = re.compile(r"^[+-]?\d+(\.\d+)?$")
# Latin letters and marks of DIN SPEC 91379 (roughly): Basic Latin to Latin Extended-B,
# IPA-free combining marks, Latin Extended Additional, and the usual punctuation.
_NICHT_LATEIN = re.compile(
    r"[^\t\n\r\x20-\x7e\xa0-\u024f\u0300-\u036f\u1e00-\u1eff\u2018-\u201e\u20ac]"
)


_VORGEGEBEN = (Feldart.HIDDEN, Feldart.LOCKED)


class Ungueltig(ValueError):
    pass


@dataclass
class Eingabe:
    """A parsed step: its data (top-level keys of the step), errors and raw values."""

    daten: dict[str, Any] = field(default_factory=dict)
    fehler: dict[str, list[str]] = field(default_factory=dict)
    roh: dict[str, str] = field(default_factory=dict)
    anzahl: dict[str, int] = field(default_factory=dict)


def meldung(element: Datenfeld | Datenfeldgruppe, text: str) -> str:
    return f"„{label(element)}“: {text}"


def vorgabe(feld: Datenfeld) -> str | None:
    # Only ``inhalt`` is a value. XDF3's ``vorbefuellung`` is a code saying whether the
    # field is prefilled from elsewhere ("keine", "optional", "verpflichtend"): showing it
    # made a locked field read "keine".
    return feld.inhalt or None


def _zahl(raw: str, feld: Datenfeld) -> int | float:
    s = raw.replace(" ", "").replace("\u00a0", "")
    if len(s) > MAX_ZAHL:
        raise Ungueltig(_("Die Zahl ist zu lang."))
    if feld.datentyp is Datentyp.NUM_INT:
        if not _INT.match(s):
            raise Ungueltig(_("Bitte geben Sie eine ganze Zahl ein, z. B. 12."))
        return int(s.replace(".", ""))
    if _DEZIMAL_DE.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif not _DEZIMAL_EN.match(s):
        raise Ungueltig(_("Bitte geben Sie eine Zahl ein, z. B. 12,50."))
    try:
        d = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude it
        raise Ungueltig(_("Bitte geben Sie eine Zahl ein, z. B. 12,50.")) from exc
    if feld.datentyp is Datentyp.NUM_CURRENCY and d != d.quantize(Decimal("0.01")):
        raise Ungueltig(_("Bitte geben Sie einen Betrag mit höchstens zwei Nachkommastellen ein."))
    return int(d) if d == d.to_integral_value() else float(d)


def _datum(raw: str) -> str:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=BERLIN).date().isoformat()
        except ValueError:
            continue
    raise Ungueltig(_("Bitte geben Sie ein gültiges Datum ein, z. B. 31.01.2025."))


def _zeit(raw: str) -> str:
    try:
        return time.fromisoformat(raw).replace(microsecond=0).isoformat()
    except ValueError as exc:
        raise Ungueltig(_("Bitte geben Sie eine gültige Uhrzeit ein, z. B. 14:30.")) from exc


def _zeitpunkt(raw: str) -> str:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise Ungueltig(
            _("Bitte geben Sie Datum und Uhrzeit ein, z. B. 31.01.2025, 14:30.")
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    return value.replace(microsecond=0).isoformat()


def wert(feld: Datenfeld, raw: str) -> Any:
    """The data value of one posted input; None for empty; raises Ungueltig."""
    if "\x00" in raw:
        raise Ungueltig(_("Die Eingabe enthält unzulässige Zeichen."))
    raw = raw.replace("\r\n", "\n").strip()
    if raw == "":
        return None
    if feld.werte:
        if raw not in {c.code for c in feld.werte}:
            raise Ungueltig(_("Bitte wählen Sie einen Eintrag aus der Liste."))
        return raw
    typ = feld.datentyp
    if typ is Datentyp.BOOL:
        if raw.casefold() in WAHR:
            return True
        if raw.casefold() in FALSCH:
            return False
        raise Ungueltig(_("Bitte wählen Sie „Ja“ oder „Nein“."))
    if typ in (Datentyp.NUM, Datentyp.NUM_INT, Datentyp.NUM_CURRENCY):
        return _zahl(raw, feld)
    if typ is Datentyp.DATE:
        return _datum(raw)
    if typ is Datentyp.TIME:
        return _zeit(raw)
    if typ is Datentyp.DATETIME:
        return _zeitpunkt(raw)
    if len(raw) > hoechstlaenge(feld):
        raise Ungueltig(zu_lang(hoechstlaenge(feld)))
    if typ is Datentyp.TEXT_LATIN and _NICHT_LATEIN.search(raw):
        raise Ungueltig(_("Bitte verwenden Sie nur lateinische Buchstaben und Zeichen."))
    return raw


def anzeige(feld: Datenfeld, value: Any) -> str:
    """The raw input text for a stored value (inverse of :func:`wert`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and feld.datentyp is not Datentyp.TEXT:
        return f"{value}".replace(".", ",")
    if feld.datentyp is Datentyp.DATETIME and isinstance(value, str):
        try:
            return datetime.fromisoformat(value).astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M")
        except ValueError:
            return value
    if feld.datentyp is Datentyp.TIME and isinstance(value, str):
        return value[:5]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def ohne_eingabe(feld: Datenfeld) -> bool:
    """Fields whose value never comes from the citizen's POST."""
    return feld.feldart in (Feldart.LABEL, Feldart.HIDDEN, Feldart.LOCKED) or feld.datentyp in (
        Datentyp.FILE,
        Datentyp.OBJ,
    )


class _Leser:
    def __init__(self, post: QueryDict, gesperrt: Mapping[str, Any]) -> None:
        self.post = post
        self.gesperrt = gesperrt
        self.out = Eingabe()

    def preset(self, feld: Datenfeld, name: str) -> Any:
        """A hidden or locked field's value: its ``inhalt``, else for a locked field the
        value the draft took from the identity (never what was posted)."""
        found = vorgabe(feld)
        if found is None and feld.feldart is Feldart.LOCKED:
            return self.gesperrt.get(name)
        return found

    def anzahl(self, kind: Kind, name: str) -> int:
        untergrenze = max(kind.anzahl.min, 1)
        try:
            n = int(self.post.get(f"_n.{name}", "") or untergrenze)
        except ValueError:
            n = untergrenze
        n = max(untergrenze, min(n, obergrenze(kind)))
        self.out.anzahl[name] = n
        return n

    def kind(self, kind: Kind, prefix: str, ziel: dict[str, Any]) -> None:
        el = kind.element
        name = join(prefix, el.id)
        if kind.anzahl.repeatable:
            werte = [self.instanz(el, join(name, i)) for i in range(self.anzahl(kind, name))]
            werte = [w for w in werte if gefuellt(w)]
            if werte:
                ziel[el.id] = werte
            return
        value = self.instanz(el, name, pflicht=kind.anzahl.min >= 1)
        if gefuellt(value):
            ziel[el.id] = value

    def instanz(self, el: Datenfeld | Datenfeldgruppe, name: str, pflicht: bool = True) -> Any:
        if isinstance(el, Datenfeldgruppe):
            d: dict[str, Any] = {}
            vorgaben: dict[str, Any] = {}
            for k in el.struktur:
                if isinstance(k.element, Datenfeld) and k.element.feldart in _VORGEGEBEN:
                    inner = join(name, k.element.id)
                    if k.anzahl.repeatable:
                        preset = self.preset(k.element, join(inner, 0))
                        if preset is not None:
                            vorgaben[k.element.id] = [preset]
                    else:
                        preset = self.preset(k.element, inner)
                        if preset is not None:
                            vorgaben[k.element.id] = preset
                else:
                    self.kind(k, name, d)
            # Presets alone do not make an optional group "entered".
            if gefuellt(d) or pflicht:
                d.update(vorgaben)
            return d
        if el.feldart in _VORGEGEBEN:
            return self.preset(el, name)
        if ohne_eingabe(el):
            return None
        raw = self.post.get(name, "")
        if not isinstance(raw, str):  # pragma: no cover - QueryDict always gives str
            raw = ""
        self.out.roh[name] = raw[: MAX_TEXT + 1]
        try:
            return wert(el, raw)
        except Ungueltig as exc:
            self.out.fehler.setdefault(name, []).append(meldung(el, str(exc)))
            return None


def schritt_lesen(
    schritt: Schritt, post: QueryDict, gesperrt: Mapping[str, Any] | None = None
) -> Eingabe:
    """Read the inputs of ``schritt`` from ``post``; unknown names are ignored.

    ``gesperrt`` maps input names of locked fields to the values the draft took from the
    citizen's identity; those fields keep them whatever is posted.
    """
    leser = _Leser(post, gesperrt or {})
    for kind in schritt.kinder:
        leser.kind(kind, "", leser.out.daten)
    return leser.out


def ist_datei(feld: Datenfeld) -> bool:
    return feld.datentyp in (Datentyp.FILE, Datentyp.OBJ) and feld.feldart not in (
        Feldart.LABEL,
        Feldart.HIDDEN,
        Feldart.LOCKED,
    )


def dateifeld_von(schritt: Schritt, name: str) -> tuple[Datenfeld, Kind] | None:
    """The file field an input name of ``schritt`` names, or None for any other name.

    A file input is named by its path without an index of its own (one input takes all
    files of a repeatable file field); indices only select occurrences of groups.
    """
    teile = name.split(".")
    kinder = schritt.kinder
    i = 0
    while i < len(teile):
        kind = next((k for k in kinder if k.element.id == teile[i]), None)
        if kind is None:
            return None
        el = kind.element
        i += 1
        if isinstance(el, Datenfeld):
            return (el, kind) if i == len(teile) and ist_datei(el) else None
        if kind.anzahl.repeatable:
            if i >= len(teile) or not teile[i].isdigit() or int(teile[i]) >= obergrenze(kind):
                return None
            i += 1
        kinder = el.struktur
    return None


@dataclass
class Dateiwahl:
    """The files chosen on a step, read against what the draft holds already."""

    uploads: list[tuple[str, Kind, Any]] = field(default_factory=list)  # (name, field, file)
    anzahl: dict[str, int] = field(default_factory=dict)  # field id → files after the save
    ersetzt: frozenset[str] = frozenset()  # fields of one file whose stored file goes
    fehler: dict[str, list[str]] = field(default_factory=dict)


def dateien_lesen(
    schritt: Schritt, dateien: Mapping[str, Any], vorhanden: Mapping[str, int]
) -> Dateiwahl:
    """The files posted for ``schritt`` (``request.FILES``; other names are ignored),
    counted with the files the draft holds (``vorhanden``, field id → number).

    A new file in a field of one file replaces the stored one; more files than a field's
    maximum occurrences is an error naming the field.
    """
    out = Dateiwahl()
    getlist = getattr(dateien, "getlist", None)
    for name in dateien:
        gefunden = dateifeld_von(schritt, name)
        if gefunden is not None:
            liste = getlist(name) if getlist else [dateien[name]]
            out.uploads.extend((name, gefunden[1], f) for f in liste)
    neu: dict[str, int] = {}
    for _name, kind, _datei in out.uploads:
        neu[kind.element.id] = neu.get(kind.element.id, 0) + 1
    out.ersetzt = frozenset(k.element.id for _n, k, _d in out.uploads if k.anzahl.max == 1)
    out.anzahl = {
        f: (0 if f in out.ersetzt else vorhanden.get(f, 0)) + neu.get(f, 0)
        for f in {*vorhanden, *neu}
    }
    for name, kind, _datei in out.uploads:
        grenze = kind.anzahl.max
        if grenze is not None and out.anzahl[kind.element.id] > grenze:
            text = ngettext(
                "Bitte wählen Sie höchstens eine Datei.",
                "Hier sind höchstens %(n)d Dateien möglich.",
                grenze,
            ) % {"n": grenze}
            out.fehler[name] = [meldung(kind.element, text)]
    return out
