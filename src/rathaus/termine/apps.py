"""Terminvergabe: appointments at the offices that work by appointment only."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermineConfig(AppConfig):
    name = "rathaus.termine"
    label = "termine"
    verbose_name = _("Terminvergabe")

    def ready(self) -> None:
        # The outbox consumer (the citizen's emails) and the Löschfristen register on import.
        from . import loeschfristen, outbox  # noqa: F401
        from .tasks import terminlauf_register

        terminlauf_register()  # releases reservations, offers freed slots, reminders
