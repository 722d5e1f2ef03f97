from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Common fields of every domain entity."""

    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class Protokoll(models.Model):
    """Audit log: who did what to which object, written in the same transaction as the change.

    Rows are only ever inserted; the services offer no update or delete.
    """

    zeitpunkt = models.DateTimeField(_("Zeitpunkt"), db_index=True)
    akteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Akteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the entry stays meaningful if the account is deleted.
    akteur_name = models.CharField(_("Akteur (Name)"), max_length=200)
    aktion = models.CharField(_("Aktion"), max_length=100, db_index=True)
    objekt_typ = models.CharField(_("Objekttyp"), max_length=100)
    objekt_id = models.CharField(_("Objekt-ID"), max_length=64)
    objekt_bezeichnung = models.CharField(_("Objekt"), max_length=300)
    details = models.JSONField(_("Details"), default=dict, blank=True)
    # Hash chain: each entry carries the hash of its predecessor, so a changed or deleted
    # entry breaks the chain (`rathaus verify_protocol`).
    vorgaenger_hash = models.CharField(_("Hash des Vorgängers"), max_length=64, default="")
    hash = models.CharField(_("Hash"), max_length=64, default="", db_index=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-zeitpunkt", "-id"]
        indexes = [models.Index(fields=["objekt_typ", "objekt_id"])]

    def __str__(self) -> str:
        return f"{self.zeitpunkt:%Y-%m-%d %H:%M} {self.akteur_name}: {self.aktion}"


class ProtokollKette(models.Model):
    """Head of the Protokoll hash chain: one row, locked by every writer.

    The lock serialises writers so the chain never forks; the head's count and hash also
    reveal a deleted last entry.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    letzter_hash = models.CharField(max_length=64, default="")
    anzahl = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Protokollkette")
        verbose_name_plural = _("Protokollkette")

    def __str__(self) -> str:
        return f"{self.anzahl} Einträge, {self.letzter_hash[:12]}…"


class Outbox(models.Model):
    """One delivery of one message to one consumer, written in the transaction of its cause.

    The worker delivers a row inside a transaction that holds the row's lock and sets
    ``delivered_at`` in the same transaction as the consumer's database effects, so a row
    is handed over exactly once even if a worker dies mid-way (`rathaus.core.outbox`).
    """

    topic = models.CharField(_("Thema"), max_length=100)
    key = models.CharField(_("Schlüssel"), max_length=100)
    consumer = models.CharField(_("Empfänger (Handler)"), max_length=50)
    payload = models.JSONField(_("Nutzdaten"), default=dict, blank=True)
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"))
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)
    # Given up after the most attempts: no longer tried until an administrator retries it.
    dead_letter_at = models.DateTimeField(_("aufgegeben am"), null=True, blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Outbox-Eintrag")
        verbose_name_plural = _("Outbox")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "key", "consumer"], name="core_outbox_einmal")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="core_outbox_faellig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key} → {self.consumer}"


class Zeitplan(models.Model):
    """When the next run of one periodic job is planned (`rathaus.core.periodic`): one row
    per job, locked while planning, so only one chain of runs exists per job."""

    name = models.CharField(max_length=100, primary_key=True)
    geplant_fuer = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Zeitplan")
        verbose_name_plural = _("Zeitpläne")

    def __str__(self) -> str:
        return f"{self.name}: {self.geplant_fuer}"
