"""The clerk's form to forward an Antrag (rendered by the fragment
fitconnect/_weiterleiten.html, posted to the workspace, which calls `antrag_forward`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ERFOLG = _("Der Antrag ist an die zuständige Stelle weitergeleitet.")


class WeiterleitenForm(forms.Form):
    regionalschluessel = forms.RegexField(
        label=_("Regionalschlüssel (ARS) oder Gemeindeschlüssel (AGS) der zuständigen Stelle"),
        regex=r"^(\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12})$",
        max_length=12,
        error_messages={
            "required": _("Bitte geben Sie den Regionalschlüssel an."),
            "invalid": _("Bitte 12 Ziffern (ARS) oder 8 Ziffern (AGS) angeben."),
        },
    )
