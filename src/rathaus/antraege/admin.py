"""Admin: Anträge read-only, API clients."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Anlage, Antrag, Clientsystem, StatusEintrag


class _NurLesen:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StatusInline(_NurLesen, admin.TabularInline):
    model = StatusEintrag
    extra = 0


class AnlageInline(_NurLesen, admin.TabularInline):
    model = Anlage
    extra = 0
    exclude = ["speichername"]


@admin.register(Antrag)
class AntragAdmin(_NurLesen, admin.ModelAdmin):
    list_display = ["aktenzeichen", "fim_id", "kanal", "eingereicht_am"]
    list_filter = ["kanal"]
    search_fields = ["aktenzeichen"]
    inlines = [StatusInline, AnlageInline]
    exclude = ["daten"]


@admin.register(Clientsystem)
class ClientsystemAdmin(admin.ModelAdmin):
    list_display = ["name", "token_praefix", "scopes", "aktiv", "erstellt_am"]
    readonly_fields = ["token_praefix", "erstellt_am"]
    fields = ["name", "scopes", "aktiv", "token_praefix", "erstellt_am"]

    def save_model(self, request: HttpRequest, obj: Clientsystem, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        neu, token = services.clientsystem_create(
            name=obj.name, scopes=list(obj.scopes or []), actor=request.user
        )
        obj.pk, obj.token_praefix = neu.pk, neu.token_praefix
        self.message_user(
            request,
            _("Token für %(name)s (wird nur jetzt angezeigt): %(token)s")
            % {"name": neu.name, "token": token},
            messages.WARNING,
        )
