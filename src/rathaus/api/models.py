"""Personal API tokens of staff members (integrations acting as that person)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel

# Scopes of a personal token, named like those of the client systems ("antraege:einreichen"):
# the area, then what may be done there. Reading is every safe method (GET, HEAD, OPTIONS),
# writing every other one; writing includes reading (a write answers with data).
SCOPE_LESEN = "verfahren:lesen"
SCOPE_SCHREIBEN = "verfahren:schreiben"
SCOPES = (SCOPE_LESEN, SCOPE_SCHREIBEN)


def scopes_standard() -> list[str]:
    """A new token reads only; writing is granted explicitly."""
    return [SCOPE_LESEN]


class ApiToken(BaseModel):
    """A personal token: requests with it act as `user`, with exactly that user's rights.

    Only the SHA-256 of the token is stored; the token itself is shown once when created.
    A token expires at `gueltig_bis` and can be revoked earlier. Its `scopes` limit what
    it may do on top of the user's rights: read (`verfahren:lesen`) or also write
    (`verfahren:schreiben`); the workspace session is not limited by scopes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    token_praefix = models.CharField(_("Token-Präfix"), max_length=12, editable=False)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    gueltig_bis = models.DateTimeField(_("gültig bis"))
    scopes = models.JSONField(
        _("Berechtigungen"),
        default=scopes_standard,
        help_text=_("verfahren:lesen (GET, HEAD, OPTIONS), verfahren:schreiben (alle anderen)"),
    )
    widerrufen_am = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    zuletzt_benutzt_am = models.DateTimeField(_("zuletzt benutzt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-erstellt_am", "-id"]

    def __str__(self) -> str:
        return f"{self.token_praefix}… ({self.name})"
