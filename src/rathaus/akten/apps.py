from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktenConfig(AppConfig):
    name = "rathaus.akten"
    label = "akten"
    verbose_name = _("E-Akte")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the check of RATHAUS_LOESCHFRISTEN
        from .loeschfristen import loeschlauf_register

        loeschlauf_register()  # the daily run of the deletion periods
