from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Barrierefreiheitsmeldung(BaseModel):
    """Feedback from the accessibility statement's form (BITV 2.0 § 7 Feedback-Mechanismus)."""

    class Status(models.TextChoices):
        EINGEGANGEN = "eingegangen", _("eingegangen")
        IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
        ERLEDIGT = "erledigt", _("erledigt")

    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    seite = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    nachricht = models.TextField(_("Nachricht"), max_length=5000)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.EINGEGANGEN
    )
    eingangsnummer = models.CharField(_("Eingangsnummer"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("Meldung zur Barrierefreiheit")
        verbose_name_plural = _("Meldungen zur Barrierefreiheit")
        ordering = ["-erstellt_am"]

    def __str__(self) -> str:
        return self.eingangsnummer
