from __future__ import annotations

from typing import Any

from django import template

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


@register.filter
def fehler_mit_feld(fehler: Any, label: Any) -> str:
    """An error in the summary names its field once: a message that already quotes the
    label ("„Begründung“ ist eine Pflichtangabe.") stands alone, others get "Label: "."""
    text = str(fehler)
    return text if f"„{label}“" in text else f"{label}: {text}"
