"""What the FIT-Connect subscriber keeps: one row per submission (exactly once, a small
state machine), the callbacks seen (replay), the forwardings, and the client system under
which received Anträge are recorded."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EinreichungStatus(models.TextChoices):
    GEMELDET = "gemeldet", _("gemeldet")
    ANGENOMMEN = "angenommen", _("angenommen")
    ZURUECKGEWIESEN = "zurueckgewiesen", _("zurückgewiesen")


class Einreichung(models.Model):
    """A submission of the destination: listed (gemeldet), then accepted with its Antrag
    or rejected with its problems; the SET that says so is kept until it was sent."""

    submission_id = models.UUIDField(_("Submission-ID"), unique=True)
    case_id = models.UUIDField(_("Case-ID"))
    destination_id = models.UUIDField(_("Zustellpunkt"))
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=EinreichungStatus.choices,
        default=EinreichungStatus.GEMELDET,
    )
    antrag = models.OneToOneField(
        "antraege.Antrag",
        verbose_name=_("Antrag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    onlinedienst = models.CharField(_("Onlinedienst"), max_length=300, blank=True)
    leistung_kennung = models.CharField(_("Leistung"), max_length=255, blank=True)
    absender_referenz = models.CharField(_("Referenz des Absenders"), max_length=300, blank=True)
    zustelldienst = models.CharField(_("Zustelldienst"), max_length=300, blank=True)
    probleme = models.JSONField(_("Probleme"), default=list, blank=True)
    event_token = models.TextField(blank=True, editable=False)
    event_gesendet_am = models.DateTimeField(null=True, blank=True)
    gemeldet_am = models.DateTimeField(_("gemeldet am"), auto_now_add=True)
    erledigt_am = models.DateTimeField(_("erledigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("FIT-Connect-Einreichung")
        verbose_name_plural = _("FIT-Connect-Einreichungen")
        ordering = ["-gemeldet_am"]

    def __str__(self) -> str:
        return str(self.submission_id)


class CallbackSignatur(models.Model):
    """The HMAC of every accepted callback within its 5-minute window: the same callback
    again is a replay and refused."""

    signatur = models.CharField(max_length=128, unique=True)
    zeitpunkt = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.signatur[:16]


class Kanal(models.Model):
    """The one client system (antraege) under which received Anträge are recorded."""

    clientsystem = models.OneToOneField(
        "antraege.Clientsystem", on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return "FIT-Connect"


class Weiterleitung(models.Model):
    """An Antrag sent on to the destination that is responsible (sender role)."""

    antrag = models.ForeignKey(
        "antraege.Antrag", verbose_name=_("Antrag"), on_delete=models.PROTECT, related_name="+"
    )
    destination_id = models.UUIDField(_("Zustellpunkt"))
    ziel_name = models.CharField(_("Empfänger"), max_length=300, blank=True)
    submission_id = models.UUIDField(_("Submission-ID"), unique=True)
    case_id = models.UUIDField(_("Case-ID"))
    leika_schluessel = models.CharField(max_length=14)
    regionalschluessel = models.CharField(max_length=12)
    akteur = models.CharField(max_length=200)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Weiterleitung")
        verbose_name_plural = _("Weiterleitungen")

    def __str__(self) -> str:
        return str(self.submission_id)
