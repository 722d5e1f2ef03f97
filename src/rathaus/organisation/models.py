from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Standort(BaseModel):
    """A building where an office receives visitors."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    strasse = models.CharField(_("Straße und Hausnummer"), max_length=200)
    plz = models.CharField(_("PLZ"), max_length=5)
    ort = models.CharField(_("Ort"), max_length=100, default="Stralsund")
    telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    # Accessibility of the building, as people with disabilities need to know it beforehand.
    stufenloser_zugang = models.BooleanField(_("stufenloser Zugang"), default=False)
    aufzug = models.BooleanField(_("Aufzug"), default=False)
    barrierefreies_wc = models.BooleanField(_("barrierefreies WC"), default=False)
    behindertenparkplatz = models.BooleanField(_("Behindertenparkplatz"), default=False)
    barrierefreiheit_hinweis = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    anfahrt = models.TextField(_("Anfahrt (ÖPNV, Parken)"), blank=True)

    class Meta:
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.strasse}"


class Organisationseinheit(BaseModel):
    """Stadtverwaltung → Amt → Abteilung (→ Sachgebiet)."""

    class Art(models.TextChoices):
        VERWALTUNG = "verwaltung", _("Stadtverwaltung")
        AMT = "amt", _("Amt")
        ABTEILUNG = "abteilung", _("Abteilung")
        SACHGEBIET = "sachgebiet", _("Sachgebiet")
        EINRICHTUNG = "einrichtung", _("Einrichtung")

    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(_("Name (englisch)"), max_length=200, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices)
    uebergeordnet = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnete Einheit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="untereinheiten",
    )
    standort = models.ForeignKey(
        Standort,
        verbose_name=_("Standort"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisationseinheiten",
    )
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    raum = models.CharField(_("Raum"), max_length=100, blank=True)
    nur_mit_termin = models.BooleanField(_("Besuch nur mit Termin"), default=False)
    termin_hinweis = models.TextField(_("Hinweis zur Terminvereinbarung"), blank=True)
    # The portal names it where it knows no responsible office (an undescribed Leistung).
    erste_anlaufstelle = models.BooleanField(
        _("Erste Anlaufstelle für Fragen"),
        default=False,
        help_text=_(
            "Wird bei Leistungen ohne zuständige Stelle als Ansprechpartner genannt; "
            "höchstens eine Einheit."
        ),
    )
    beispielinhalt = models.BooleanField(_("Beispielinhalt"), default=False)

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["erste_anlaufstelle"],
                condition=models.Q(erste_anlaufstelle=True),
                name="eine_erste_anlaufstelle",
                violation_error_message=_("Es gibt schon eine erste Anlaufstelle für Fragen."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Wochentag(models.IntegerChoices):
    MONTAG = 0, _("Montag")
    DIENSTAG = 1, _("Dienstag")
    MITTWOCH = 2, _("Mittwoch")
    DONNERSTAG = 3, _("Donnerstag")
    FREITAG = 4, _("Freitag")
    SAMSTAG = 5, _("Samstag")
    SONNTAG = 6, _("Sonntag")


class Oeffnungszeit(models.Model):
    """Regular weekly opening interval; several per day are allowed (e.g. 8–12, 13–18)."""

    organisationseinheit = models.ForeignKey(
        Organisationseinheit, on_delete=models.CASCADE, related_name="oeffnungszeiten"
    )
    wochentag = models.PositiveSmallIntegerField(_("Wochentag"), choices=Wochentag.choices)
    von = models.TimeField(_("von"))
    bis = models.TimeField(_("bis"))
    nur_mit_termin = models.BooleanField(_("nur mit Termin"), default=False)

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["wochentag", "von"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(von__lt=models.F("bis")), name="oeffnungszeit_von_vor_bis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_wochentag_display()} {self.von:%H:%M}–{self.bis:%H:%M}"


class Sonderoeffnung(models.Model):
    """An exception on one date: closed (holiday, closure) or different hours."""

    organisationseinheit = models.ForeignKey(
        Organisationseinheit, on_delete=models.CASCADE, related_name="sonderoeffnungen"
    )
    datum = models.DateField(_("Datum"))
    geschlossen = models.BooleanField(_("geschlossen"), default=True)
    von = models.TimeField(_("von"), null=True, blank=True)
    bis = models.TimeField(_("bis"), null=True, blank=True)
    grund = models.CharField(_("Grund"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Sonderöffnung / Schließtag")
        verbose_name_plural = _("Sonderöffnungen / Schließtage")
        ordering = ["datum", "von"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(geschlossen=True)
                | models.Q(von__isnull=False, bis__isnull=False, von__lt=models.F("bis")),
                name="sonderoeffnung_zeiten_gueltig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.datum:%d.%m.%Y} {self.grund}"


class Rolle(models.TextChoices):
    """Staff roles; Sachbearbeitung and Leitung are scoped to the Organisationseinheit."""

    SACHBEARBEITUNG = "sachbearbeitung", _("Sachbearbeitung")
    LEITUNG = "leitung", _("Leitung")
    FACHADMINISTRATION = "fachadministration", _("Fachadministration")
    ADMINISTRATION = "administration", _("Administration")


class Mitgliedschaft(models.Model):
    """A staff member works in an Organisationseinheit in a role and sees its records."""

    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="mitgliedschaften",
    )
    organisationseinheit = models.ForeignKey(
        Organisationseinheit,
        verbose_name=_("Organisationseinheit"),
        on_delete=models.CASCADE,
        related_name="mitgliedschaften",
    )
    rolle = models.CharField(
        _("Rolle"), max_length=30, choices=Rolle.choices, default=Rolle.SACHBEARBEITUNG
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisationseinheit", "rolle"],
                name="mitgliedschaft_eindeutig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisationseinheit} ({self.get_rolle_display()})"
