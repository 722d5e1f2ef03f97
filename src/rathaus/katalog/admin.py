"""Editorial maintenance of the catalogue in the Django admin.

Edits go through the services (Protokoll entry, search index); import-owned fields
(source, LeiKa key, OZG-Leistung) are read-only, new Leistungen come from the import.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Gebuehr, Lebenslage, Leistung, OzgLeistung, Synonym, Themenfeld, Zustaendigkeit
from .services.redaktion import LeistungRedaktion, leistung_redaktion_update, synonym_upsert

EDITORIAL = tuple(LeistungRedaktion.__annotations__)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GebuehrInline(ReadOnlyInline):
    model = Gebuehr
    fields = ["bezeichnung", "betrag", "betrag_bis", "hinweis"]


class ZustaendigkeitInline(ReadOnlyInline):
    model = Zustaendigkeit
    fields = ["organisationseinheit", "gebiet_ags", "hinweis"]


@admin.register(Leistung)
class LeistungAdmin(admin.ModelAdmin):
    list_display = ["name", "name_buerger", "leika_schluessel", "nachfrage", "beispielinhalt"]
    list_filter = ["beispielinhalt", "typisierung"]
    search_fields = ["name", "name_buerger", "leika_schluessel", "synonyme"]
    readonly_fields = [
        "quelle",
        "leika_schluessel",
        "leika_schluessel_quelle",
        "ozg_leistung",
        "typisierung",
        "slug",
    ]
    fields = [*readonly_fields, *EDITORIAL]
    inlines = [GebuehrInline, ZustaendigkeitInline]
    list_select_related = ["ozg_leistung"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Leistung, form: Any, change: bool) -> None:
        felder = {f: form.cleaned_data[f] for f in form.changed_data if f in EDITORIAL}
        original = Leistung.objects.get(pk=obj.pk)
        leistung_redaktion_update(leistung=original, actor=request.user, **felder)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["begriff", "ersetzung"]
    search_fields = ["begriff", "ersetzung"]

    def save_model(self, request: HttpRequest, obj: Synonym, form: Any, change: bool) -> None:
        saved = synonym_upsert(begriff=obj.begriff, ersetzung=obj.ersetzung, actor=request.user)
        obj.pk = saved.pk


class CatalogueReadOnly(admin.ModelAdmin):
    """Catalogue structure comes from the OZG import; shown, not edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Themenfeld)
class ThemenfeldAdmin(CatalogueReadOnly):
    list_display = ["name", "name_en"]


@admin.register(Lebenslage)
class LebenslageAdmin(CatalogueReadOnly):
    list_display = ["name", "themenfeld"]
    list_filter = ["themenfeld"]


@admin.register(OzgLeistung)
class OzgLeistungAdmin(CatalogueReadOnly):
    list_display = ["ozg_id", "name", "lebenslage"]
    search_fields = ["ozg_id", "name"]
