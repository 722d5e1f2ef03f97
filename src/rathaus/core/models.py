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

    zeitpunkt = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
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

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-zeitpunkt", "-id"]
        indexes = [models.Index(fields=["objekt_typ", "objekt_id"])]

    def __str__(self) -> str:
        return f"{self.zeitpunkt:%Y-%m-%d %H:%M} {self.akteur_name}: {self.aktion}"
