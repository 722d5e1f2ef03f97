from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.models import BaseModel
from rathaus.organisation.models import Organisationseinheit

LEIKA_RE = re.compile(r"^99\d{12}$")
OZG_ID_RE = re.compile(r"^\d{5}$")


def validate_leika_schluessel(value: str) -> None:
    """LeiKa key: 14 digits starting with 99 (99 + Gruppierung + Kennung + Verrichtung ...)."""
    if not LEIKA_RE.fullmatch(value):
        raise ValidationError(
            _("Ein LeiKa-Schlüssel hat 14 Ziffern und beginnt mit 99: %(value)s"),
            code="invalid_leika",
            params={"value": value},
        )


def validate_ozg_id(value: str) -> None:
    if not OZG_ID_RE.fullmatch(value):
        raise ValidationError(
            _("Eine OZG-ID hat 5 Ziffern: %(value)s"), code="invalid_ozg", params={"value": value}
        )


class Themenfeld(BaseModel):
    quelle_id = models.PositiveIntegerField(_("ID im OZG-Katalog"), unique=True)
    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(_("Name (englisch)"), max_length=200, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lebenslage(BaseModel):
    quelle_id = models.PositiveIntegerField(_("ID im OZG-Katalog"), unique=True)
    themenfeld = models.ForeignKey(Themenfeld, on_delete=models.PROTECT, related_name="lebenslagen")
    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(_("Name (englisch)"), max_length=200, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("Lebenslage")
        verbose_name_plural = _("Lebenslagen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OzgLeistung(BaseModel):
    """An entry of the OZG-Umsetzungskatalog (5-digit OZG-ID)."""

    quelle_id = models.PositiveIntegerField(_("ID im OZG-Katalog"), unique=True)
    ozg_id = models.CharField(_("OZG-ID"), max_length=5, unique=True, validators=[validate_ozg_id])
    name = models.CharField(_("Name"), max_length=300)
    lebenslage = models.ForeignKey(
        Lebenslage, on_delete=models.PROTECT, related_name="ozg_leistungen", null=True
    )
    beschreibung = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("OZG-Leistung")
        verbose_name_plural = _("OZG-Leistungen")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.ozg_id} {self.name}"


class Ebene(models.TextChoices):
    """Administrative level in the LeiKa Typisierung."""

    BUND = "bund", _("Bund")
    # "Land" alone is the country of an address (konten); here it is the federal state.
    LAND = "land", pgettext_lazy("Verwaltungsebene", "Land")
    KOMMUNE = "kommune", _("Kommune")


@dataclass(frozen=True)
class Verwaltungsebene:
    """Who makes the rules of a Leistung and who carries it out, by its LeiKa type."""

    regelung: tuple[Ebene, ...]
    vollzug: tuple[Ebene, ...]

    @property
    def kommunal(self) -> bool:
        """Whether municipalities carry it out (so the city may be the one responsible)."""
        return Ebene.KOMMUNE in self.vollzug


# LeiKa types as the NRW OZG-Datenbank uses them: 1 Bund regelt und vollzieht; 2 Bund
# regelt, Land vollzieht; 3 Bund regelt, Kommune vollzieht; 2/3 Bund regelt, Land oder
# Kommune vollzieht; 4 Land regelt, Land oder Kommune vollzieht; 5 Kommune regelt und
# vollzieht. Other values (6, typos) are not interpreted.
_TYPEN: dict[str, tuple[tuple[Ebene, ...], tuple[Ebene, ...]]] = {
    "1": ((Ebene.BUND,), (Ebene.BUND,)),
    "2": ((Ebene.BUND,), (Ebene.LAND,)),
    "3": ((Ebene.BUND,), (Ebene.KOMMUNE,)),
    "2/3": ((Ebene.BUND,), (Ebene.LAND, Ebene.KOMMUNE)),
    "4": ((Ebene.LAND,), (Ebene.LAND, Ebene.KOMMUNE)),
    "5": ((Ebene.KOMMUNE,), (Ebene.KOMMUNE,)),
}


def verwaltungsebene_of(typisierung: str) -> Verwaltungsebene | None:
    """The levels a Typisierung such as "2/3" or "1, 2/3" names; None if any part is unknown."""
    teile = [t.strip() for t in typisierung.split(",") if t.strip()]
    if not teile or any(t not in _TYPEN for t in teile):
        return None
    regelung = {e for t in teile for e in _TYPEN[t][0]}
    vollzug = {e for t in teile for e in _TYPEN[t][1]}
    return Verwaltungsebene(
        regelung=tuple(e for e in Ebene if e in regelung),
        vollzug=tuple(e for e in Ebene if e in vollzug),
    )


class Leistung(BaseModel):
    """A service (LeiKa-Leistung) with the text modules of XZuFi."""

    quelle = models.CharField(
        _("Quelle"), max_length=100, unique=True, help_text=_("z. B. nrw-ozgdb:123 oder demo:…")
    )
    # Leistungsbezeichnung (I) of the LeiKa, noun style: "Personalausweis Ausstellung".
    name = models.CharField(_("Name"), max_length=300)
    # Leistungsbezeichnung II of XZuFi, the citizen's words: "Personalausweis beantragen".
    name_buerger = models.CharField(
        _("Leistungsbezeichnung II"),
        max_length=300,
        blank=True,
        help_text=_(
            "Bürgerfreundlicher Name, z. B. „Personalausweis beantragen“; leer: der Name "
            "aus dem Leistungskatalog"
        ),
    )
    name_en = models.CharField(_("Name (englisch)"), max_length=300, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=140, unique=True)
    leika_schluessel = models.CharField(
        _("LeiKa-Schlüssel"),
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_leika_schluessel],
    )
    # The key as the source gave it when it could not be used (missing, invalid, duplicate).
    leika_schluessel_quelle = models.CharField(
        _("LeiKa-Schlüssel laut Quelle"), max_length=50, blank=True
    )
    ozg_leistung = models.ForeignKey(
        OzgLeistung,
        verbose_name=_("OZG-Leistung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leistungen",
    )
    typisierung = models.CharField(_("Typisierung"), max_length=20, blank=True)
    rechtsgrundlagen = models.TextField(_("Rechtsgrundlagen"), blank=True)
    gesetze = models.TextField(_("Gesetze"), blank=True)

    # XZuFi text modules
    kurztext = models.TextField(_("Kurztext"), blank=True)
    kurztext_en = models.TextField(_("Kurztext (englisch)"), blank=True)
    volltext = models.TextField(_("Volltext"), blank=True)
    voraussetzungen = models.TextField(_("Voraussetzungen"), blank=True)
    unterlagen = models.TextField(_("Erforderliche Unterlagen"), blank=True)
    kosten = models.TextField(_("Kosten"), blank=True)
    verfahrensablauf = models.TextField(_("Verfahrensablauf"), blank=True)
    bearbeitungsdauer = models.TextField(_("Bearbeitungsdauer"), blank=True)
    fristen = models.TextField(_("Fristen"), blank=True)
    formulare = models.TextField(_("Formulare"), blank=True)
    hinweise = models.TextField(_("Hinweise"), blank=True)
    synonyme = models.TextField(_("Synonyme"), blank=True, help_text=_("Ein Suchbegriff je Zeile"))

    # Only what the link is: appointment booking. Whether a service can be applied for
    # online is never typed in; it follows from an active Formular (the OZG maturity is
    # decided by berichte.selectors.leistung_reifegrad, above the forms).
    termin_url = models.URLField(
        _("Terminvereinbarung"),
        blank=True,
        help_text=_("Adresse der Online-Terminbuchung für diese Leistung"),
    )
    # Yearly demand, used to list the most requested services on the home page.
    nachfrage = models.PositiveIntegerField(_("Nachfrage pro Jahr"), default=0)
    beispielinhalt = models.BooleanField(_("Beispielinhalt"), default=False)

    class Meta:
        verbose_name = _("Leistung")
        verbose_name_plural = _("Leistungen")
        ordering = ["name"]
        indexes = [models.Index(fields=["-nachfrage"])]

    def __str__(self) -> str:
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyme.splitlines() if s.strip()]

    @property
    def ist_beschrieben(self) -> bool:
        return bool(self.kurztext or self.volltext)

    @property
    def anzeigename(self) -> str:
        """The German name citizens see: Leistungsbezeichnung II where set, else the LeiKa name."""
        return self.name_buerger or self.name

    @property
    def verwaltungsebene(self) -> Verwaltungsebene | None:
        return verwaltungsebene_of(self.typisierung)


class Gebuehr(models.Model):
    leistung = models.ForeignKey(Leistung, on_delete=models.CASCADE, related_name="gebuehren")
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=300)
    betrag = models.DecimalField(
        _("Betrag (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    betrag_bis = models.DecimalField(
        _("bis (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    hinweis = models.CharField(_("Hinweis"), max_length=300, blank=True)
    reihenfolge = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Gebühr")
        verbose_name_plural = _("Gebühren")
        ordering = ["reihenfolge", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(betrag__isnull=True)
                | models.Q(betrag_bis__isnull=True)
                | models.Q(betrag__lte=models.F("betrag_bis")),
                name="gebuehr_spanne_gueltig",
            )
        ]

    def __str__(self) -> str:
        return self.bezeichnung


class Zustaendigkeit(BaseModel):
    """Which office provides a Leistung for which area (AGS)."""

    leistung = models.ForeignKey(
        Leistung, on_delete=models.CASCADE, related_name="zustaendigkeiten"
    )
    organisationseinheit = models.ForeignKey(
        Organisationseinheit, on_delete=models.PROTECT, related_name="zustaendigkeiten"
    )
    gebiet_ags = models.CharField(_("Gebiet (AGS)"), max_length=8, default="13073088")
    hinweis = models.CharField(_("Hinweis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        constraints = [
            models.UniqueConstraint(
                fields=["leistung", "organisationseinheit", "gebiet_ags"],
                name="zustaendigkeit_eindeutig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.leistung} – {self.organisationseinheit}"


class Synonym(models.Model):
    """Maintained synonym table for search: a citizen's word → the administration's word."""

    begriff = models.CharField(_("Begriff"), max_length=100, unique=True)
    ersetzung = models.CharField(_("Suchwort"), max_length=200)

    class Meta:
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")
        ordering = ["begriff"]

    def __str__(self) -> str:
        return f"{self.begriff} → {self.ersetzung}"


class Suchindex(models.Model):
    """Folded search text of one Leistung; the full-text indexes are built on top of it.

    SQLite: the FTS5 tables `katalog_suchindex_fts` (stemmed words) and
    `katalog_suchindex_tri` (trigrams) are filled by `search.suchindex_update`.
    PostgreSQL: a generated `vektor` tsvector column (german configuration) and a pg_trgm
    index live on this table; both are created by migration 0002.
    """

    leistung = models.OneToOneField(
        Leistung, primary_key=True, on_delete=models.CASCADE, related_name="suchindex"
    )
    name = models.TextField()
    synonyme = models.TextField(blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Suchindex")
        verbose_name_plural = _("Suchindex")

    def __str__(self) -> str:
        return self.name
