from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _name(eintrag: dict[str, Any]) -> str:
    if translation.get_language() == "en" and eintrag.get("name_en"):
        return str(eintrag["name_en"])
    return str(eintrag["name"])


class FilterForm(forms.Form):
    """The page's filters; the choices come from the snapshot shown."""

    themenfeld = forms.ChoiceField(label=_("Themenfeld"), required=False)
    lebenslage = forms.ChoiceField(label=_("Lebenslage"), required=False)

    def __init__(self, *args: Any, kopf: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tf = {t["slug"]: t for t in kopf.get("themenfelder", [])}
        self._ll = {ll["slug"]: ll for ll in kopf.get("lebenslagen", [])}
        alle: list[tuple[str, Any]] = [("", _("alle"))]
        cast(forms.ChoiceField, self.fields["themenfeld"]).choices = alle + sorted(
            ((s, _name(t)) for s, t in self._tf.items()), key=lambda c: c[1]
        )
        cast(forms.ChoiceField, self.fields["lebenslage"]).choices = alle + sorted(
            ((s, _name(ll)) for s, ll in self._ll.items()), key=lambda c: c[1]
        )

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        tf, ll = daten.get("themenfeld"), daten.get("lebenslage")
        if tf and ll and self._ll[ll]["themenfeld"] != self._tf[tf]["id"]:
            self.add_error(
                "lebenslage", _("Diese Lebenslage gehört nicht zum gewählten Themenfeld.")
            )
        return daten

    def gruppe(self) -> str:
        """The snapshot's group key for the valid filters."""
        ll, tf = self.cleaned_data.get("lebenslage"), self.cleaned_data.get("themenfeld")
        if ll:
            return f"ll:{self._ll[ll]['id']}"
        if tf:
            return f"tf:{self._tf[tf]['id']}"
        return "alle"
