"""Antrag (a submitted application), its Anlagen, status history and receipt; the files
of drafts (EntwurfAnlage).

A submitted Antrag never changes: the services offer no update and a database trigger
(migration 0002) refuses UPDATE of Antrag, Anlage, StatusEintrag and Quittung rows.
Its current status is the newest StatusEintrag.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.konten.lesezugang import Vertrauensniveau


class AntragStatus(models.TextChoices):
    EINGEGANGEN = "eingegangen", _("eingegangen")
    IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
    NACHFORDERUNG = "nachforderung", _("Unterlagen nachgefordert")
    BESCHIEDEN = "beschieden", _("beschieden")
    ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")


class Kanal(models.TextChoices):
    WEB = "web", _("Online-Formular")
    API = "api", _("Schnittstelle")


class Antrag(models.Model):
    aktenzeichen = models.CharField(_("Aktenzeichen"), max_length=20, unique=True)
    formular = models.ForeignKey(
        "formulare.Formular", verbose_name=_("Formular"), on_delete=models.PROTECT, related_name="+"
    )
    # The version as submitted, kept as text so the Antrag explains itself.
    fim_id = models.CharField(_("FIM-ID"), max_length=40)
    fim_version = models.CharField(_("FIM-Version"), max_length=40, blank=True)
    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    buerger = models.ForeignKey(
        "konten.Buerger",
        verbose_name=_("Bürgerin oder Bürger"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="antraege",
    )
    clientsystem = models.ForeignKey(
        "antraege.Clientsystem",
        verbose_name=_("Clientsystem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="antraege",
    )
    kanal = models.CharField(_("Kanal"), max_length=10, choices=Kanal.choices)
    daten = models.JSONField(_("Daten"))
    daten_sha256 = models.CharField(_("SHA-256 der Daten"), max_length=64)
    metadaten = models.JSONField(_("Metadaten (FIT-Connect)"), default=dict, blank=True)
    email = models.EmailField(_("E-Mail für die Bestätigung"), max_length=254, blank=True)
    # The level of the login it was submitted with (without a login: the Formular's).
    # Reading it again asks for at least this level (konten.lesezugang); rows from before
    # this field got their Formular's level (migration 0006).
    vertrauensniveau = models.CharField(
        _("Vertrauensniveau der Einreichung"),
        max_length=20,
        choices=Vertrauensniveau.choices,
        default=Vertrauensniveau.BASIS,
    )
    eingereicht_am = models.DateTimeField(_("eingereicht am"), db_index=True)
    idempotenzschluessel = models.CharField(_("Idempotenzschlüssel"), max_length=200, unique=True)
    anfrage_sha256 = models.CharField(_("SHA-256 der Anfrage"), max_length=64)
    # The draft it came from (no foreign key: drafts expire and are deleted).
    entwurf_ref = models.PositiveBigIntegerField(_("Entwurf"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering = ["-eingereicht_am", "-id"]
        indexes = [models.Index(fields=["buerger", "-eingereicht_am"])]

    def __str__(self) -> str:
        return self.aktenzeichen


class StatusEintrag(models.Model):
    antrag = models.ForeignKey(
        Antrag, verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="status_eintraege"
    )
    status = models.CharField(_("Status"), max_length=20, choices=AntragStatus.choices)
    zeitpunkt = models.DateTimeField(_("Zeitpunkt"))
    akteur_name = models.CharField(_("durch"), max_length=200)
    bemerkung = models.CharField(_("Bemerkung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Statuseintrag")
        verbose_name_plural = _("Statuseinträge")
        ordering = ["zeitpunkt", "id"]
        indexes = [models.Index(fields=["antrag", "-zeitpunkt", "-id"])]

    def __str__(self) -> str:
        return f"{self.antrag_id}: {self.status}"


class Anlage(models.Model):
    antrag = models.ForeignKey(
        Antrag, verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="anlagen"
    )
    nummer = models.PositiveSmallIntegerField(_("Nummer"))
    feld = models.CharField(_("Dateifeld (FIM-ID)"), max_length=40, blank=True)
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=300)
    dateiname = models.CharField(_("Dateiname"), max_length=200)
    mediatyp = models.CharField(_("Medientyp"), max_length=100)
    groesse = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Private storage name, derived from a random id, never from the uploaded name.
    speichername = models.CharField(_("Speichername"), max_length=200, unique=True)
    virenpruefung = models.CharField(_("Virenprüfung"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["antrag", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["antrag", "nummer"], name="antraege_anlage_nummer")
        ]

    def __str__(self) -> str:
        return self.dateiname


class EntwurfAnlage(models.Model):
    """A file chosen on a step of a draft: checked and stored privately when the step is
    saved; it becomes an Anlage of the Antrag when the draft is submitted (the row goes,
    the stored file is handed over). Rows of expired drafts are removed with their files
    (Löschfrist "entwurf_anlagen")."""

    # Kept when the draft expires and is deleted, so the file can be deleted too.
    entwurf = models.ForeignKey(
        "formulare.Entwurf",
        verbose_name=_("Entwurf"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feld = models.CharField(_("Dateifeld (FIM-ID)"), max_length=40)
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=300)
    dateiname = models.CharField(_("Dateiname"), max_length=200)
    mediatyp = models.CharField(_("Medientyp"), max_length=100)
    groesse = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    speichername = models.CharField(_("Speichername"), max_length=200, unique=True)
    virenpruefung = models.CharField(_("Virenprüfung"), max_length=200, blank=True)
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"))

    class Meta:
        verbose_name = _("Anlage eines Entwurfs")
        verbose_name_plural = _("Anlagen von Entwürfen")
        ordering = ["entwurf", "id"]

    def __str__(self) -> str:
        return self.dateiname


class Quittung(models.Model):
    """The receipt PDF, rendered once after submission (first render wins)."""

    antrag = models.OneToOneField(
        Antrag, verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="quittung"
    )
    speichername = models.CharField(_("Speichername"), max_length=200, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    groesse = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    erstellt_am = models.DateTimeField(_("erstellt am"))

    class Meta:
        verbose_name = _("Eingangsbestätigung")
        verbose_name_plural = _("Eingangsbestätigungen")

    def __str__(self) -> str:
        return f"Quittung {self.antrag_id}"


class Zaehler(models.Model):
    """Last reference number handed out per year; its row lock serialises allocation."""

    jahr = models.PositiveSmallIntegerField(_("Jahr"), primary_key=True)
    letzte_nummer = models.PositiveIntegerField(_("letzte Nummer"), default=0)

    class Meta:
        verbose_name = _("Aktenzeichen-Zähler")
        verbose_name_plural = _("Aktenzeichen-Zähler")

    def __str__(self) -> str:
        return f"{self.jahr}: {self.letzte_nummer}"
