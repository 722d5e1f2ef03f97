"""Admin: Anträge read-only, API clients (create, rotate and revoke their tokens)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Anlage, Antrag, Clientsystem, StatusEintrag
from .services.clientsystem import MAX_TAGE, STANDARD_TAGE, STANDARD_UEBERLAPPUNG_STUNDEN


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


class ClientsystemAddForm(forms.ModelForm):
    tage = forms.IntegerField(
        label=_("Gültigkeit des Tokens (Tage)"),
        min_value=1,
        max_value=MAX_TAGE,
        initial=STANDARD_TAGE,
        help_text=_("Danach wird das Token abgelehnt; vorher mit „Token erneuern“ ersetzen."),
    )

    class Meta:
        model = Clientsystem
        fields = ["name", "scopes", "aktiv"]


@admin.register(Clientsystem)
class ClientsystemAdmin(admin.ModelAdmin):
    list_display = ["name", "token_praefix", "scopes", "aktiv", "token_zustand", "erstellt_am"]
    readonly_fields = [
        "token_praefix",
        "token_zustand",
        "gueltig_bis",
        "token_widerrufen_am",
        "vorheriger_token_praefix",
        "vorheriger_token_gueltig_bis",
        "erstellt_am",
    ]
    fields = ["name", "scopes", "aktiv", *readonly_fields]
    actions = ["token_erneuern", "token_widerrufen"]

    def get_form(
        self,
        request: HttpRequest,
        obj: Clientsystem | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        if obj is None:
            kwargs["form"] = ClientsystemAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Clientsystem | None = None) -> list[Any]:
        if obj is None:
            return ["name", "scopes", "aktiv", "tage"]
        return list(self.fields or [])

    def get_readonly_fields(
        self, request: HttpRequest, obj: Clientsystem | None = None
    ) -> list[str]:
        return [] if obj is None else list(self.readonly_fields)

    @admin.display(description=_("Token"))
    def token_zustand(self, obj: Clientsystem) -> str:
        jetzt = timezone.now()
        if obj.token_widerrufen_am is not None:
            text = _("widerrufen am %(zeit)s") % {"zeit": _datum(obj.token_widerrufen_am)}
        elif obj.gueltig_bis <= jetzt:
            text = _("abgelaufen am %(zeit)s") % {"zeit": _datum(obj.gueltig_bis)}
        else:
            text = _("gültig bis %(zeit)s") % {"zeit": _datum(obj.gueltig_bis)}
        bis = obj.vorheriger_token_gueltig_bis
        if obj.vorheriger_token_sha256 and bis is not None and bis > jetzt:
            text += " · " + _("das vorherige Token %(praefix)s… gilt bis %(zeit)s") % {
                "praefix": obj.vorheriger_token_praefix,
                "zeit": _datum(bis),
            }
        return text

    def save_model(self, request: HttpRequest, obj: Clientsystem, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        neu, token = services.clientsystem_create(
            name=obj.name,
            scopes=list(obj.scopes or []),
            tage=form.cleaned_data["tage"],
            actor=request.user,
        )
        obj.pk, obj.token_praefix = neu.pk, neu.token_praefix
        obj.gueltig_bis = neu.gueltig_bis
        self.message_user(
            request,
            _("Token für %(name)s (wird nur jetzt angezeigt): %(token)s")
            % {"name": neu.name, "token": token},
            messages.WARNING,
        )

    @admin.action(
        description=format_lazy(
            _("Token erneuern (das bisherige gilt noch {stunden} Stunden)"),
            stunden=STANDARD_UEBERLAPPUNG_STUNDEN,
        ),
        permissions=["change"],
    )
    def token_erneuern(self, request: HttpRequest, queryset: QuerySet[Clientsystem]) -> None:
        for client in queryset:
            neu, token = services.clientsystem_token_rotate(clientsystem=client, actor=request.user)
            bis = neu.vorheriger_token_gueltig_bis
            alt = (
                _("Das bisherige Token gilt noch bis %(zeit)s.") % {"zeit": _datum(bis)}
                if bis and bis > timezone.now()
                else _("Das bisherige Token gilt nicht mehr.")
            )
            neu_text = _(
                "Neues Token für %(name)s, gültig bis %(bis)s (wird nur jetzt angezeigt): %(token)s"
            ) % {"name": neu.name, "bis": _datum(neu.gueltig_bis), "token": token}
            self.message_user(request, f"{neu_text} {alt}", messages.WARNING)

    @admin.action(description=_("Token sofort widerrufen"), permissions=["change"])
    def token_widerrufen(self, request: HttpRequest, queryset: QuerySet[Clientsystem]) -> None:
        for client in queryset:
            services.clientsystem_token_revoke(clientsystem=client, actor=request.user)
        self.message_user(
            request,
            _("%(n)d Token(s) widerrufen; ein neues gibt „Token erneuern“.") % {"n": len(queryset)},
            messages.SUCCESS,
        )


def _datum(zeitpunkt: datetime) -> str:
    return f"{timezone.localtime(zeitpunkt):%d.%m.%Y %H:%M}"
