"""The outbox (work for consumers outside the submitting transaction) and API clients."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outbox(models.Model):
    """One delivery of one message to one consumer, written in the transaction of its cause.

    The worker delivers a row inside a transaction that holds the row's lock and sets
    ``delivered_at`` in the same transaction as the consumer's database effects, so a row
    is handed over exactly once even if a worker dies mid-way.
    """

    topic = models.CharField(_("Thema"), max_length=100)
    key = models.CharField(_("Schlüssel"), max_length=100)
    empfaenger = models.CharField(_("Empfänger (Handler)"), max_length=50)
    payload = models.JSONField(_("Nutzdaten"), default=dict, blank=True)
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"))
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Outbox-Eintrag")
        verbose_name_plural = _("Outbox")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "key", "empfaenger"], name="antraege_outbox_einmal"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="antraege_outbox_faellig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key} → {self.empfaenger}"


class OutboxTakt(models.Model):
    """When the next periodic sweep is planned (one row), so only one chain of sweeps runs."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    geplant_fuer = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Outbox-Takt")
        verbose_name_plural = _("Outbox-Takt")

    def __str__(self) -> str:
        return f"Sweep {self.geplant_fuer}"


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
