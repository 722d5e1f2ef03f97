"""One wording for a missing required value in every app.

The citizen forms (formulare) say "„Name“ ist eine Pflichtangabe." and mark the optional
fields "– optional" (KERN UX); the staff and portal forms and the services behind them say
the same, through `pflicht_text` and `PflichtMeldungen`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import pretty_name
from django.utils.translation import gettext as _


def pflicht_text(label: Any) -> str:
    """The error of a required field left empty, naming it by its label."""
    # Same message id as formulare.pruefung, so both are translated once.
    return _("%(feld)s ist eine Pflichtangabe.") % {"feld": f"„{label}“"}


class PflichtMeldungen(forms.Form):
    """A form whose required fields, left empty, report `pflicht_text` with their label.

    Set at validation time, so labels changed in a subclass's `__init__` count."""

    def full_clean(self) -> None:
        for name, feld in self.fields.items():
            feld.error_messages["required"] = pflicht_text(feld.label or pretty_name(name))
        super().full_clean()
