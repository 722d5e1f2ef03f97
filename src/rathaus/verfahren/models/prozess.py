from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Prozessmodell(BaseModel):
    """One version of a BPMN 2.0 process model, for one Leistung or (leistung NULL) the default.

    Versions are only added, never changed: a running Verfahren keeps the version it
    started with. `metadaten` is what validation compiled from the XML (role and kind of
    every user task, topic of every service task), so the engine never re-reads the XML.
    """

    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prozessmodelle",
        help_text=_("leer: Standardmodell für alle Leistungen ohne eigenes Modell"),
    )
    version = models.PositiveIntegerField(_("Version"))
    name = models.CharField(_("Name"), max_length=200)
    prozess_id = models.CharField(_("Prozess-ID (BPMN)"), max_length=200)
    bpmn_xml = models.TextField(_("BPMN 2.0 (XML)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    metadaten = models.JSONField(_("Metadaten"), default=dict)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"))

    class Meta:
        verbose_name = _("Prozessmodell")
        verbose_name_plural = _("Prozessmodelle")
        ordering = ["leistung_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["leistung", "version"],
                condition=Q(leistung__isnull=False),
                name="prozessmodell_version_je_leistung",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(leistung__isnull=True),
                name="prozessmodell_version_standard",
            ),
            models.UniqueConstraint(
                fields=["leistung"],
                condition=Q(aktiv=True, leistung__isnull=False),
                name="prozessmodell_ein_aktives_je_leistung",
            ),
            models.UniqueConstraint(
                fields=["aktiv"],
                condition=Q(aktiv=True, leistung__isnull=True),
                name="prozessmodell_ein_aktives_standard",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Fristregel(BaseModel):
    """Deadlines of a Leistung: the statutory one (e.g. Genehmigungsfiktion, § 42a VwVfG:
    three months) and the default period a citizen gets to send missing documents."""

    leistung = models.OneToOneField(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        on_delete=models.CASCADE,
        related_name="fristregel",
    )
    gesetzliche_frist_monate = models.PositiveSmallIntegerField(
        _("gesetzliche Frist (Monate)"), null=True, blank=True
    )
    gesetzliche_frist_bezeichnung = models.CharField(
        _("Bezeichnung der gesetzlichen Frist"),
        max_length=200,
        blank=True,
        default="Genehmigungsfiktion (§ 42a VwVfG)",
    )
    warnung_tage = models.PositiveSmallIntegerField(_("Warnung Tage vorher"), default=14)
    nachforderung_tage = models.PositiveSmallIntegerField(
        _("Frist für Nachforderungen (Tage)"), default=14
    )
    bearbeitung_tage = models.PositiveSmallIntegerField(
        _("Bearbeitungszeit je Aufgabe (Tage)"), default=5
    )

    class Meta:
        verbose_name = _("Fristregel")
        verbose_name_plural = _("Fristregeln")

    def __str__(self) -> str:
        return f"{self.leistung_id}: {self.gesetzliche_frist_monate or '–'} Monate"
