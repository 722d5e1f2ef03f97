from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntraegeConfig(AppConfig):
    name = "rathaus.antraege"
    label = "antraege"
    verbose_name = _("Anträge")

    def ready(self) -> None:
        # Outbox consumers and scanner plugins register themselves on import.
        from rathaus.core.services import ausgang_install

        from . import zustellung  # noqa: F401
        from .plugins import clamav  # noqa: F401
        from .services import outbox_write

        # Lower apps (formulare's resume link) queue their emails through core.
        ausgang_install(outbox_write)
