"""Admin for the Fachadministration: process models (upload a BPMN file, validated by the
service before it becomes active) and the deadline rules of a Leistung.

Uploaded versions are never changed or deleted: a running Verfahren keeps the version it
started with. Saving goes through `prozessmodell_upload` / `fristregel_set`, which check
the role and write the Protokoll; a refused model is shown at the file field and the
active model stays.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .admin_basis import NurFachadministration, fachadministration, gespeichert_uebernehmen
from .bpmn.validierung import modell_pruefen
from .models import Fristregel, Prozessmodell
from .services import fristregel_set, prozessmodell_upload
from .services.modelle import fristregel_check

MAX_BPMN_BYTES = 2 * 1024 * 1024


class ProzessmodellUploadForm(forms.ModelForm):
    datei = forms.FileField(
        label=_("BPMN-2.0-Datei"),
        help_text=_(
            "XML-Datei (höchstens 2 MB). Sie wird geprüft (Aufbau, bekannte Aufgabenarten, "
            "erreichbares Ende) und erst dann aktiv; laufende Verfahren behalten ihre Version."
        ),
    )

    class Meta:
        model = Prozessmodell
        fields = ["leistung"]

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        datei = daten.get("datei")
        if datei is None:
            return daten
        if datei.size > MAX_BPMN_BYTES:
            self.add_error("datei", _("Die Datei ist größer als 2 MB."))
            return daten
        self.inhalt = datei.read()
        try:
            modell_pruefen(self.inhalt)
        except ValidationError as error:
            for meldung in error.messages:
                self.add_error("datei", meldung)
        return daten

    def _post_clean(self) -> None:
        pass  # the service stores the model (save_model)


@admin.register(Prozessmodell)
class ProzessmodellAdmin(NurFachadministration):
    form = ProzessmodellUploadForm
    list_display = ["name", "leistung", "version", "aktiv", "hochgeladen_von", "hochgeladen_am"]
    list_filter = ["aktiv"]
    search_fields = ["name", "leistung__name", "prozess_id"]
    raw_id_fields = ["leistung"]
    readonly_fields = [
        "leistung",
        "name",
        "version",
        "prozess_id",
        "aktiv",
        "sha256",
        "hochgeladen_von",
        "hochgeladen_am",
        "bpmn_xml",
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return fachadministration(request) and obj is None  # versions never change

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.readonly_fields) if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return list(self.readonly_fields) if obj is not None else ["leistung", "datei"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        gespeichert = prozessmodell_upload(
            leistung=form.cleaned_data.get("leistung"), bpmn_xml=form.inhalt, actor=request.user
        )
        gespeichert_uebernehmen(obj, gespeichert)


class FristregelForm(forms.ModelForm):
    class Meta:
        model = Fristregel
        fields = [
            "leistung",
            "gesetzliche_frist_monate",
            "gesetzliche_frist_bezeichnung",
            "warnung_tage",
            "nachforderung_tage",
            "bearbeitung_tage",
        ]

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        try:
            fristregel_check(
                gesetzliche_frist_monate=daten.get("gesetzliche_frist_monate"),
                warnung_tage=daten.get("warnung_tage"),
                nachforderung_tage=daten.get("nachforderung_tage"),
                bearbeitung_tage=daten.get("bearbeitung_tage"),
            )
        except ValidationError as error:
            for feld, meldungen in error.message_dict.items():
                if feld not in self.errors:
                    self.add_error(feld, meldungen)
        return daten


@admin.register(Fristregel)
class FristregelAdmin(NurFachadministration):
    form = FristregelForm
    list_display = [
        "leistung",
        "gesetzliche_frist_monate",
        "warnung_tage",
        "nachforderung_tage",
        "bearbeitung_tage",
    ]
    search_fields = ["leistung__name"]
    raw_id_fields = ["leistung"]

    def save_model(self, request: HttpRequest, obj: Fristregel, form: Any, change: bool) -> None:
        daten = form.cleaned_data
        leistung = daten.get("leistung") or obj.leistung
        gespeichert = fristregel_set(
            leistung=leistung,
            actor=request.user,
            gesetzliche_frist_monate=daten.get("gesetzliche_frist_monate"),
            gesetzliche_frist_bezeichnung=daten.get("gesetzliche_frist_bezeichnung") or "",
            warnung_tage=daten["warnung_tage"],
            nachforderung_tage=daten["nachforderung_tage"],
            bearbeitung_tage=daten["bearbeitung_tage"],
        )
        gespeichert_uebernehmen(obj, gespeichert)
