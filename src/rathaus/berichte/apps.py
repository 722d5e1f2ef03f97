"""How digital is the city: figures computed from the system's own data, page, PDF, open data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichteConfig(AppConfig):
    name = "rathaus.berichte"
    label = "berichte"
    verbose_name = _("Digitalisierungsbericht")

    def ready(self) -> None:
        from .tasks import berichtlauf_register

        berichtlauf_register()  # the nightly refresh of the figures
