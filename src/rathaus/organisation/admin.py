"""Maintenance of offices, buildings and opening hours in the Django admin.

Every save goes through the services (validation of the hours, Protokoll entry); the slug
identifies a record and cannot be changed once it exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from .models import Oeffnungszeit, Organisationseinheit, Sonderoeffnung, Standort
from .services import (
    Zeitfenster,
    oeffnungszeiten_set,
    organisationseinheit_upsert,
    sonderoeffnung_upsert,
    standort_upsert,
    zeitfenster_validate,
)


class SlugOnceMixin:
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["slug"] if obj is not None else []


def _values(form: Any, obj: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.setdefault("slug", obj.slug)
    return data


@admin.register(Standort)
class StandortAdmin(SlugOnceMixin, admin.ModelAdmin):
    list_display = ["name", "strasse", "plz", "stufenloser_zugang", "aufzug"]
    search_fields = ["name", "strasse"]

    def save_model(self, request: HttpRequest, obj: Standort, form: Any, change: bool) -> None:
        saved = standort_upsert(actor=request.user, **_values(form, obj))
        obj.pk = saved.pk


def _zeitfenster(forms: list[Any]) -> list[Zeitfenster]:
    return [
        Zeitfenster(
            f.cleaned_data["wochentag"],
            f.cleaned_data["von"],
            f.cleaned_data["bis"],
            f.cleaned_data.get("nur_mit_termin", False),
        )
        for f in forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class OeffnungszeitFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        try:
            zeitfenster_validate(zeiten=_zeitfenster(self.forms))
        except ValidationError as exc:
            raise ValidationError(
                [m for messages in exc.message_dict.values() for m in messages]
            ) from exc


class OeffnungszeitInline(admin.TabularInline):
    model = Oeffnungszeit
    formset = OeffnungszeitFormSet
    extra = 1


class SonderoeffnungInline(admin.TabularInline):
    model = Sonderoeffnung
    extra = 1
    can_delete = False


@admin.register(Organisationseinheit)
class OrganisationseinheitAdmin(SlugOnceMixin, admin.ModelAdmin):
    list_display = ["name", "art", "uebergeordnet", "standort", "nur_mit_termin"]
    list_filter = ["art", "nur_mit_termin"]
    search_fields = ["name", "name_en"]
    list_select_related = ["uebergeordnet", "standort"]
    inlines = [OeffnungszeitInline, SonderoeffnungInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Organisationseinheit, form: Any, change: bool
    ) -> None:
        saved = organisationseinheit_upsert(actor=request.user, **_values(form, obj))
        obj.pk = saved.pk

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        oe = form.instance
        # The admin's change message reads these; the services did the writing.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if formset.model is Oeffnungszeit:
            oeffnungszeiten_set(
                organisationseinheit=oe, zeiten=_zeitfenster(formset.forms), actor=request.user
            )
        elif formset.model is Sonderoeffnung:
            for f in kept:
                if not f.has_changed():
                    continue
                data = f.cleaned_data
                hours = [] if data["geschlossen"] else [(data["von"], data["bis"])]
                sonderoeffnung_upsert(
                    organisationseinheit=oe,
                    datum=data["datum"],
                    grund=data.get("grund", ""),
                    intervalle=hours,
                    actor=request.user,
                )
