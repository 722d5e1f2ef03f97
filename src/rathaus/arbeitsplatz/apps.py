from django.apps import AppConfig


class ArbeitsplatzConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rathaus.arbeitsplatz"
    verbose_name = "Arbeitsplatz"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy check of the demo accounts
