"""The Bescheid: text templates per Leistung and the issued decision documents.

A BescheidVorlage holds plain text with placeholders (see verfahren/bescheid/platzhalter.py);
the services check every placeholder when a Vorlage is saved. A Bescheid records one
decision document: its PDF lives in the E-Akte (an outgoing Dokument of the Verfahren's
Vorgang), the row keeps its hash and the dates that matter in administrative law.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel

from .verfahren import Verfahren


class BescheidVorlage(BaseModel):
    """The wording of a Bescheid for one Leistung or (leistung NULL) the default for all.

    Written only through `bescheidvorlage_create/update`; `version` counts the changes
    (a Bescheid records the version it was made from).
    """

    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bescheidvorlagen",
        help_text=_("leer: Standardvorlage für alle Leistungen ohne eigene Vorlage"),
    )
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=200)
    text_bewilligt = models.TextField(
        _("Text bei Bewilligung"),
        help_text=_("Der verfügende Teil, wenn dem Antrag stattgegeben wird."),
    )
    text_abgelehnt = models.TextField(
        _("Text bei Ablehnung"),
        help_text=_("Der verfügende Teil, wenn der Antrag abgelehnt wird."),
    )
    text_gebuehr = models.TextField(
        _("Gebühren"),
        blank=True,
        help_text=_("Optional: Festsetzung der Gebühren, z. B. mit {{gebuehr}}."),
    )
    rechtsbehelfsbelehrung = models.TextField(_("Rechtsbehelfsbelehrung"))
    aktiv = models.BooleanField(_("aktiv"), default=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    class Meta:
        verbose_name = _("Bescheidvorlage")
        verbose_name_plural = _("Bescheidvorlagen")
        ordering = ["leistung_id", "bezeichnung", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["leistung"],
                condition=Q(aktiv=True, leistung__isnull=False),
                name="bescheidvorlage_eine_aktive_je_leistung",
            ),
            models.UniqueConstraint(
                fields=["aktiv"],
                condition=Q(aktiv=True, leistung__isnull=True),
                name="bescheidvorlage_eine_aktive_standard",
            ),
            # A Bescheid without Rechtsbehelfsbelehrung lets the period for an appeal run
            # for a year (§ 58 Abs. 2 VwGO): never empty, also not by a direct write.
            models.CheckConstraint(
                condition=~Q(rechtsbehelfsbelehrung=""),
                name="bescheidvorlage_rechtsbehelfsbelehrung_nicht_leer",
            ),
        ]

    def __str__(self) -> str:
        return self.bezeichnung


class Bescheid(BaseModel):
    """One issued decision document of a Verfahren (the PDF is in the E-Akte).

    `erstellt_am` (BaseModel) is when it was made; `bereitgestellt_am` when it was put
    into the citizen's Postfach, `bekanntgabe_am` the day it counts as notified,
    `abgerufen_am` the citizen's first download.
    """

    class Versand(models.TextChoices):
        POSTFACH = "postfach", _("Postfach des Bürgerkontos")
        POST = "post", _("Postversand")

    verfahren = models.ForeignKey(
        Verfahren, verbose_name=_("Verfahren"), on_delete=models.PROTECT, related_name="bescheide"
    )
    entscheidung = models.CharField(
        _("Entscheidung"), max_length=20, choices=Verfahren.Entscheidung.choices
    )
    vorlage = models.ForeignKey(
        BescheidVorlage,
        verbose_name=_("Vorlage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bescheide",
    )
    vorlage_version = models.PositiveIntegerField(_("Version der Vorlage"), null=True, blank=True)
    # The E-Akte keeps the document; after an Aussonderung the row keeps the hash as proof.
    dokument = models.ForeignKey(
        "akten.Dokument",
        verbose_name=_("Dokument (E-Akte)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sha256 = models.CharField(_("SHA-256 des PDF"), max_length=64)
    dateiname = models.CharField(_("Dateiname"), max_length=255)
    pdf_variante = models.CharField(
        _("PDF-Variante"), max_length=20, blank=True, help_text=_("z. B. pdf/a-3b; leer: PDF")
    )
    gezeichnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gezeichnet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gezeichnet_von_name = models.CharField(_("gezeichnet von (Name)"), max_length=200)
    mitgezeichnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mitgezeichnet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mitgezeichnet_von_name = models.CharField(
        _("mitgezeichnet von (Name)"), max_length=200, blank=True
    )
    versand = models.CharField(_("Versand"), max_length=10, choices=Versand.choices, blank=True)
    bereitgestellt_am = models.DateTimeField(_("bereitgestellt am"), null=True, blank=True)
    bekanntgabe_am = models.DateField(_("gilt als bekannt gegeben am"), null=True, blank=True)
    abgerufen_am = models.DateTimeField(_("abgerufen am"), null=True, blank=True)
    postfachnachricht = models.OneToOneField(
        "konten.Postfachnachricht",
        verbose_name=_("Postfachnachricht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bescheid",
    )

    class Meta:
        verbose_name = _("Bescheid")
        verbose_name_plural = _("Bescheide")
        ordering = ["-erstellt_am", "-id"]

    def __str__(self) -> str:
        return f"{self.verfahren_id}: {self.get_entscheidung_display()} ({self.dateiname})"
