from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitconnectConfig(AppConfig):
    name = "rathaus.fitconnect"
    label = "fitconnect"
    verbose_name = _("FIT-Connect")
