from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichteConfig(AppConfig):
    name = "rathaus.berichte"
    label = "berichte"
    verbose_name = _("Digitalisierungsbericht")
