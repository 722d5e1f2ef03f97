"""Activation links of staff accounts: the one way to set a password and a second factor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Aktivierung(BaseModel):
    """A one-time link with which a person sets the password and enrols the authenticator
    app of `user` (a new account, or one an administrator reset).

    Only a SHA-256 over the account's id and the link's secret is stored, so the secret
    opens this account and no other, and the table alone opens none. A link counts until
    `gueltig_bis`, once, and not after a newer link of the same account replaced it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="aktivierungen",
    )
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    gueltig_bis = models.DateTimeField(_("gültig bis"))
    verwendet_am = models.DateTimeField(_("verwendet am"), null=True, blank=True)
    widerrufen_am = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Aktivierungslink")
        verbose_name_plural = _("Aktivierungslinks")
        ordering = ["-erstellt_am", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
