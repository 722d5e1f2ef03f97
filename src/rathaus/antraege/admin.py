"""Admin: Anträge read-only, the outbox with failing rows and "retry now", API clients."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import conf, services
from .models import Anlage, Antrag, Clientsystem, Outbox, StatusEintrag


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


class FehlschlagendFilter(admin.SimpleListFilter):
    title = _("Zustellung")
    parameter_name = "zustand"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("fehler", _("mit Fehler")),
            ("fehlschlagend", _("fehlschlagend (≥ %d Versuche)") % conf.outbox_max_versuche()),
            ("offen", _("noch nicht zugestellt")),
            ("zugestellt", _("zugestellt")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> QuerySet[Outbox]:
        if self.value() == "fehler":  # the last attempt failed (an SMTP server down …)
            return queryset.filter(delivered_at__isnull=True).exclude(last_error="")
        if self.value() == "fehlschlagend":
            return queryset.filter(
                delivered_at__isnull=True, attempts__gte=conf.outbox_max_versuche()
            )
        if self.value() == "offen":
            return queryset.filter(delivered_at__isnull=True)
        if self.value() == "zugestellt":
            return queryset.filter(delivered_at__isnull=False)
        return queryset


@admin.register(Outbox)
class OutboxAdmin(_NurLesen, admin.ModelAdmin):
    list_display = [
        "id",
        "topic",
        "key",
        "empfaenger",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    ]
    list_filter = [FehlschlagendFilter, "topic", "empfaenger"]
    search_fields = ["key"]
    actions = ["jetzt_erneut_versuchen"]

    @admin.action(description=_("Jetzt erneut zustellen"), permissions=["view"])
    def jetzt_erneut_versuchen(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> None:
        n = services.outbox_retry(rows=queryset, actor=request.user)
        self.message_user(request, _("%d Einträge werden erneut zugestellt.") % n, messages.SUCCESS)


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
