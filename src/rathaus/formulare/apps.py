from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormulareConfig(AppConfig):
    name = "rathaus.formulare"
    label = "formulare"
    verbose_name = _("Formulare")

    def ready(self) -> None:
        from . import loeschfristen, outbox  # noqa: F401 - its deletion rule, its consumer
