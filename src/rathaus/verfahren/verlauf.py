"""The timeline of a Verfahren in words: one sentence per Protokoll entry.

An entry about an Aufgabe names it ("Aufgabe „Vollständigkeit prüfen“ erledigt:
vollständig"); the staff page and the API's timeline show the same sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Aufgabe, Verfahren
from .services._schritt import ZUWEISUNG_FOLGE, ZUWEISUNG_WIEDER

# Protokoll actions of a Verfahren as the timeline names them when it knows no more.
AKTIONEN = {
    "verfahren.create": gettext_lazy("Verfahren eröffnet"),
    "verfahren.ansehen": gettext_lazy("Verfahren angesehen"),
    "verfahren.aufgabe.claim": gettext_lazy("Aufgabe übernommen"),
    "verfahren.aufgabe.assign": gettext_lazy("Aufgabe zugewiesen"),
    "verfahren.aufgabe.release": gettext_lazy("Aufgabe zurückgegeben"),
    "verfahren.aufgabe.complete": gettext_lazy("Aufgabe erledigt"),
    "verfahren.nachforderung.senden": gettext_lazy("Unterlagen nachgefordert"),
    "verfahren.nachforderung.beantwortet": gettext_lazy(
        "Antwort auf die Nachforderung eingegangen"
    ),
    "verfahren.notiz.add": gettext_lazy("Notiz geschrieben"),
    "verfahren.wiedervorlage.set": gettext_lazy("Wiedervorlage gesetzt"),
    "verfahren.bescheid.faellig": gettext_lazy("Bescheid fällig"),
    "verfahren.bescheid.beauftragt": gettext_lazy("Bescheid in Auftrag gegeben (wird erstellt)"),
    "verfahren.bescheid.erstellt": gettext_lazy("Bescheid erstellt"),
    "verfahren.bescheid.zugestellt": gettext_lazy("Bescheid zugestellt"),
    "verfahren.bescheid.postversand": gettext_lazy("Bescheid zum Postversand bereitgestellt"),
    "verfahren.bescheid.abgerufen": gettext_lazy("Bescheid von Antragsteller/in abgerufen"),
    "verfahren.abschluss": gettext_lazy("Verfahren abgeschlossen"),
    "verfahren.nachforderung.frist_abgelaufen": gettext_lazy("Frist der Nachforderung abgelaufen"),
    "verfahren.nachforderung.antwort": gettext_lazy(
        "Antwort mit Unterlagen über das Nutzerkonto eingegangen"
    ),
    "verfahren.frist.warnung": gettext_lazy("Frist läuft bald ab"),
    "verfahren.wiedervorlage.faellig": gettext_lazy("Wiedervorlage fällig"),
    "verfahren.zda": gettext_lazy("Vorgang zu den Akten verfügt (zdA)"),
    "verfahren.zda.eingang_pruefen": gettext_lazy(
        "Nach dem Bescheid ist etwas eingegangen: vor der zdA-Verfügung prüfen"
    ),
}

# The result of a task as the timeline says it (field → value → words).
ERGEBNISSE = {
    "vollstaendigkeit": {
        "vollstaendig": gettext_lazy("vollständig"),
        "unvollstaendig": gettext_lazy("unvollständig"),
    },
    "entscheidung": {
        "bewilligen": gettext_lazy("bewilligt"),
        "ablehnen": gettext_lazy("abgelehnt"),
    },
    "mitzeichnung": {
        "zeichnen": gettext_lazy("mitgezeichnet"),
        "zurueck": gettext_lazy("zurück zur Prüfung"),
    },
}


class Namen:
    """Titles of the Verfahren's Aufgaben and names of the people the entries mention,
    read once for the whole timeline."""

    def __init__(self, verfahren: Verfahren, details: Iterable[Mapping[str, Any]]) -> None:
        self.titel = dict(Aufgabe.objects.filter(verfahren=verfahren).values_list("pk", "titel"))
        ids = {d.get("bearbeiter") for d in details} - {None}
        self.personen = {
            u.pk: u.get_full_name() or u.get_username()
            for u in User.objects.filter(pk__in=[i for i in ids if isinstance(i, int)])
        }

    def aufgabe(self, details: Mapping[str, Any]) -> str | None:
        pk = details.get("aufgabe")
        return self.titel.get(pk) if isinstance(pk, int) else None

    def person(self, pk: Any) -> str:
        return self.personen.get(pk, "–") if isinstance(pk, int) else "–"


def _ergebnis(ergebnis: Any) -> str:
    if not isinstance(ergebnis, Mapping):
        return ""
    for feld, texte in ERGEBNISSE.items():
        wert = ergebnis.get(feld)
        if isinstance(wert, str) and wert in texte:
            return str(texte[wert])
    return ""


def _zuweisung(titel: str, details: Mapping[str, Any], namen: Namen) -> str:
    if details.get("bearbeiter") is None:
        return _("Zuweisung der Aufgabe „%(t)s“ aufgehoben") % {"t": titel}
    werte = {"t": titel, "n": namen.person(details["bearbeiter"])}
    grund = details.get("automatisch")
    if grund == ZUWEISUNG_FOLGE:
        return _("Aufgabe „%(t)s“ automatisch %(n)s zugewiesen (nächster Schritt)") % werte
    if grund == ZUWEISUNG_WIEDER:
        return (
            _("Aufgabe „%(t)s“ automatisch %(n)s zugewiesen (hat den Schritt zuvor bearbeitet)")
            % werte
        )
    return _("Aufgabe „%(t)s“ %(n)s zugewiesen") % werte


def protokoll_text(aktion: str, details: Mapping[str, Any], namen: Namen) -> str:
    """The sentence of one Protokoll entry of a Verfahren."""
    titel = namen.aufgabe(details)
    if titel is not None:
        if aktion == "verfahren.aufgabe.complete":
            ergebnis = _ergebnis(details.get("ergebnis"))
            if ergebnis:
                return _("Aufgabe „%(t)s“ erledigt: %(e)s") % {"t": titel, "e": ergebnis}
            return _("Aufgabe „%(t)s“ erledigt") % {"t": titel}
        if aktion == "verfahren.aufgabe.claim":
            return _("Aufgabe „%(t)s“ übernommen") % {"t": titel}
        if aktion == "verfahren.aufgabe.release":
            return _("Aufgabe „%(t)s“ zurückgegeben") % {"t": titel}
        if aktion == "verfahren.aufgabe.assign":
            return _zuweisung(titel, details, namen)
    return str(AKTIONEN.get(aktion, aktion))
