"""Forms of the public portal: they parse and name the field of every error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.forms import PflichtMeldungen
from rathaus.katalog.selectors import themenfelder_by_name

NACHRICHT_MAX = 5000
SUCHE_MAX = 200  # the search engine's MAX_QUERY_LENGTH


class SuchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=SUCHE_MAX,
        strip=True,
        error_messages={
            "max_length": _("Die Suchanfrage ist zu lang (höchstens %(limit_value)d Zeichen)."),
            "null_characters_not_allowed": _("Die Suchanfrage enthält ungültige Zeichen."),
        },
    )
    themenfeld = forms.ModelChoiceField(
        label=_("Themenfeld"),
        queryset=themenfelder_by_name(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Themenfelder"),
        error_messages={"invalid_choice": _("Dieses Themenfeld gibt es nicht.")},
    )
    seite = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": _("Die Seitenzahl ist ungültig."),
            "min_value": _("Die Seitenzahl ist ungültig."),
            "max_value": _("Die Seitenzahl ist ungültig."),
        },
    )

    def __init__(self, *args: object, sprache: str = "de", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["themenfeld"]
        if sprache == "en":
            field.label_from_instance = lambda t: t.name_en or t.name  # type: ignore[attr-defined]


class BarrierefreiheitsmeldungForm(PflichtMeldungen):
    name = forms.CharField(label=_("Ihr Name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        max_length=254,
        help_text=_("Nur wenn Sie eine Antwort wünschen."),
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")
        },
    )
    seite = forms.CharField(
        label=_("Betroffene Seite"),
        required=False,
        max_length=500,
        help_text=_("Adresse oder Titel der Seite, auf der Sie ein Problem hatten."),
    )
    nachricht = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=NACHRICHT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beschreiben Sie das Problem. Höchstens 5.000 Zeichen."),
        error_messages={
            "max_length": _(
                "Ihre Nachricht ist zu lang: höchstens %(limit_value)d Zeichen, "
                "Sie haben %(show_value)d eingegeben."
            ),
        },
    )
