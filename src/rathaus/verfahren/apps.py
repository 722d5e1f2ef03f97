from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerfahrenConfig(AppConfig):
    name = "rathaus.verfahren"
    label = "verfahren"
    verbose_name = _("Verfahren")

    def ready(self) -> None:
        from rathaus.konten.postfachdokument import quelle_setzen

        # The built-in service-task handlers and the outbox consumers (the intake of
        # each submitted Antrag, Bescheid, Postfach email) register themselves on import.
        from . import eingang_zahlung, handlers, outbox  # noqa: F401
        from .tasks import fristenlauf_register

        fristenlauf_register()  # the morning deadline check
        from .bescheid.abruf import BescheidAbruf

        # Citizens download a Bescheid from their Postfach (konten) through this source.
        quelle_setzen(BescheidAbruf())
        from rathaus.konten.lesezugang import quelle_setzen as niveauquelle_setzen

        from .buerger_selectors import postfach_niveaus

        # Reading a Postfach message asks for the level its Antrag was submitted with.
        niveauquelle_setzen(postfach_niveaus)
