from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Eingang(BaseModel):
    """The intake of one submitted Antrag (`rathaus.verfahren.eingang`): what its steps
    found and which of them have run. A step and its record commit together, so a crash
    between steps repeats nothing and loses nothing."""

    antrag = models.OneToOneField(
        "antraege.Antrag", verbose_name=_("Antrag"), on_delete=models.PROTECT, related_name="+"
    )
    organisationseinheit = models.ForeignKey(
        "organisation.Organisationseinheit",
        verbose_name=_("Organisationseinheit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vorgang = models.ForeignKey(
        "akten.Vorgang",
        verbose_name=_("Vorgang (E-Akte)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # step name → when it ran (ISO 8601); a step waiting for the citizen is not in it yet
    erledigt = models.JSONField(_("erledigte Schritte"), default=dict, blank=True)
    abgeschlossen_am = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Antragseingang")
        verbose_name_plural = _("Antragseingänge")

    def __str__(self) -> str:
        return f"Eingang {self.antrag_id}"
