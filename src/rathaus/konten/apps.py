from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KontenConfig(AppConfig):
    name = "rathaus.konten"
    label = "konten"
    verbose_name = _("Bürgerkonten")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the deploy checks
            loeschfristen,  # noqa: F401 - registers its deletion rule
        )
