from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZahlungenConfig(AppConfig):
    name = "rathaus.zahlungen"
    label = "zahlungen"
    verbose_name = _("Gebühren und Bezahlen")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks of the settings
        from .tasks import periodisch_registrieren

        periodisch_registrieren()  # the reconciliation and the daily export
