"""The choice of the booking pages (Terminort, services, persons), carried in the query
string, and the parsing of dates, times and field errors shared by the pages."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Terminort

MAX_LEISTUNGEN = 10
MAX_PERSONEN = 20


@dataclass
class Auswahl:
    """The parsed choice of the first step, carried in the query string."""

    terminort: Terminort | None = None
    leistungen: list[int] = field(default_factory=list)
    personen: int = 1
    fehler: dict[str, list[str]] = field(default_factory=dict)

    def query(self, **extra: str) -> str:
        paare: list[tuple[str, str]] = [("ort", str(self.terminort.pk if self.terminort else ""))]
        paare += [("leistung", str(pk)) for pk in self.leistungen]
        paare += [("personen", str(self.personen))]
        paare += list(extra.items())
        return urlencode(paare)

    @property
    def wunsch_daten(self) -> dict[int, int]:
        return dict.fromkeys(self.leistungen, self.personen)


def zahl_lesen(text: str, *, hoechstens: int) -> int | None:
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    wert = int(text)
    return wert if 0 < wert <= hoechstens else None


def auswahl_lesen(daten: QueryDict) -> Auswahl:
    """The choice from GET or POST data; unreadable parts become field errors."""
    auswahl = Auswahl()
    ort_pk = zahl_lesen(daten.get("ort", ""), hoechstens=2**31 - 1)
    if ort_pk is not None:
        with contextlib.suppress(Terminort.DoesNotExist):
            auswahl.terminort = selectors.terminort_detail(pk=ort_pk)
    if auswahl.terminort is None:
        auswahl.fehler["ort"] = [_("Bitte wählen Sie einen Standort.")]
        return auswahl
    roh = daten.getlist("leistung")[: MAX_LEISTUNGEN + 1]
    werte = [zahl_lesen(x, hoechstens=2**31 - 1) for x in roh]
    if len(roh) > MAX_LEISTUNGEN or any(w is None for w in werte):
        auswahl.fehler["leistungen"] = [_("Bitte wählen Sie die Leistungen aus der Liste.")]
    else:
        auswahl.leistungen = list(dict.fromkeys(w for w in werte if w is not None))
        if not auswahl.leistungen:
            auswahl.fehler["leistungen"] = [_("Bitte wählen Sie mindestens eine Leistung.")]
    personen = zahl_lesen(daten.get("personen", "1"), hoechstens=MAX_PERSONEN)
    if personen is None:
        auswahl.fehler["personen"] = [
            _("Bitte geben Sie die Zahl der Personen als ganze Zahl von 1 bis %(max)d an.")
            % {"max": MAX_PERSONEN}
        ]
    else:
        auswahl.personen = personen
    return auswahl


def wunsch_lesen(auswahl: Auswahl) -> selectors.Wunsch | None:
    if auswahl.fehler or auswahl.terminort is None:
        return None
    try:
        return selectors.wunsch_build(terminort=auswahl.terminort, leistungen=auswahl.wunsch_daten)
    except ValidationError as exc:
        for name, texte in exc.message_dict.items():
            auswahl.fehler.setdefault(name, []).extend(texte)
        return None


def buerger_von(request: HttpRequest) -> Any:
    user = request.user
    if not user.is_authenticated:
        return None
    return getattr(user, "buerger", None)


def fehler_von(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def datum_lesen(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text or "") == 10 else None
    except ValueError:
        return None


def uhrzeit_lesen(text: str) -> time | None:
    text = (text or "").strip()
    if len(text) != 5:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None
