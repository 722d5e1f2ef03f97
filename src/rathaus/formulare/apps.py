from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormulareConfig(AppConfig):
    name = "rathaus.formulare"
    label = "formulare"
    verbose_name = _("Formulare")

    def ready(self) -> None:
        from . import outbox  # noqa: F401 - registers the consumer of its topic
