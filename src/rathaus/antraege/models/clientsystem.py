"""Client systems that submit Anträge through the API (the outbox is in `rathaus.core`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Clientsystem(models.Model):
    """A client system (another online service) that submits Anträge through the API.

    Only the SHA-256 of its token is stored; the token is shown once when created or
    rotated. The token expires at `gueltig_bis` and can be revoked earlier. After a
    rotation the previous token keeps working until `vorheriger_token_gueltig_bis` (a short
    overlap, so the client can switch without downtime), then stops.
    """

    name = models.CharField(_("Name"), max_length=200, unique=True)
    token_praefix = models.CharField(_("Token-Präfix"), max_length=12, editable=False)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(
        _("Berechtigungen"), default=list, blank=True, help_text=_('z. B. ["antraege:einreichen"]')
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    gueltig_bis = models.DateTimeField(_("Token gültig bis"), editable=False)
    token_widerrufen_am = models.DateTimeField(
        _("Token widerrufen am"), null=True, blank=True, editable=False
    )
    vorheriger_token_praefix = models.CharField(
        _("Präfix des vorherigen Tokens"), max_length=12, blank=True, default="", editable=False
    )
    # Empty when there is none: a SHA-256 in hex is never empty, so "" matches no token.
    vorheriger_token_sha256 = models.CharField(
        max_length=64, blank=True, default="", db_index=True, editable=False
    )
    vorheriger_token_gueltig_bis = models.DateTimeField(
        _("vorheriges Token gültig bis"), null=True, blank=True, editable=False
    )
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Clientsystem (API)")
        verbose_name_plural = _("Clientsysteme (API)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
