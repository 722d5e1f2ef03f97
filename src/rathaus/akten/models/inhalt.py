from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .schriftgut import Anlage, Dokument


class Blob(models.Model):
    """Content stored once per SHA-256 in Django's default storage (local or S3)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, primary_key=True)
    groesse = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    speichername = models.CharField(_("Speichername"), max_length=200, unique=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Inhalt")
        verbose_name_plural = _("Inhalte")

    def __str__(self) -> str:
        return self.sha256


class Version(models.Model):
    """One immutable version of a Dokument or of an Anlage (never updated, see migration 0002)."""

    dokument = models.ForeignKey(
        Dokument,
        verbose_name=_("Dokument"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="versionen",
    )
    anlage = models.ForeignKey(
        Anlage,
        verbose_name=_("Anlage"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="versionen",
    )
    nummer = models.PositiveIntegerField(_("Nummer"))
    blob = models.ForeignKey(
        Blob,
        verbose_name=_("Inhalt"),
        db_column="sha256",
        on_delete=models.PROTECT,
        related_name="versionen",
    )
    groesse = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    mediatyp = models.CharField(_("Medientyp"), max_length=100)
    dateiname = models.CharField(_("Dateiname"), max_length=255)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    erstellt_am = models.DateTimeField(_("erstellt am"))

    class Meta:
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        ordering = ["nummer"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dokument__isnull=False, anlage__isnull=True)
                | models.Q(dokument__isnull=True, anlage__isnull=False),
                name="akten_version_dokument_oder_anlage",
            ),
            models.UniqueConstraint(fields=["dokument", "nummer"], name="akten_version_dokument"),
            models.UniqueConstraint(fields=["anlage", "nummer"], name="akten_version_anlage"),
        ]

    def __str__(self) -> str:
        return f"{self.dateiname} v{self.nummer}"

    @property
    def sha256(self) -> str:
        return self.blob_id


class Volltext(models.Model):
    """Text of a Version for the full-text search; derived, so not frozen by zdA."""

    class Status(models.TextChoices):
        EXTRAHIERT = "extrahiert", _("Text extrahiert")
        OCR_AUSSTEHEND = "ocr_ausstehend", _("Texterkennung ausstehend")
        OCR_NICHT_VERFUEGBAR = "ocr_nicht_verfuegbar", _("Texterkennung nicht verfügbar")
        NICHT_UNTERSTUETZT = "nicht_unterstuetzt", _("Format ohne Textauszug")
        FEHLER = "fehler", _("Fehler")

    version = models.OneToOneField(
        Version, primary_key=True, on_delete=models.CASCADE, related_name="volltext"
    )
    status = models.CharField(_("Status"), max_length=25, choices=Status.choices)
    methode = models.CharField(_("Methode"), max_length=20, blank=True)
    text = models.TextField(_("Text"), blank=True)
    meldung = models.CharField(_("Meldung"), max_length=500, blank=True)
    aktualisiert_am = models.DateTimeField(_("aktualisiert am"), auto_now=True)

    class Meta:
        verbose_name = _("Volltext")
        verbose_name_plural = _("Volltexte")

    def __str__(self) -> str:
        return f"{self.version_id}: {self.status}"


class Suchindex(models.Model):
    """One row per Dokument: metadata and text for the German full-text search.

    SQLite mirrors it in the FTS5 table akten_suchindex_fts (stemmed words), PostgreSQL
    adds a generated `german` tsvector column with a GIN index (migration 0002).
    """

    dokument = models.OneToOneField(
        Dokument, primary_key=True, on_delete=models.CASCADE, related_name="suchindex"
    )
    metadaten = models.TextField(blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Suchindex")
        verbose_name_plural = _("Suchindex")

    def __str__(self) -> str:
        return str(self.dokument_id)
