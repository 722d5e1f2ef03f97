"""Formular (a published, immutable form version from a FIM schema) and Entwurf (a draft)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel

ENTWURF_GUELTIGKEIT = timedelta(days=30)


class Vertrauensniveau(models.TextChoices):
    BASIS = "basis", _("basis")
    SUBSTANTIELL = "substantiell", _("substantiell")
    HOCH = "hoch", _("hoch")


class Formular(BaseModel):
    """One version of a form, built from a FIM Stammdatenschema.

    A published version never changes: the services refuse every update, and a second
    import of the same (fim_id, fim_version) is a no-op with the same file or an error
    with a different one. A new FIM version is added beside the old ones.
    """

    fim_id = models.CharField(_("FIM-ID"), max_length=40)
    fim_version = models.CharField(_("FIM-Version"), max_length=40, blank=True)
    name = models.CharField(_("Name"), max_length=500)
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=500, blank=True)
    xdf_version = models.CharField(_("XDatenfelder-Version"), max_length=10)
    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fim_formulare",
    )
    vertrauensniveau = models.CharField(
        _("erforderliches Vertrauensniveau"),
        max_length=20,
        choices=Vertrauensniveau.choices,
        default=Vertrauensniveau.BASIS,
    )
    quelle_sha256 = models.CharField(_("SHA-256 der Quelldatei"), max_length=64)
    # The parsed schema (formulare.struktur): everything the renderer and the rules need.
    struktur = models.JSONField(_("Struktur"))
    json_schema = models.JSONField(_("JSON Schema"))
    regeln = models.JSONField(_("Regeln (AST)"))
    hinweise = models.TextField(_("Hinweise (nicht ausführbare Regeln)"), blank=True)
    regeln_gesamt = models.PositiveIntegerField(_("Regeln gesamt"), default=0)
    regeln_ausfuehrbar = models.PositiveIntegerField(_("Regeln ausführbar"), default=0)
    veroeffentlicht_am = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Formular")
        verbose_name_plural = _("Formulare")
        ordering = ["fim_id", "-veroeffentlicht_am", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["fim_id", "fim_version"], name="formular_fim_version")
        ]

    def __str__(self) -> str:
        return f"{self.bezeichnung or self.name} ({self.fim_id} {self.fim_version})"

    @property
    def titel(self) -> str:
        return self.bezeichnung or self.name


def _ablauf() -> datetime:
    return timezone.now() + ENTWURF_GUELTIGKEIT


class Entwurf(BaseModel):
    """The answers of a citizen to a Formular so far, saved at every step.

    An anonymous draft is resumed through a signed link (``entwurf_link``); a draft of a
    logged-in citizen belongs to that Buerger. Drafts expire 30 days after the last save.
    The antraege app turns a complete draft into an Antrag.
    """

    formular = models.ForeignKey(
        Formular, verbose_name=_("Formular"), on_delete=models.PROTECT, related_name="entwuerfe"
    )
    buerger = models.ForeignKey(
        "konten.Buerger",
        verbose_name=_("Bürgerin oder Bürger"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="entwuerfe",
    )
    daten = models.JSONField(_("Daten"), default=dict, blank=True)
    # What a citizen's draft took from the identity when it was created, and for which
    # steps that still applies (see formulare.vorbefuellt.Vorbefuellt).
    vorbefuellung = models.JSONField(_("aus dem Nutzerkonto übernommen"), default=dict, blank=True)
    # Random secret bound into the signed resume link; a new one revokes older links.
    token = models.CharField(_("Token"), max_length=64)
    aktueller_schritt = models.PositiveSmallIntegerField(_("aktueller Schritt"), default=1)
    laeuft_ab_am = models.DateTimeField(_("läuft ab am"), default=_ablauf)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        ordering = ["-geaendert_am"]
        indexes = [models.Index(fields=["laeuft_ab_am"])]

    def __str__(self) -> str:
        return f"Entwurf {self.pk} ({self.formular.fim_id})"

    @property
    def abgelaufen(self) -> bool:
        return self.laeuft_ab_am <= timezone.now()
