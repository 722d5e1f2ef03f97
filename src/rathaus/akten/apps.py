from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktenConfig(AppConfig):
    name = "rathaus.akten"
    label = "akten"
    verbose_name = _("E-Akte")
