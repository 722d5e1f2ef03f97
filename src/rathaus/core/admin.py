"""Admin: the Protokoll read-only; the outbox with failing rows and "retry now"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Outbox, Protokoll
from .outbox import outbox_retry


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


class FehlschlagendFilter(admin.SimpleListFilter):
    title = _("Zustellung")
    parameter_name = "zustand"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("aufgegeben", _("aufgegeben (wartet auf „Jetzt erneut zustellen“)")),
            ("fehler", _("mit Fehler")),
            (
                "fehlschlagend",
                _("fehlschlagend (≥ %d Versuche)") % settings.RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB,
            ),
            ("offen", _("noch nicht zugestellt")),
            ("zugestellt", _("zugestellt")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> QuerySet[Outbox]:
        if self.value() == "aufgegeben":
            return queryset.filter(delivered_at__isnull=True, dead_letter_at__isnull=False)
        if self.value() == "fehler":  # the last attempt failed (an SMTP server down …)
            return queryset.filter(delivered_at__isnull=True).exclude(last_error="")
        if self.value() == "fehlschlagend":
            return queryset.filter(
                delivered_at__isnull=True, attempts__gte=settings.RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB
            )
        if self.value() == "offen":
            return queryset.filter(delivered_at__isnull=True)
        if self.value() == "zugestellt":
            return queryset.filter(delivered_at__isnull=False)
        return queryset


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "topic",
        "key",
        "consumer",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "dead_letter_at",
        "last_error",
    ]
    list_filter = [FehlschlagendFilter, "topic", "consumer"]
    search_fields = ["key"]
    actions = ["jetzt_erneut_versuchen"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Jetzt erneut zustellen"), permissions=["view"])
    def jetzt_erneut_versuchen(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> None:
        n = outbox_retry(rows=queryset, actor=request.user)
        self.message_user(request, _("%d Einträge werden erneut zugestellt.") % n, messages.SUCCESS)
