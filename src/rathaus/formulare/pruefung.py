"""Validation of form data: JSON Schema, required elements and the executable FIM rules.

Every error is keyed by the name of the input it belongs to (see :mod:`pfade`) and its
message names the element's Bezeichnung. Elements the rules hide are not checked. A file
field holds no value in the data: it is answered by the files the draft or submission
carries (the antraege app holds them), which the caller passes in as counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from jsonschema import ValidationError as SchemaFehler

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Datentyp, Feldart, Kind
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.regeln import Prefill

from . import feldarten
from .definition import Definition
from .pfade import entferne_ausgeblendete, felder_mit_wert, gefuellt, instanzen, join

Fehler = dict[str, list[str]]

_DATEI = (Datentyp.FILE, Datentyp.OBJ)


def _add(out: Fehler, name: str, text: str) -> None:
    messages = out.setdefault(name, [])
    if text not in messages:
        messages.append(text)


def _q(text: str) -> str:
    return f"„{text}“"


def vorbefuellungen(defn: Definition) -> dict[str, Any]:
    """Field id → value of the rules' "vorbefüllen" statements that always apply."""
    out: dict[str, Any] = {}
    for prog in defn.regelwerk.executable:
        for st in prog.statements:
            if isinstance(st, Prefill) and st.when.to_json() == {"op": "always"}:
                out[st.ziel.id] = st.value.value
    return out


def _vorbefuellen(kinder: tuple[Kind, ...], daten: dict[str, Any], werte: dict[str, Any]) -> None:
    for k in kinder:
        el = k.element
        if isinstance(el, Datenfeld):
            if el.id in werte:
                daten[el.id] = [werte[el.id]] if k.anzahl.repeatable else werte[el.id]
        elif el.id in daten:
            for inst in instanzen(k, daten[el.id]):
                if isinstance(inst, dict):
                    _vorbefuellen(el.struktur, inst, werte)


def bereinigen(defn: Definition, daten: dict[str, Any]) -> dict[str, Any]:
    """The data as the rules leave it: hidden parts removed, presets of the rules applied."""
    werte = vorbefuellungen(defn)
    sichtbar = defn.regelwerk.visible(daten)
    out = entferne_ausgeblendete(defn.schema.struktur, daten, sichtbar, set(werte))
    _vorbefuellen(defn.schema.struktur, out, werte)
    return out


def _dateien(k: Kind, name: str, anzahl: int, out: Fehler) -> None:
    """A file field counts as answered by the files stored for it (``anzahl``)."""
    feld = _q(label_of(k.element))
    if anzahl == 0 and k.anzahl.min >= 1:
        _add(out, name, _("%(feld)s: Bitte laden Sie eine Datei hoch.") % {"feld": feld})
    elif 0 < anzahl < k.anzahl.min:
        _add(
            out,
            name,
            _("%(feld)s: Bitte laden Sie mindestens %(n)d Dateien hoch.")
            % {"feld": feld, "n": k.anzahl.min},
        )


def _pflicht(
    defn: Definition,
    kinder: tuple[Kind, ...],
    daten: Any,
    prefix: str,
    sichtbar: set[str],
    out: Fehler,
    dateien: Mapping[str, int] | None = None,
) -> None:
    daten = daten if isinstance(daten, dict) else {}
    for k in kinder:
        el = k.element
        if el.id not in sichtbar:
            continue
        if isinstance(el, Datenfeld) and el.feldart in (
            Feldart.LABEL,
            Feldart.HIDDEN,
            Feldart.LOCKED,
        ):
            continue
        if isinstance(el, Datenfeld) and el.datentyp in _DATEI:
            if dateien is not None:
                _dateien(k, join(prefix, el.id), dateien.get(el.id, 0), out)
            continue
        werte = [v for v in instanzen(k, daten.get(el.id)) if gefuellt(v)]
        name = join(prefix, el.id)
        erste = join(name, 0) if k.anzahl.repeatable else name
        if not werte and k.anzahl.min >= 1:
            if isinstance(el, Datenfeld):
                _add(out, erste, _("%(feld)s ist eine Pflichtangabe.") % {"feld": _q(label_of(el))})
            else:
                _pflicht(defn, el.struktur, {}, erste, sichtbar, out, dateien)
            continue
        if k.anzahl.repeatable and 0 < len(werte) < k.anzahl.min:
            _add(
                out,
                erste,
                _("%(feld)s: Bitte geben Sie mindestens %(n)d Einträge an.")
                % {"feld": _q(label_of(el)), "n": k.anzahl.min},
            )
        if isinstance(el, Datenfeldgruppe):
            for i, inst in enumerate(instanzen(k, daten.get(el.id))):
                inner = join(name, i) if k.anzahl.repeatable else name
                _pflicht(defn, el.struktur, inst, inner, sichtbar, out, dateien)


def label_of(element: Datenfeld | Datenfeldgruppe) -> str:
    return element.bezeichnung_eingabe or element.name


def _grenzwert(value: Any, feld: Datenfeld | None) -> str:
    """A bound as people read it: 0,5; 12,50 € for an amount; 2080 for a year."""
    if feld is not None and feld.datentyp is Datentyp.NUM_CURRENCY:
        return _("%(betrag)s €") % {"betrag": number_format(value, 2)}
    return number_format(value)


def _schema_text(err: SchemaFehler, feld: Datenfeld | None = None) -> str:
    v = err.validator
    value = err.validator_value
    if v == "maxLength":
        return feldarten.zu_lang(value)
    if v == "minLength":
        return _("Bitte geben Sie mindestens %(n)s Zeichen ein.") % {
            "n": feldarten.anzahl_text(value)
        }
    if v == "pattern":
        z = feldarten.zweck(feld) if feld is not None else None
        if z is feldarten.Zweck.EMAIL:
            return feldarten.email_text()
        if z is feldarten.Zweck.PLZ:
            return feldarten.plz_text()
        return _("Die Eingabe hat nicht das erwartete Format.")
    if v in ("oneOf", "const", "enum"):
        return _("Bitte wählen Sie einen Eintrag aus der Liste.")
    if v == "minimum":
        return _("Der Wert muss mindestens %(n)s sein.") % {"n": _grenzwert(value, feld)}
    if v == "maximum":
        return _("Der Wert darf höchstens %(n)s sein.") % {"n": _grenzwert(value, feld)}
    if v == "maxItems":
        return _("Bitte geben Sie höchstens %(n)s Einträge an.") % {"n": value}
    if v == "minItems":
        return _("Bitte geben Sie mindestens %(n)s Einträge an.") % {"n": value}
    if v == "additionalProperties":
        return _("Die Angaben enthalten unbekannte Felder.")
    if v == "type":
        return _("Die Eingabe hat den falschen Typ.")
    return _("Die Eingabe ist ungültig.")


def _schema_fehler(defn: Definition, daten: dict[str, Any], out: Fehler) -> None:
    datei = {
        k.element.id
        for k, _p in iter_elements(defn.schema.struktur)
        if isinstance(k.element, Datenfeld) and k.element.datentyp in _DATEI
    }
    for err in defn.validator.iter_errors(daten):
        if err.validator in ("required", "minItems"):
            continue  # reported by _pflicht, which knows about hidden elements
        teile = list(err.absolute_path)
        if any(isinstance(t, str) and t in datei for t in teile):
            continue
        ids = [t for t in teile if isinstance(t, str)]
        bezeichnung = defn.labels.get(ids[-1], ids[-1]) if ids else defn.labels.get("", "")
        text = _schema_text(err, defn.felder.get(ids[-1]) if ids else None)
        name = join("", *teile) if teile else "_"
        _add(out, name, f"{_q(bezeichnung)}: {text}" if bezeichnung else text)


def _werte(defn: Definition, daten: dict[str, Any], out: Fehler, heute: date) -> None:
    """What the JSON Schema cannot know: plausible dates, default lengths, e-mail and
    telephone formats, and a date of birth in parts that lies in the future."""
    for name, feld, value in felder_mit_wert(defn.schema.struktur, daten):
        for text in feldarten.wert_fehler(feld, value, heute=heute):
            _add(out, name, f"{_q(label_of(feld))}: {text}")
    _geburtsdaten(defn.schema.struktur, daten, "", out, heute)


def _geburtsdaten(
    kinder: tuple[Kind, ...], daten: Any, prefix: str, out: Fehler, heute: date
) -> None:
    daten = daten if isinstance(daten, dict) else {}
    for k in kinder:
        el = k.element
        if not isinstance(el, Datenfeldgruppe):
            continue
        teile = feldarten.datumsteile(el)
        name = join(prefix, el.id)
        for i, inst in enumerate(instanzen(k, daten.get(el.id))):
            inner = join(name, i) if k.anzahl.repeatable else name
            if teile is None:
                _geburtsdaten(el.struktur, inst, inner, out, heute)
            elif isinstance(inst, dict):
                found = feldarten.geburtsdatum_fehler(teile, inst, heute=heute)
                if found is not None:
                    teil, text = found
                    _add(out, join(inner, teil.id), f"{_q(label_of(el))}: {text}")


def _regel_text(defn: Definition, art: str, felder: tuple[str, ...], meldung: str) -> str:
    namen = ", ".join(_q(defn.labels.get(f, f)) for f in felder)
    if art == "pflicht":
        return _("%(feld)s ist eine Pflichtangabe.") % {"feld": namen}
    if art == "nicht_erlaubt":
        return _("%(feld)s darf hier nicht ausgefüllt sein.") % {"feld": namen}
    if art == "mindestens_eines":
        return _("Bitte füllen Sie mindestens eines dieser Felder aus: %(felder)s.") % {
            "felder": namen
        }
    if art == "genau_eines":
        return _("Bitte füllen Sie genau eines dieser Felder aus: %(felder)s.") % {"felder": namen}
    if art == "vorbelegung":
        return _("%(feld)s ist vorgegeben und darf nicht geändert werden.") % {"feld": namen}
    return f"{namen}: {meldung or _('Die Prüfung ist nicht erfüllt.')}"


def _erster_name(defn: Definition, daten: dict[str, Any], fim_id: str) -> str:
    for name, feld, _v in felder_mit_wert(defn.schema.struktur, daten):
        if feld.id == fim_id:
            return name
    return defn.pfade.get(fim_id, fim_id)


def fehler(
    defn: Definition,
    daten: dict[str, Any],
    *,
    nur: frozenset[str] | None = None,
    dateien: Mapping[str, int] | None = None,
) -> Fehler:
    """All errors of ``daten`` (already cleaned by :func:`bereinigen`).

    With ``nur`` (the element ids of one step) only errors that concern those elements
    are returned: a rule that joins several steps is checked once all of them are entered.
    With ``dateien`` (file field id → number of files stored for it) required file
    fields are checked too; without it they are left out.
    """
    out: Fehler = {}
    sichtbar = defn.regelwerk.visible(daten)
    kinder = defn.schema.struktur
    im_schritt: frozenset[str] | None = None
    if nur is not None:
        kinder = tuple(k for k in kinder if k.element.id in nur)
        # a rule about fields inside the step's groups concerns the step too (31.02. in
        # the parts of a date of birth was only refused at submission)
        im_schritt = frozenset(k.element.id for k, _p in iter_elements(kinder))
    _pflicht(defn, kinder, daten, "", sichtbar, out, dateien)
    _schema_fehler(defn, daten, out)
    _werte(defn, daten, out, timezone.localdate())
    for v in defn.regelwerk.evaluate(daten):
        if im_schritt is not None and not any(f in im_schritt for f in v.felder):
            continue
        ziel = next((f for f in v.felder if im_schritt is None or f in im_schritt), v.felder[0])
        _add(out, _erster_name(defn, daten, ziel), _regel_text(defn, v.art, v.felder, v.meldung))
    if nur is not None:
        out = {k: v for k, v in out.items() if k.split(".", 1)[0] in nur or k == "_"}
    return out
