"""Admin for the Fachadministration: Bescheidvorlagen (through the services) and the issued
Bescheide (read only).

The form runs the same check as the services (`vorlage_pruefen`), so an unknown
placeholder is shown at its field and nothing is saved; saving calls
`bescheidvorlage_create/update`, which check the role and write the Protokoll.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import admin_prozess  # noqa: F401  (process models and deadline rules)
from .admin_basis import NurFachadministration, gespeichert_uebernehmen
from .bescheid import platzhalter
from .bescheid.vorlagen import (
    bescheidvorlage_create,
    bescheidvorlage_update,
    vorlage_pruefen,
)
from .models import Bescheid, BescheidVorlage

TEXTE = (
    "bezeichnung",
    "text_bewilligt",
    "text_abgelehnt",
    "text_gebuehr",
    "rechtsbehelfsbelehrung",
)


class BescheidVorlageForm(forms.ModelForm):
    class Meta:
        model = BescheidVorlage
        fields = [
            "leistung",
            "bezeichnung",
            "text_bewilligt",
            "text_abgelehnt",
            "text_gebuehr",
            "rechtsbehelfsbelehrung",
            "aktiv",
        ]

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        leistung = daten.get("leistung") if "leistung" in self.fields else self.instance.leistung
        texte = {name: daten.get(name, "") for name in TEXTE}
        try:
            vorlage_pruefen(leistung=leistung, **texte)
        except ValidationError as error:
            for feld, meldungen in error.message_dict.items():
                if feld in self.errors:  # already refused by the field itself
                    continue
                for meldung in meldungen:
                    self.add_error(feld if feld in self.fields else None, meldung)
        return daten

    def _post_clean(self) -> None:
        # The services save; the model's own full_clean would only repeat their checks
        # (and the partial unique constraints are theirs to keep by deactivating others).
        pass


@admin.register(BescheidVorlage)
class BescheidVorlageAdmin(NurFachadministration):
    form = BescheidVorlageForm
    list_display = ["bezeichnung", "leistung", "aktiv", "version", "geaendert_am"]
    list_filter = ["aktiv"]
    search_fields = ["bezeichnung", "leistung__name"]
    raw_id_fields = ["leistung"]
    readonly_fields = ["version", "platzhalter_hilfe"]

    @admin.display(description=_("Erlaubte Platzhalter"))
    def platzhalter_hilfe(self, obj: BescheidVorlage | None = None) -> SafeString:
        zeilen = [(f"{{{{{name}}}}}", text) for name, text in platzhalter.PLATZHALTER.items()]
        zeilen.append(
            ("{{antrag.<FIM-ID>}}", _("Angabe aus dem Antrag, z. B. {{antrag.F60000227}}"))
        )
        return format_html_join("\n", "<code>{}</code> – {}<br>", zeilen)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        felder = list(super().get_readonly_fields(request, obj))
        return [*felder, "leistung"] if obj is not None else felder

    # Deleting stays refused (NurFachadministration): Bescheide name the Vorlage they came
    # from, so a Vorlage is deactivated instead.

    def save_model(
        self, request: HttpRequest, obj: BescheidVorlage, form: forms.ModelForm, change: bool
    ) -> None:
        daten = form.cleaned_data
        felder = {name: daten.get(name, "") for name in TEXTE}
        if change:
            gespeichert = bescheidvorlage_update(
                vorlage=obj, aktiv=bool(daten.get("aktiv")), actor=request.user, **felder
            )
        else:
            gespeichert = bescheidvorlage_create(
                leistung=daten.get("leistung"),
                aktiv=bool(daten.get("aktiv")),
                actor=request.user,
                **felder,
            )
        gespeichert_uebernehmen(obj, gespeichert)


@admin.register(Bescheid)
class BescheidAdmin(NurFachadministration):
    list_display = [
        "verfahren",
        "entscheidung",
        "versand",
        "erstellt_am",
        "bereitgestellt_am",
        "bekanntgabe_am",
        "abgerufen_am",
    ]
    list_filter = ["entscheidung", "versand"]
    search_fields = ["verfahren__aktenzeichen"]
    list_select_related = ["verfahren"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued by the process only, read-only here

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
