"""Form data of a submission: nothing unknown, nothing the rules hide, then validation.

``formulare.services.daten_validate`` checks the data as the rules leave it (hidden and
unknown parts dropped). A submission must not smuggle such parts into the stored Antrag,
so they are refused here with an error naming each of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rathaus.formulare.selectors import feldlabels_of, json_schema_of
from rathaus.formulare.services import daten_clean, daten_validate

if TYPE_CHECKING:
    from rathaus.formulare.models import Formular


def _aufloesen(schema: dict[str, Any], wurzel: dict[str, Any]) -> dict[str, Any]:
    while isinstance(schema, dict) and "$ref" in schema:
        ref = str(schema["$ref"])
        if not ref.startswith("#/$defs/"):
            return {}
        schema = wurzel.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    return schema if isinstance(schema, dict) else {}


def unbekannte_felder(
    schema: dict[str, Any], daten: Any, wurzel: dict[str, Any] | None = None
) -> list[str]:
    """Keys of ``daten`` the JSON Schema does not define (at any depth)."""
    wurzel = wurzel or schema
    schema = _aufloesen(schema, wurzel)
    out: list[str] = []
    if isinstance(daten, dict) and "properties" in schema:
        for key, value in daten.items():
            if key not in schema["properties"]:
                out.append(str(key)[:60])
            else:
                out.extend(unbekannte_felder(schema["properties"][key], value, wurzel))
    elif isinstance(daten, list) and isinstance(schema.get("items"), dict):
        for value in daten:
            out.extend(unbekannte_felder(schema["items"], value, wurzel))
    return out


def _entfernt(vorher: Any, nachher: Any) -> list[str]:
    if isinstance(vorher, dict) and isinstance(nachher, dict):
        out = []
        for key, value in vorher.items():
            if key not in nachher:
                out.append(key)
            else:
                out.extend(_entfernt(value, nachher[key]))
        return out
    if isinstance(vorher, list) and isinstance(nachher, list) and len(vorher) == len(nachher):
        return [k for a, b in zip(vorher, nachher, strict=True) for k in _entfernt(a, b)]
    return []


def daten_pruefen(
    *, formular: Formular, daten: Any, dateien: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The data to store, or ValidationError({field id: [messages]}); ``dateien`` (file
    field id → number of Anlagen) answers the file fields."""
    if not isinstance(daten, dict):
        raise ValidationError({"daten": _("Die Angaben müssen ein Objekt sein.")})
    # from the cached definition: the Formular's JSON Schema need not be loaded
    unbekannt = unbekannte_felder(json_schema_of(formular=formular), daten)
    if unbekannt:
        raise ValidationError(
            {k: [_("„%(id)s“ ist kein Feld dieses Formulars.") % {"id": k}] for k in unbekannt}
        )
    bereinigt = daten_clean(formular=formular, daten=daten)
    verborgen = _entfernt(daten, bereinigt)
    if verborgen:
        labels = feldlabels_of(formular=formular)
        raise ValidationError(
            {
                k: [
                    _("„%(feld)s“ ist bei Ihren Angaben nicht vorgesehen.")
                    % {"feld": labels.get(k, k)}
                ]
                for k in verborgen
            }
        )
    daten_validate(formular=formular, daten=bereinigt, dateien=dateien or {})
    return bereinigt
