from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel

validate_kennzeichen = RegexValidator(
    r"^\d{1,4}(\.\d{1,4}){0,7}$",
    _("Ein Aktenplankennzeichen besteht aus Zahlen, getrennt durch Punkte, z. B. 32.10.05."),
)


class Aussonderungsart(models.TextChoices):
    """xdomea code list Aussonderungsart 1.0."""

    ARCHIVWUERDIG = "A", _("archivwürdig")
    VERNICHTEN = "V", _("vernichten")
    BEWERTEN = "B", _("bewerten")


class Aktenplaneinheit(BaseModel):
    """A position of the Aktenplan (file plan), e.g. 32.10.05; a tree.

    Its retention defaults are copied into each Akte created under it; the Akte keeps
    its own copy so a later change of the plan does not rewrite closed files.
    `letzte_ordnungsnummer` is the counter for the Aktenzeichen; `akte_create` locks
    this row to allocate the next number.
    """

    kennzeichen = models.CharField(
        _("Kennzeichen"), max_length=40, unique=True, validators=[validate_kennzeichen]
    )
    titel = models.CharField(_("Titel"), max_length=300)
    uebergeordnet = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnete Position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="untereinheiten",
    )
    gueltig_ab = models.DateField(_("gültig ab"), null=True, blank=True)
    gueltig_bis = models.DateField(_("gültig bis"), null=True, blank=True)
    stillgelegt = models.BooleanField(_("stillgelegt"), default=False)
    aufbewahrungsdauer_jahre = models.PositiveSmallIntegerField(
        _("Aufbewahrungsdauer (Jahre)"),
        null=True,
        blank=True,
        help_text=_("leer: unbefristet aufbewahren"),
    )
    aussonderungsart = models.CharField(
        _("Aussonderungsart"),
        max_length=1,
        choices=Aussonderungsart.choices,
        default=Aussonderungsart.BEWERTEN,
    )
    letzte_ordnungsnummer = models.PositiveIntegerField(
        _("zuletzt vergebene Ordnungsnummer"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("Aktenplaneinheit")
        verbose_name_plural = _("Aktenplan")
        ordering = ["kennzeichen"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gueltig_bis__isnull=True)
                | models.Q(gueltig_ab__isnull=True)
                | models.Q(gueltig_ab__lte=models.F("gueltig_bis")),
                name="akten_aktenplan_gueltigkeit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kennzeichen} {self.titel}"


class AktenplanZuordnung(models.Model):
    """Where the Vorgänge of a Leistung's Verfahren are filed.

    Lives in akten because katalog must not depend on akten.
    """

    class Aktenbildung(models.TextChoices):
        EINZELFALL = "einzelfall", _("eine Akte je Verfahren")
        JAHRESSAMMELAKTE = "jahressammelakte", _("eine Sammelakte je Jahr")

    leistung = models.OneToOneField(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        on_delete=models.CASCADE,
        related_name="aktenplan_zuordnung",
    )
    aktenplaneinheit = models.ForeignKey(
        Aktenplaneinheit,
        verbose_name=_("Aktenplaneinheit"),
        on_delete=models.PROTECT,
        related_name="zuordnungen",
    )
    aktenbildung = models.CharField(
        _("Aktenbildung"),
        max_length=20,
        choices=Aktenbildung.choices,
        default=Aktenbildung.EINZELFALL,
    )

    class Meta:
        verbose_name = _("Aktenplan-Zuordnung")
        verbose_name_plural = _("Aktenplan-Zuordnungen")

    def __str__(self) -> str:
        return f"{self.leistung_id} → {self.aktenplaneinheit_id}"
