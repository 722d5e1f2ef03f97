from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerfahrenConfig(AppConfig):
    name = "rathaus.verfahren"
    label = "verfahren"
    verbose_name = _("Verfahren")

    def ready(self) -> None:
        # The built-in service-task handlers and the outbox consumer that starts a
        # Verfahren for each delivered Antrag register themselves on import.
        from . import empfaenger, handlers  # noqa: F401
