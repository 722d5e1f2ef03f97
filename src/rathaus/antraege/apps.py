from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntraegeConfig(AppConfig):
    name = "rathaus.antraege"
    label = "antraege"
    verbose_name = _("Anträge")

    def ready(self) -> None:
        # Outbox consumers and scanner plugins register themselves on import.
        from . import zustellung  # noqa: F401
        from .plugins import clamav  # noqa: F401
