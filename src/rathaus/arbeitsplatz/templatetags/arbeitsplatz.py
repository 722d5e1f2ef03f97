from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from ..selectors import organisationseinheiten_of

register = template.Library()


@register.simple_tag(takes_context=True)
def mitarbeiter_einheiten(context: dict[str, Any]) -> list[Any]:
    """The Organisationseinheiten of the logged-in staff member, for the page header."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return list(organisationseinheiten_of(user=request.user))


@register.filter
def ist_gruppe(wert: Any) -> bool:
    return isinstance(wert, list | tuple)


@register.filter
def dateigroesse(groesse: int | None) -> str:
    if groesse is None:
        return ""
    for einheit in ("B", "KB", "MB", "GB"):
        if groesse < 1024 or einheit == "GB":
            return f"{groesse:.0f} {einheit}" if einheit == "B" else f"{groesse:.1f} {einheit}"
        groesse /= 1024  # type: ignore[assignment]
    return ""


# Protokoll actions of a Verfahren as the timeline names them.
AKTIONEN = {
    "verfahren.create": _("Verfahren eröffnet"),
    "verfahren.ansehen": _("Verfahren angesehen"),
    "verfahren.aufgabe.claim": _("Aufgabe übernommen"),
    "verfahren.aufgabe.assign": _("Aufgabe zugewiesen"),
    "verfahren.aufgabe.release": _("Aufgabe zurückgegeben"),
    "verfahren.aufgabe.complete": _("Aufgabe erledigt"),
    "verfahren.nachforderung.senden": _("Unterlagen nachgefordert"),
    "verfahren.nachforderung.beantwortet": _("Antwort auf die Nachforderung eingegangen"),
    "verfahren.notiz.add": _("Notiz geschrieben"),
    "verfahren.wiedervorlage.set": _("Wiedervorlage gesetzt"),
    "verfahren.bescheid.faellig": _("Bescheid fällig"),
    "verfahren.bescheid.beauftragt": _("Bescheid in Auftrag gegeben (wird erstellt)"),
    "verfahren.bescheid.erstellt": _("Bescheid erstellt"),
    "verfahren.bescheid.zugestellt": _("Bescheid zugestellt"),
    "verfahren.bescheid.postversand": _("Bescheid zum Postversand bereitgestellt"),
    "verfahren.bescheid.abgerufen": _("Bescheid von Antragsteller/in abgerufen"),
    "verfahren.abschluss": _("Verfahren abgeschlossen"),
    "verfahren.nachforderung.frist_abgelaufen": _("Frist der Nachforderung abgelaufen"),
}


@register.filter
def aktion_text(aktion: str) -> str:
    return str(AKTIONEN.get(aktion, aktion))
