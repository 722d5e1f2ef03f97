"""Admin of staff access: activation links for accounts, a read-only view of second factors.

Administrators never see or set a TOTP key: an account gets its password and its app only
through a one-time activation link (`services.aktivierung_create`), which the action below
creates and shows once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .zugang import aktivierung_link

for _modell in (User, TOTPDevice):
    if admin.site.is_registered(_modell):
        admin.site.unregister(_modell)


@admin.register(User)
class MitarbeiterUserAdmin(UserAdmin):
    actions = ["aktivierungslink_erstellen"]

    @admin.action(
        description=_("Aktivierungslink erstellen (Passwort und zweiten Faktor zurücksetzen)"),
        permissions=["change"],
    )
    def aktivierungslink_erstellen(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse:
        kontext: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "konten": list(queryset.order_by("username")),
            "stunden": services.AKTIVIERUNG_STUNDEN,
        }
        if request.POST.get("bestaetigt") != "ja":
            kontext["title"] = _("Aktivierungslinks erstellen?")
            return TemplateResponse(
                request, "admin/arbeitsplatz/aktivierung_bestaetigen.html", kontext
            )
        links, fehler = [], []
        for user in kontext["konten"]:
            try:
                aktivierung, token = services.aktivierung_create(user=user, actor=request.user)
            except ValidationError as error:
                fehler.append((user, " ".join(error.messages)))
            else:
                links.append((user, aktivierung, aktivierung_link(konto_id=user.pk, token=token)))
        kontext.update(title=_("Aktivierungslinks"), links=links, fehler=fehler)
        return TemplateResponse(request, "admin/arbeitsplatz/aktivierung_links.html", kontext)


@admin.register(TOTPDevice)
class ZweiterFaktorAdmin(admin.ModelAdmin):
    """Whose authenticator app is set up, and when it was last used; nothing to change.
    A lost or replaced phone: the action "Aktivierungslink erstellen" on the account."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
