from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KontenConfig(AppConfig):
    name = "rathaus.konten"
    label = "konten"
    verbose_name = _("Bürgerkonten")
