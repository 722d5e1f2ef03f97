from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevIdpConfig(AppConfig):
    name = "rathaus.dev_idp"
    label = "dev_idp"
    verbose_name = _("Test-Identitätsanbieter (Entwicklung)")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the deploy check
            loeschfristen,  # noqa: F401 - registers its deletion rule
        )
