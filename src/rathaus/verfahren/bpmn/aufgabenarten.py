"""Kinds of user tasks: which result a task of that kind accepts.

A userTask names its kind in `implementation`; gateways may branch only on the fields
with fixed values declared here, so a model can be checked against them on upload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.core.forms import pflicht_text

MAX_TEXT = 10_000


@dataclass(frozen=True)
class Feld:
    name: str
    label: str | Promise  # what forms show and errors name
    werte: tuple[str, ...] = ()  # fixed values (gateways branch on them); empty: free text
    pflicht: bool = False
    # Required only when another field has a given value: (feld, wert).
    pflicht_wenn: tuple[str, str] | None = None
    ganzzahl: tuple[int, int] | None = None  # (min, max) for a whole number


@dataclass(frozen=True)
class Aufgabenart:
    name: str
    felder: tuple[Feld, ...]
    vier_augen: bool = False  # a co-signature: not by the person who decided
    nur_rolle: str | None = None  # the lane this kind must lie in
    extra: Callable[[dict[str, Any]], None] | None = field(default=None, compare=False)

    def pruefen(self, ergebnis: Mapping[str, Any]) -> dict[str, Any]:
        """The validated result (only declared fields), or ValidationError naming the field."""
        if not isinstance(ergebnis, Mapping):
            raise ValidationError(_("Das Ergebnis muss aus Feldern bestehen."), code="ungueltig")
        bekannt = {f.name for f in self.felder}
        fremd = sorted(set(ergebnis) - bekannt)
        if fremd:
            raise ValidationError(
                {fremd[0]: _("Unbekanntes Feld für diese Aufgabe.")}, code="unbekannt"
            )
        daten: dict[str, Any] = {}
        fehler: dict[str, str] = {}
        for feld in self.felder:
            wert = ergebnis.get(feld.name)
            if isinstance(wert, str):
                wert = wert.strip()
            leer = wert is None or wert == ""
            pflicht = feld.pflicht or (
                feld.pflicht_wenn is not None
                and ergebnis.get(feld.pflicht_wenn[0]) == feld.pflicht_wenn[1]
            )
            if leer:
                if pflicht:
                    fehler[feld.name] = pflicht_text(feld.label)
                continue
            if feld.ganzzahl is not None:
                try:
                    zahl = int(wert)  # type: ignore[arg-type]
                except (TypeError, ValueError, OverflowError):
                    fehler[feld.name] = _("Bitte eine ganze Zahl angeben.")
                    continue
                untere, obere = feld.ganzzahl
                if not untere <= zahl <= obere:
                    fehler[feld.name] = _("Erlaubt sind %(a)s bis %(b)s.") % {
                        "a": untere,
                        "b": obere,
                    }
                    continue
                daten[feld.name] = zahl
                continue
            if not isinstance(wert, str):
                fehler[feld.name] = _("Bitte einen Text angeben.")
            elif feld.werte and wert not in feld.werte:
                fehler[feld.name] = _("Erlaubt sind: %(werte)s.") % {"werte": ", ".join(feld.werte)}
            elif len(wert) > MAX_TEXT:
                fehler[feld.name] = _("Der Text ist zu lang (höchstens %(n)s Zeichen).") % {
                    "n": MAX_TEXT
                }
            else:
                daten[feld.name] = wert
        if fehler:
            raise ValidationError(fehler, code="ungueltig")
        return daten


AUFGABENARTEN: dict[str, Aufgabenart] = {
    a.name: a
    for a in (
        Aufgabenart(
            "vollstaendigkeitspruefung",
            (
                Feld(
                    "vollstaendigkeit",
                    gettext_lazy("Ist der Antrag vollständig?"),
                    ("vollstaendig", "unvollstaendig"),
                    pflicht=True,
                ),
                Feld(
                    "nachforderung",
                    gettext_lazy("Was fehlt? (Text an die Antragstellerin oder den Antragsteller)"),
                    pflicht_wenn=("vollstaendigkeit", "unvollstaendig"),
                ),
                Feld(
                    "frist_tage",
                    gettext_lazy("Frist für die Nachforderung (Tage)"),
                    ganzzahl=(1, 90),
                ),
                Feld("vermerk", gettext_lazy("Vermerk")),
            ),
        ),
        Aufgabenart(
            "entscheidung",
            (
                Feld(
                    "entscheidung",
                    gettext_lazy("Entscheidung"),
                    ("bewilligen", "ablehnen"),
                    pflicht=True,
                ),
                Feld("begruendung", gettext_lazy("Begründung"), pflicht=True),
                # The amount of a range fee (zahlungen: Rahmengebühr, due with the
                # Bescheid), checked against the rule's limits when the task is done.
                Feld(
                    "gebuehr_cent",
                    gettext_lazy("Gebühr in Cent bei einer Rahmengebühr (z. B. 7500 für 75,00 €)"),
                    ganzzahl=(0, 99_999_900),
                ),
            ),
        ),
        Aufgabenart(
            "mitzeichnung",
            (
                Feld(
                    "mitzeichnung",
                    gettext_lazy("Mitzeichnung"),
                    ("zeichnen", "zurueck"),
                    pflicht=True,
                ),
                Feld(
                    "begruendung",
                    gettext_lazy("Begründung"),
                    pflicht_wenn=("mitzeichnung", "zurueck"),
                ),
            ),
            vier_augen=True,
            nur_rolle="leitung",
        ),
        # A generic step of a custom model: done, with an optional note.
        Aufgabenart("bearbeitung", (Feld("vermerk", gettext_lazy("Vermerk")),)),
    )
}

STANDARD_ART = "bearbeitung"


def verzweigungsfelder() -> dict[str, tuple[str, ...]]:
    """Fields gateways may test, with their allowed values."""
    felder: dict[str, tuple[str, ...]] = {}
    for art in AUFGABENARTEN.values():
        for feld in art.felder:
            if feld.werte:
                felder[feld.name] = feld.werte
    # Set by the services when a Nachforderung ends (see engine.NACHRICHTEN).
    felder["nachforderung_ausgang"] = ("antwort", "frist_abgelaufen")
    return felder
