from django.contrib import admin

from .models import Protokoll


@admin.register(Protokoll)
class ProtokollAdmin(admin.ModelAdmin):
    list_display = ["zeitpunkt", "akteur_name", "aktion", "objekt_typ", "objekt_bezeichnung"]
    list_filter = ["aktion", "objekt_typ"]
    search_fields = ["akteur_name", "objekt_bezeichnung", "objekt_id"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
