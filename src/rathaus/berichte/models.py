from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kennzahlenstand(models.Model):
    """One computation of every figure (`kennzahlen.kennzahlen_berechnen`), kept as JSON.

    The page reads only `gruppen` of the newest row; the level of every Leistung
    (`leistungen`) serves the open data and the quarter's list of changed levels.
    """

    berechnet_am = models.DateTimeField(_("berechnet am"), db_index=True)
    modell = models.CharField(_("Reifegradmodell"), max_length=40)
    kopf = models.JSONField(_("Kopfdaten"))
    gruppen = models.JSONField(_("Kennzahlen"))
    leistungen = models.JSONField(_("Reifegrad je Leistung"))

    class Meta:
        verbose_name = _("Kennzahlenstand")
        verbose_name_plural = _("Kennzahlenstände")
        ordering = ["-berechnet_am", "-id"]

    def __str__(self) -> str:
        return f"{self.berechnet_am:%Y-%m-%d %H:%M}"

    @property
    def daten(self) -> dict[str, object]:
        return {**self.kopf, "gruppen": self.gruppen, "leistungen": self.leistungen}
