"""What every admin of the verfahren app shares: only the Fachadministration sees and edits
(nothing is ever deleted there), and saving goes through a service whose row the admin
then carries on with."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from rathaus.organisation.selectors import Rolle, hat_rolle


def fachadministration(request: HttpRequest) -> bool:
    return hat_rolle(user=request.user, rolle=Rolle.FACHADMINISTRATION)


class NurFachadministration(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return fachadministration(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return fachadministration(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return fachadministration(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return fachadministration(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def gespeichert_uebernehmen(obj: Model, gespeichert: Model) -> None:
    """The admin goes on with `obj` (log entry, message, redirect): make it the row the
    service saved."""
    for feld in type(gespeichert)._meta.concrete_fields:
        setattr(obj, feld.attname, getattr(gespeichert, feld.attname))
    obj._state.adding = False
