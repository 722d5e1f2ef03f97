from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitconnectConfig(AppConfig):
    name = "rathaus.fitconnect"
    label = "fitconnect"
    verbose_name = _("FIT-Connect")

    def ready(self) -> None:
        # The outbox consumers (fetch and check, post the event) register on import.
        from . import outbox, plugins  # noqa: F401
        from .tasks import abruf_register

        abruf_register()  # polling, the fallback beside the callbacks
