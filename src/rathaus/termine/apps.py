from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermineConfig(AppConfig):
    name = "rathaus.termine"
    label = "termine"
    verbose_name = _("Terminvergabe")
