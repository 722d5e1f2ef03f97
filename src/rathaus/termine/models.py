"""The data of the Terminvergabe.

Setup (staff, admin):

* `Terminort`: one office (Organisationseinheit) that gives appointments at one Standort
  (the Bürgerbüro and the Kfz-Zulassung share the Schillstraße), with its rules — the
  unit's Öffnungszeiten and Sonderöffnungen (holidays of Mecklenburg-Vorpommern,
  closures) apply, slot length, booking window, cap per booking,
  and how many days before the day the held-back counters are released for online booking.
* `Schalter`: a counter or workstation of a Terminort. A counter marked `vorbehalten` is
  held back for phone and walk-in bookings (the quota): online it can be booked only from
  `Terminort.freigabe_tage` days before the day.
* `Terminleistung`: per Leistung and Terminort the slot units a visit needs, the units each
  further person adds, and which counters may serve it.
* `Sperrtag`: a day without appointments besides the Sonderöffnungen (e.g. a staff outing).
* `Abwesenheit`: a counter (or, without one, the whole Terminort) closed for a time span;
  created by `abwesenheit_create`, which cancels the bookings it hits and notifies them.

Bookings:

* `Buchung`: one appointment of one citizen; services (`BuchungPosition`) add up, persons
  multiply where the Terminleistung says so. Status: reserviert (held for a short time) →
  bestaetigt (double opt-in) → storniert / erschienen / nicht_erschienen; a reservation
  not confirmed in time becomes abgelaufen. `nummer` is public and unguessable (staff
  check in by it); the secret link token is stored only as its SHA-256. Name, email and
  citizen account live in `Kontakt`, which the Löschfrist deletes N days after the
  appointment while the booking stays for the statistics.
* `Belegung`: one row per occupied (Schalter, slot). The unique constraint on the pair makes
  a double booking impossible in the database, whatever the number of web processes. A row
  with `belegt_bis` set is held only until then (an unconfirmed reservation, or a cancelled
  slot in its cool-down); afterwards it counts as free and the next reservation replaces it.
  A row without booking and without `belegt_bis` is a unit closed by an `Abwesenheit`.
  Staff walk-ins and the day view per counter read and write the same rows
  (`buchung_reserve(kanal=telefon|vor_ort)` may use the held-back counters and today).
* `Wartelisteneintrag`: "tell me when an earlier slot frees up"; a freed slot is offered as
  a reservation (`Buchung` with `angebot_fuer`) with a short acceptance window.

For the staff side: check-in sets `Buchung.eingecheckt_am`, the call `aufgerufen_am` and
`aufgerufen_an` (the counter); no-shows are status nicht_erschienen; waiting time is
aufgerufen_am − eingecheckt_am, lead time is beginn − erstellt_am. `kanal` tells online
bookings from phone and walk-in ones.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Terminort(BaseModel):
    standort = models.ForeignKey(
        "organisation.Standort",
        verbose_name=_("Standort"),
        on_delete=models.PROTECT,
        related_name="terminorte",
    )
    organisationseinheit = models.ForeignKey(
        "organisation.Organisationseinheit",
        verbose_name=_("Organisationseinheit (Öffnungszeiten)"),
        on_delete=models.PROTECT,
        related_name="terminorte",
    )
    slot_minuten = models.PositiveSmallIntegerField(
        _("Länge einer Zeiteinheit (Minuten)"), default=15
    )
    vorlauf_tage = models.PositiveSmallIntegerField(
        _("frühestens buchbar (Tage vorher)"), default=1
    )
    horizont_tage = models.PositiveSmallIntegerField(_("buchbar bis (Tage voraus)"), default=56)
    max_einheiten = models.PositiveSmallIntegerField(
        _("höchstens Zeiteinheiten je Termin"), default=8
    )
    max_personen = models.PositiveSmallIntegerField(_("höchstens Personen je Termin"), default=5)
    freigabe_tage = models.PositiveSmallIntegerField(
        _("vorbehaltene Schalter online freigeben (Tage vorher)"), default=2
    )
    aktiv = models.BooleanField(_("Online-Buchung aktiv"), default=True)

    class Meta:
        verbose_name = _("Terminort")
        verbose_name_plural = _("Terminorte")
        constraints = [
            models.UniqueConstraint(
                fields=["standort", "organisationseinheit"], name="terminort_eindeutig"
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minuten__gte=5, slot_minuten__lte=120),
                name="terminort_slot_minuten",
            ),
            models.CheckConstraint(
                condition=models.Q(horizont_tage__gte=models.F("vorlauf_tage")),
                name="terminort_fenster",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisationseinheit.name)


class Schalter(BaseModel):
    terminort = models.ForeignKey(
        Terminort, verbose_name=_("Terminort"), on_delete=models.CASCADE, related_name="schalter"
    )
    name = models.CharField(_("Name"), max_length=100)
    vorbehalten = models.BooleanField(
        _("vorbehalten für Telefon und Laufkundschaft"),
        default=False,
        help_text=_("Online erst wenige Tage vorher buchbar (siehe Terminort)."),
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Schalter")
        verbose_name_plural = _("Schalter")
        ordering = ["terminort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["terminort", "name"], name="schalter_name_eindeutig")
        ]

    def __str__(self) -> str:
        return self.name


class Terminleistung(BaseModel):
    terminort = models.ForeignKey(
        Terminort,
        verbose_name=_("Terminort"),
        on_delete=models.CASCADE,
        related_name="terminleistungen",
    )
    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        on_delete=models.CASCADE,
        related_name="terminleistungen",
    )
    einheiten = models.PositiveSmallIntegerField(_("Zeiteinheiten für die erste Person"), default=1)
    einheiten_je_weitere_person = models.PositiveSmallIntegerField(
        _("Zeiteinheiten je weitere Person"),
        default=0,
        help_text=_("0: weitere Personen brauchen keine zusätzliche Zeit."),
    )
    max_personen = models.PositiveSmallIntegerField(_("höchstens Personen"), default=1)
    schalter = models.ManyToManyField(
        Schalter, verbose_name=_("Schalter"), related_name="terminleistungen"
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Terminleistung")
        verbose_name_plural = _("Terminleistungen")
        ordering = ["terminort", "reihenfolge", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["terminort", "leistung"], name="terminleistung_eindeutig"
            ),
            models.CheckConstraint(
                condition=models.Q(einheiten__gte=1), name="terminleistung_einheiten"
            ),
            models.CheckConstraint(
                condition=models.Q(max_personen__gte=1), name="terminleistung_max_personen"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leistung} ({self.terminort})"

    def einheiten_fuer(self, personen: int) -> int:
        return self.einheiten + self.einheiten_je_weitere_person * max(personen - 1, 0)


class Sperrtag(models.Model):
    terminort = models.ForeignKey(Terminort, on_delete=models.CASCADE, related_name="sperrtage")
    datum = models.DateField(_("Datum"))
    grund = models.CharField(_("Grund"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Sperrtag")
        verbose_name_plural = _("Sperrtage")
        ordering = ["datum"]
        constraints = [
            models.UniqueConstraint(fields=["terminort", "datum"], name="sperrtag_eindeutig")
        ]

    def __str__(self) -> str:
        return f"{self.datum:%d.%m.%Y} {self.grund}"


class Abwesenheit(BaseModel):
    terminort = models.ForeignKey(Terminort, on_delete=models.CASCADE, related_name="abwesenheiten")
    schalter = models.ForeignKey(
        Schalter,
        verbose_name=_("Schalter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="abwesenheiten",
        help_text=_("Leer: der ganze Standort ist geschlossen."),
    )
    von = models.DateTimeField(_("von"))
    bis = models.DateTimeField(_("bis"))
    grund = models.CharField(_("Grund"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Abwesenheit / Schließung")
        verbose_name_plural = _("Abwesenheiten / Schließungen")
        ordering = ["von"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(von__lt=models.F("bis")), name="abwesenheit_von_vor_bis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schalter or self.terminort}: {self.von:%d.%m.%Y %H:%M}–{self.bis:%H:%M}"


class Buchung(BaseModel):
    class Status(models.TextChoices):
        RESERVIERT = "reserviert", _("reserviert")
        BESTAETIGT = "bestaetigt", _("bestätigt")
        STORNIERT = "storniert", _("storniert")
        ABGELAUFEN = "abgelaufen", _("nicht bestätigt")
        ERSCHIENEN = "erschienen", _("erschienen")
        NICHT_ERSCHIENEN = "nicht_erschienen", _("nicht erschienen")

    class Kanal(models.TextChoices):
        ONLINE = "online", _("online")
        TELEFON = "telefon", _("Telefon")
        VOR_ORT = "vor_ort", _("vor Ort")

    nummer = models.CharField(_("Terminnummer"), max_length=20, unique=True)
    token_hash = models.CharField(max_length=64)
    terminort = models.ForeignKey(
        Terminort, verbose_name=_("Terminort"), on_delete=models.PROTECT, related_name="buchungen"
    )
    schalter = models.ForeignKey(
        Schalter, verbose_name=_("Schalter"), on_delete=models.PROTECT, related_name="buchungen"
    )
    beginn = models.DateTimeField(_("Beginn"), db_index=True)
    einheiten = models.PositiveSmallIntegerField(_("Zeiteinheiten"))
    ende = models.DateTimeField(_("Ende"))
    personen = models.PositiveSmallIntegerField(_("Personen"), default=1)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.RESERVIERT
    )
    kanal = models.CharField(_("Kanal"), max_length=10, choices=Kanal.choices, default=Kanal.ONLINE)
    reserviert_bis = models.DateTimeField(_("reserviert bis"), null=True, blank=True)
    bestaetigt_am = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    storniert_am = models.DateTimeField(_("storniert am"), null=True, blank=True)
    erinnert_am = models.DateTimeField(_("erinnert am"), null=True, blank=True)
    eingecheckt_am = models.DateTimeField(_("eingecheckt am"), null=True, blank=True)
    aufgerufen_am = models.DateTimeField(_("aufgerufen am"), null=True, blank=True)
    aufgerufen_an = models.ForeignKey(
        Schalter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # iCalendar SEQUENCE: +1 on every change the citizen's calendar must take over
    sequenz = models.PositiveIntegerField(default=0)
    # the waiting list entry a freed slot was offered to
    angebot_fuer = models.ForeignKey(
        "Wartelisteneintrag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="angebote",
    )

    class Meta:
        verbose_name = _("Terminbuchung")
        verbose_name_plural = _("Terminbuchungen")
        ordering = ["beginn", "schalter"]
        indexes = [
            models.Index(fields=["status", "reserviert_bis"], name="termine_buchung_reserv"),
            models.Index(fields=["terminort", "beginn"], name="termine_buchung_ort_beginn"),
        ]

    def __str__(self) -> str:
        return self.nummer

    @property
    def aktiv(self) -> bool:
        return self.status in (self.Status.RESERVIERT, self.Status.BESTAETIGT)


class Kontakt(models.Model):
    """The personal data of a booking, kept apart so that the Löschfrist deletes it while
    the booking stays for the statistics."""

    buchung = models.OneToOneField(Buchung, on_delete=models.CASCADE, related_name="kontakt")
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    # lowercased, without +tag, dots folded where the provider folds them: the key of the
    # limits per address
    email_norm = models.CharField(max_length=254, blank=True, db_index=True)
    buerger = models.ForeignKey(
        "konten.Buerger",
        verbose_name=_("Bürgerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="termine",
    )

    class Meta:
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")

    def __str__(self) -> str:
        return self.name


class BuchungPosition(models.Model):
    buchung = models.ForeignKey(Buchung, on_delete=models.CASCADE, related_name="positionen")
    leistung = models.ForeignKey(
        "katalog.Leistung", verbose_name=_("Leistung"), on_delete=models.PROTECT, related_name="+"
    )
    personen = models.PositiveSmallIntegerField(_("Personen"), default=1)
    einheiten = models.PositiveSmallIntegerField(_("Zeiteinheiten"))

    class Meta:
        verbose_name = _("Leistung der Buchung")
        verbose_name_plural = _("Leistungen der Buchung")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.leistung} × {self.personen}"


class Belegung(models.Model):
    schalter = models.ForeignKey(Schalter, on_delete=models.CASCADE, related_name="belegungen")
    beginn = models.DateTimeField()
    buchung = models.ForeignKey(
        Buchung, null=True, blank=True, on_delete=models.CASCADE, related_name="belegungen"
    )
    # None: held for good; else held until then (reservation, cool-down of a cancelled slot)
    belegt_bis = models.DateTimeField(null=True, blank=True)
    # denormalised for the one query of the availability selectors
    terminort = models.ForeignKey(Terminort, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("Belegung")
        verbose_name_plural = _("Belegungen")
        constraints = [
            models.UniqueConstraint(fields=["schalter", "beginn"], name="belegung_einmal")
        ]
        indexes = [models.Index(fields=["terminort", "beginn"], name="termine_belegung_ort")]

    def __str__(self) -> str:
        return f"{self.schalter_id} {self.beginn:%Y-%m-%d %H:%M}"


class Wartelisteneintrag(BaseModel):
    class Status(models.TextChoices):
        WARTEND = "wartend", _("wartend")
        ANGEBOTEN = "angeboten", _("Termin angeboten")
        ERLEDIGT = "erledigt", _("erledigt")
        ABGEMELDET = "abgemeldet", _("abgemeldet")

    terminort = models.ForeignKey(Terminort, on_delete=models.CASCADE, related_name="warteliste")
    leistungen = models.JSONField(
        _("Leistungen"), default=list
    )  # [{"leistung": id, "personen": n}]
    einheiten = models.PositiveSmallIntegerField(_("Zeiteinheiten"))
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254)
    email_norm = models.CharField(max_length=254, db_index=True)
    token_hash = models.CharField(max_length=64)
    bis_datum = models.DateField(_("spätestens am"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WARTEND)
    angeboten_am = models.DateTimeField(null=True, blank=True)
    buerger = models.ForeignKey(
        "konten.Buerger", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Wartelisteneintrag")
        verbose_name_plural = _("Warteliste")
        ordering = ["erstellt_am", "id"]

    def __str__(self) -> str:
        return f"{self.terminort} #{self.pk}"
