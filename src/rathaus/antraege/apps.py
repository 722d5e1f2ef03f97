from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntraegeConfig(AppConfig):
    name = "rathaus.antraege"
    label = "antraege"
    verbose_name = _("Anträge")

    def ready(self) -> None:
        # The outbox consumer and scanner plugins register themselves on import.
        from rathaus.formulare.ablage import ablage_setzen
        from rathaus.formulare.absenden import absenden_setzen
        from rathaus.formulare.wiederaufnahme import eingereicht_setzen
        from rathaus.konten.meine_antraege import liste_setzen

        from . import loeschfristen, outbox  # noqa: F401
        from .ablage import EntwurfDateien
        from .fragmente import absenden, meine_antraege
        from .plugins import clamav  # noqa: F401
        from .selectors import eingereichte_entwuerfe

        # A submitted draft is not offered again when its citizen starts the form anew.
        eingereicht_setzen(eingereichte_entwuerfe)
        # The steps of a form store their uploads as files of the draft here (the Löschfrist
        # "entwurf_anlagen" of ``loeschfristen`` removes those of expired drafts).
        ablage_setzen(EntwurfDateien())
        # The review page (formulare) and Mein Konto (konten) show these pieces of ours.
        absenden_setzen(absenden)
        liste_setzen(meine_antraege)
