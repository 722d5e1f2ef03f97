from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel

from .aktenplan import Aktenplaneinheit, Aussonderungsart


class Vertraulichkeitsstufe(models.TextChoices):
    """xdomea code list Vertraulichkeitsstufe 1.0."""

    GEHEIM = "001", _("geheim")
    NFD = "002", _("nur für den Dienstgebrauch")
    OFFEN = "003", _("offen")
    STRENG_GEHEIM = "004", _("streng geheim")
    VERTRAULICH = "005", _("vertraulich")


class Akte(BaseModel):
    """A file (xdomea Akte): Aktenzeichen = Aktenplankennzeichen "/" Ordnungsnummer.

    zdA ("zu den Akten") freezes its content; `aufbewahrung_bis` is then the last day
    of the retention period, see `services.akten.aufbewahrung_bis`.
    """

    aktenzeichen = models.CharField(_("Aktenzeichen"), max_length=60, unique=True)
    aktenplaneinheit = models.ForeignKey(
        Aktenplaneinheit,
        verbose_name=_("Aktenplaneinheit"),
        on_delete=models.PROTECT,
        related_name="akten",
    )
    ordnungsnummer = models.PositiveIntegerField(_("Ordnungsnummer"))
    betreff = models.CharField(_("Betreff"), max_length=500)
    laufzeit_beginn = models.DateField(_("Laufzeit Beginn"))
    laufzeit_ende = models.DateField(_("Laufzeit Ende"), null=True, blank=True)
    federfuehrend = models.ForeignKey(
        "organisation.Organisationseinheit",
        verbose_name=_("federführende Organisationseinheit"),
        on_delete=models.PROTECT,
        related_name="akten_federfuehrend",
    )
    geteilt_mit = models.ManyToManyField(
        "organisation.Organisationseinheit",
        verbose_name=_("mitbearbeitende Organisationseinheiten"),
        blank=True,
        related_name="akten_geteilt",
    )
    vertraulichkeitsstufe = models.CharField(
        _("Vertraulichkeitsstufe"),
        max_length=3,
        choices=Vertraulichkeitsstufe.choices,
        default=Vertraulichkeitsstufe.OFFEN,
    )
    aufbewahrungsdauer_jahre = models.PositiveSmallIntegerField(
        _("Aufbewahrungsdauer (Jahre)"), null=True, blank=True
    )
    aussonderungsart = models.CharField(
        _("Aussonderungsart"), max_length=1, choices=Aussonderungsart.choices
    )
    zda_am = models.DateTimeField(_("zdA verfügt am"), null=True, blank=True, db_index=True)
    aufbewahrung_bis = models.DateField(
        _("aufzubewahren bis"), null=True, blank=True, db_index=True
    )
    ausgesondert_am = models.DateTimeField(_("ausgesondert am"), null=True, blank=True)
    letzte_vorgangsnummer = models.PositiveIntegerField(default=0, editable=False)
    # Set on the yearly collective Akte of a Leistung ("leistung:<pk>:<year>:<oe pk>").
    sammelakte_schluessel = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        verbose_name = _("Akte")
        verbose_name_plural = _("Akten")
        ordering = ["aktenplaneinheit__kennzeichen", "ordnungsnummer"]
        permissions = [("reopen_akte", _("Akten und Vorgänge nach zdA wieder öffnen"))]
        constraints = [
            models.UniqueConstraint(
                fields=["aktenplaneinheit", "ordnungsnummer"], name="akten_akte_ordnungsnummer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.aktenzeichen} {self.betreff}"

    @property
    def geschlossen(self) -> bool:
        return self.zda_am is not None


class Vorgang(BaseModel):
    """A matter inside an Akte (xdomea Vorgang), e.g. one Verfahren."""

    akte = models.ForeignKey(
        Akte, verbose_name=_("Akte"), on_delete=models.PROTECT, related_name="vorgaenge"
    )
    nummer = models.PositiveIntegerField(_("Nummer"))
    betreff = models.CharField(_("Betreff"), max_length=500)
    # Free text so the back office (verfahren) can link later without a dependency here.
    verfahren_ref = models.CharField(
        _("Verfahrensreferenz"), max_length=100, blank=True, db_index=True
    )
    zda_am = models.DateTimeField(_("zdA verfügt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        ordering = ["akte", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["akte", "nummer"], name="akten_vorgang_nummer")
        ]

    def __str__(self) -> str:
        return f"{self.kennzeichen} {self.betreff}"

    @property
    def kennzeichen(self) -> str:
        return f"{self.akte.aktenzeichen}-{self.nummer}"


class Dokument(BaseModel):
    """A document in a Vorgang (xdomea Dokument); its content is in its Versionen."""

    class Art(models.TextChoices):
        EINGANG = "eingang", _("Eingang")
        AUSGANG = "ausgang", _("Ausgang")
        INTERN = "intern", _("intern")

    vorgang = models.ForeignKey(
        Vorgang, verbose_name=_("Vorgang"), on_delete=models.PROTECT, related_name="dokumente"
    )
    art = models.CharField(_("Art"), max_length=10, choices=Art.choices)
    betreff = models.CharField(_("Betreff"), max_length=500)
    posteingangsdatum = models.DateField(_("Posteingangsdatum"), null=True, blank=True)
    postausgangsdatum = models.DateField(_("Postausgangsdatum"), null=True, blank=True)
    absender = models.CharField(_("Absender"), max_length=300, blank=True)
    empfaenger = models.CharField(_("Empfänger"), max_length=300, blank=True)
    personenbezogen = models.BooleanField(_("enthält personenbezogene Daten"), default=False)
    # Text id of a citizen (konten), for the Art. 15 DSGVO Auskunft; no FK on purpose.
    person_ref = models.CharField(_("Personenreferenz"), max_length=100, blank=True, db_index=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["vorgang", "erstellt_am", "id"]

    def __str__(self) -> str:
        return self.betreff


class Anlage(BaseModel):
    """An attachment of a Dokument; like xdomea's Anlage it has its own Versionen."""

    dokument = models.ForeignKey(
        Dokument, verbose_name=_("Dokument"), on_delete=models.CASCADE, related_name="anlagen"
    )
    nummer = models.PositiveIntegerField(_("Nummer"))
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=300)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["dokument", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["dokument", "nummer"], name="akten_anlage_nummer")
        ]

    def __str__(self) -> str:
        return self.bezeichnung
