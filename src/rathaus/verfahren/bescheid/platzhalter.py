"""Placeholders of a Bescheidvorlage: a fixed, documented set, checked when a Vorlage is
saved and replaced in one pass when a Bescheid is made.

Syntax: ``{{name}}`` (spaces inside the braces are allowed). Answers of the Antrag are
addressed by the FIM id of their Datenfeld: ``{{antrag.F60000227}}`` gives every answer
to that field anywhere in the form (several, e.g. of a repeatable group, joined with
commas); ``{{antrag.G60000001.F60000227}}`` only those inside the group G60000001.

Replacement is plain text: a value is never scanned for placeholders again, and the PDF
template escapes everything (a Begründung with HTML stays text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The documented set; the admin form shows it as help. Keep README-like wording short.
PLATZHALTER: dict[str, Promise] = {
    "aktenzeichen": gettext_lazy("Aktenzeichen des Antrags"),
    "leistung": gettext_lazy("Name der Leistung"),
    "gegenstand": gettext_lazy(
        "was beantragt wurde, passend nach „Ihr Antrag“: „auf …“ aus dem Titel des "
        "Formulars, sonst „zur Leistung „…““"
    ),
    "antragsteller": gettext_lazy("Name der Antragstellerin oder des Antragstellers"),
    "eingegangen_am": gettext_lazy("Eingangsdatum des Antrags (TT.MM.JJJJ)"),
    "entschieden_am": gettext_lazy("Datum der Entscheidung (TT.MM.JJJJ)"),
    "entscheidung": gettext_lazy("„bewilligt“ oder „abgelehnt“"),
    "begruendung": gettext_lazy("Begründung der Entscheidung"),
    "gebuehr": gettext_lazy("Gebühren der Leistung laut Leistungskatalog"),
    "organisationseinheit": gettext_lazy("zuständige Organisationseinheit"),
    "sachbearbeitung": gettext_lazy("Name der Person, die entschieden hat"),
    "mitzeichnung": gettext_lazy("Name(n) der Leitung, die mitgezeichnet hat"),
    "datum": gettext_lazy("Datum des Bescheids (TT.MM.JJJJ)"),
    "kommune": gettext_lazy("Name der Kommune"),
}
ANTRAG_PRAEFIX = "antrag"

_MUSTER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_FIM_FELD = re.compile(r"F\d{1,20}")
_FIM_GRUPPE = re.compile(r"G\d{1,20}")
_ANZEIGE_MAX = 60


@dataclass(frozen=True)
class AntragPfad:
    """``antrag.G1.F2`` → gruppen ("G1",), feld "F2"."""

    gruppen: tuple[str, ...]
    feld: str


def _antrag_pfad(name: str) -> AntragPfad | None:
    teile = name.split(".")
    if len(teile) < 2 or teile[0] != ANTRAG_PRAEFIX:
        return None
    *gruppen, feld = teile[1:]
    if not _FIM_FELD.fullmatch(feld) or not all(_FIM_GRUPPE.fullmatch(g) for g in gruppen):
        return None
    return AntragPfad(tuple(gruppen), feld)


def _anzeige(name: str) -> str:
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return name if len(name) <= _ANZEIGE_MAX else name[: _ANZEIGE_MAX - 1] + "…"


def platzhalter_in(text: str) -> list[str]:
    """The names of all placeholders in ``text`` (stripped), in order."""
    return [m.group(1).strip() for m in _MUSTER.finditer(text or "")]


def fehler_in(text: str, *, fim_ids: frozenset[str] | None = None) -> list[str]:
    """Messages for every unknown or malformed placeholder in ``text``; empty if it is fine.

    With ``fim_ids`` (the ids of the Leistung's forms) an ``antrag.…`` placeholder must
    also name a field or group that exists there.
    """
    fehler: list[str] = []
    for name in platzhalter_in(text):
        if name in PLATZHALTER:
            continue
        pfad = _antrag_pfad(name)
        if pfad is None:
            fehler.append(
                _("„{{%(p)s}}“ ist kein bekannter Platzhalter. Erlaubt sind: %(liste)s.")
                % {"p": _anzeige(name), "liste": erlaubte_liste()}
            )
            continue
        if fim_ids is not None:
            unbekannt = [i for i in (*pfad.gruppen, pfad.feld) if i not in fim_ids]
            if unbekannt:
                fehler.append(
                    _("„{{%(p)s}}“: Das Formular der Leistung hat kein Feld %(id)s.")
                    % {"p": _anzeige(name), "id": unbekannt[0]}
                )
    rest = _MUSTER.sub("", text or "")
    if "{{" in rest:
        fehler.append(_("Ein Platzhalter ist nicht mit „}}“ geschlossen."))
    return fehler


def erlaubte_liste() -> str:
    return ", ".join([f"{{{{{name}}}}}" for name in PLATZHALTER] + ["{{antrag.<FIM-ID>}}"])


def pruefen(felder: Mapping[str, str], *, fim_ids: frozenset[str] | None = None) -> None:
    """ValidationError naming each field with an unknown or malformed placeholder."""
    fehler = {feld: m for feld, text in felder.items() if (m := fehler_in(text, fim_ids=fim_ids))}
    if fehler:
        raise ValidationError(fehler, code="platzhalter")


# --- Replacement ------------------------------------------------------------------------


def ersetzen(
    text: str,
    *,
    werte: Mapping[str, str],
    antrag: Callable[[AntragPfad], str],
    leer: set[str] | None = None,
) -> str:
    """Replace every placeholder in one pass (values are not scanned again). Names of
    placeholders that came out empty are added to ``leer``. A placeholder outside the
    set raises ValueError (with its name): Vorlagen are checked on save, so that is a bug
    or a direct database write."""

    def wert(treffer: re.Match[str]) -> str:
        name = treffer.group(1).strip()
        if name in PLATZHALTER:
            ergebnis = werte.get(name, "")
        else:
            pfad = _antrag_pfad(name)
            if pfad is None:
                raise ValueError(_anzeige(name))
            ergebnis = antrag(pfad)
        if not ergebnis and leer is not None:
            leer.add(name)
        return ergebnis

    return _MUSTER.sub(wert, text or "")


def _primitive(wert: Any) -> Iterable[Any]:
    if isinstance(wert, list):
        for teil in wert:
            yield from _primitive(teil)
    elif wert is not None and not isinstance(wert, dict) and wert != "":
        yield wert


def _suchen(daten: Any, feld: str) -> list[Any]:
    """Every value of ``feld`` anywhere in the data, depth-first in key order."""
    if isinstance(daten, list):
        return [w for teil in daten for w in _suchen(teil, feld)]
    if not isinstance(daten, dict):
        return []
    if feld in daten:
        return list(_primitive(daten[feld]))
    return [w for wert in daten.values() for w in _suchen(wert, feld)]


def _entlang(daten: Any, pfad: AntragPfad) -> list[Any]:
    ebenen = [daten]
    for gruppe in pfad.gruppen:
        naechste: list[Any] = []
        for ebene in ebenen:
            for teil in ebene if isinstance(ebene, list) else [ebene]:
                if isinstance(teil, dict) and gruppe in teil:
                    naechste.append(teil[gruppe])
        ebenen = naechste
    werte: list[Any] = []
    for ebene in ebenen:
        for teil in ebene if isinstance(ebene, list) else [ebene]:
            if isinstance(teil, dict) and pfad.feld in teil:
                werte.extend(_primitive(teil[pfad.feld]))
    return werte


def antrag_werte(daten: Any, pfad: AntragPfad) -> list[Any]:
    """The raw values a placeholder addresses in an Antrag's data (JSON keyed by FIM ids,
    groups nested, repeatable elements as lists)."""
    if pfad.gruppen:
        return _entlang(daten, pfad)
    return _suchen(daten, pfad.feld)
