"""Client systems that submit Anträge through the API (the outbox is in `rathaus.core`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Clientsystem(models.Model):
    """A client system (another online service) that submits Anträge through the API.

    Only the SHA-256 of its token is stored; the token is shown once when created.
    """

    name = models.CharField(_("Name"), max_length=200, unique=True)
    token_praefix = models.CharField(_("Token-Präfix"), max_length=12, editable=False)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(
        _("Berechtigungen"), default=list, blank=True, help_text=_('z. B. ["antraege:einreichen"]')
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Clientsystem (API)")
        verbose_name_plural = _("Clientsysteme (API)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
