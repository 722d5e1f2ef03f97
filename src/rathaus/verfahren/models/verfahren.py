from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Verfahren(BaseModel):
    """The back-office processing of one Antrag, driven by a BPMN process model.

    `zustand` is the SpiffWorkflow state (JSON of BpmnWorkflowSerializer); everything
    the inbox and the UI need is mirrored into columns and Aufgabe rows.
    """

    class Status(models.TextChoices):
        IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
        WARTET = "wartet", _("wartet auf Antwort")
        ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")

    class Entscheidung(models.TextChoices):
        BEWILLIGT = "bewilligen", _("bewilligt")
        ABGELEHNT = "ablehnen", _("abgelehnt")

    class BescheidStatus(models.TextChoices):
        # Not the field's choices (no migration for a label); see `bescheid_status_text`.
        IN_ERSTELLUNG = "in_erstellung", _("Bescheid wird erstellt")
        ERSTELLT = "erstellt", _("Bescheid erstellt")
        ZUGESTELLT = "zugestellt", _("Bescheid im Postfach zugestellt")
        POSTVERSAND = "postversand", _("Bescheid per Post zu versenden (kein Nutzerkonto)")

    aktenzeichen = models.CharField(_("Aktenzeichen"), max_length=100, unique=True)
    antrag = models.OneToOneField(
        "antraege.Antrag",
        verbose_name=_("Antrag"),
        on_delete=models.PROTECT,
        related_name="verfahren",
    )
    daten_ref = models.CharField(_("Antragsdaten (Referenz)"), max_length=300, blank=True)
    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        on_delete=models.PROTECT,
        related_name="verfahren",
    )
    organisationseinheit = models.ForeignKey(
        "organisation.Organisationseinheit",
        verbose_name=_("Organisationseinheit"),
        on_delete=models.PROTECT,
        related_name="verfahren",
    )
    buerger = models.ForeignKey(
        "konten.Buerger",
        verbose_name=_("Antragsteller/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verfahren",
    )
    prozessmodell = models.ForeignKey(
        "verfahren.Prozessmodell",
        verbose_name=_("Prozessmodell"),
        on_delete=models.PROTECT,
        related_name="verfahren",
    )
    zustand = models.TextField(_("Prozesszustand (JSON)"))
    schritte = models.PositiveIntegerField(_("Schritte"), default=0)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.IN_BEARBEITUNG
    )
    eingegangen_am = models.DateTimeField(_("eingegangen am"))
    abgeschlossen_am = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # The Vorgang the intake opened for the Antrag: everything of the Verfahren is filed there.
    vorgang = models.ForeignKey(
        "akten.Vorgang",
        verbose_name=_("Vorgang (E-Akte)"),
        on_delete=models.PROTECT,
        related_name="verfahren",
    )
    gesetzliche_frist_am = models.DateField(_("gesetzliche Frist"), null=True, blank=True)
    naechste_frist_am = models.DateField(_("nächste Frist"), null=True, blank=True)
    entscheidung = models.CharField(
        _("Entscheidung"), max_length=20, choices=Entscheidung.choices, blank=True
    )
    bescheid_status = models.CharField(_("Bescheid"), max_length=20, blank=True)
    bescheid_referenz = models.CharField(_("Bescheid (Dokument)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Verfahren")
        verbose_name_plural = _("Verfahren")
        ordering = ["-eingegangen_am"]
        indexes = [
            models.Index(fields=["organisationseinheit", "status"]),
            models.Index(fields=["leistung", "status"]),
        ]

    def __str__(self) -> str:
        return self.aktenzeichen

    @property
    def bescheid_status_text(self) -> str:
        """The state of the Bescheid in words ("" before there is one)."""
        if self.bescheid_status in self.BescheidStatus.values:
            return str(self.BescheidStatus(self.bescheid_status).label)
        return self.bescheid_status


class Aufgabe(BaseModel):
    """A READY user task of a Verfahren, mirrored as a row for the inbox."""

    class Status(models.TextChoices):
        OFFEN = "offen", _("offen")
        ERLEDIGT = "erledigt", _("erledigt")
        ABGEBROCHEN = "abgebrochen", _("abgebrochen")

    class Rolle(models.TextChoices):
        SACHBEARBEITUNG = "sachbearbeitung", _("Sachbearbeitung")
        LEITUNG = "leitung", _("Leitung")

    verfahren = models.ForeignKey(Verfahren, on_delete=models.CASCADE, related_name="aufgaben")
    task_id = models.CharField(_("Task-ID (SpiffWorkflow)"), max_length=36)
    element_id = models.CharField(_("Element-ID (BPMN)"), max_length=200)
    art = models.CharField(_("Art"), max_length=50)
    titel = models.CharField(_("Titel"), max_length=300)
    rolle = models.CharField(_("Rolle"), max_length=20, choices=Rolle.choices)
    # Copied from the Verfahren: the inbox filters on it without a join.
    organisationseinheit = models.ForeignKey(
        "organisation.Organisationseinheit",
        verbose_name=_("Organisationseinheit"),
        on_delete=models.PROTECT,
        related_name="aufgaben",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OFFEN
    )
    bearbeiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bearbeiter/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verfahren_aufgaben",
    )
    zugewiesen_am = models.DateTimeField(_("zugewiesen am"), null=True, blank=True)
    faellig_am = models.DateField(_("fällig am"), null=True, blank=True)
    erledigt_am = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    erledigt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erledigt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ergebnis = models.JSONField(_("Ergebnis"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["erstellt_am", "id"]
        constraints = [
            models.UniqueConstraint(fields=["verfahren", "task_id"], name="aufgabe_task_eindeutig")
        ]
        indexes = [
            # Inbox: open tasks of my units, by age or due date.
            models.Index(
                fields=["organisationseinheit", "rolle", "erstellt_am"],
                condition=Q(status="offen"),
                name="aufgabe_offen_oe_alter",
            ),
            models.Index(
                fields=["organisationseinheit", "rolle", "faellig_am"],
                condition=Q(status="offen"),
                name="aufgabe_offen_oe_faellig",
            ),
            models.Index(
                fields=["bearbeiter", "erstellt_am"],
                condition=Q(status="offen"),
                name="aufgabe_offen_bearbeiter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.verfahren_id})"


class Frist(BaseModel):
    """A date that matters: statutory deadline, Nachforderung deadline, Wiedervorlage or
    the period for a Widerspruch against the Bescheid."""

    class Art(models.TextChoices):
        GESETZLICH = "gesetzlich", _("gesetzliche Frist")
        NACHFORDERUNG = "nachforderung", _("Frist der Nachforderung")
        WIEDERVORLAGE = "wiedervorlage", _("Wiedervorlage")
        # The month for a Widerspruch after the Bekanntgabe of the Bescheid; the Vorgang
        # goes zdA once it has passed without one (services/zda.py).
        WIDERSPRUCH = "widerspruch", _("Widerspruchsfrist")

    verfahren = models.ForeignKey(Verfahren, on_delete=models.CASCADE, related_name="fristen")
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices)
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=300, blank=True)
    datum = models.DateField(_("Datum"))
    warnen_ab = models.DateField(_("warnen ab"), null=True, blank=True)
    erledigt = models.BooleanField(_("erledigt"), default=False)
    erledigt_am = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    gewarnt_am = models.DateTimeField(_("Warnung am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Frist")
        verbose_name_plural = _("Fristen")
        ordering = ["datum", "id"]
        indexes = [
            models.Index(fields=["datum"], condition=Q(erledigt=False), name="frist_offen_datum")
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.datum:%d.%m.%Y}"


class Notiz(BaseModel):
    """An internal note on a Verfahren; never shown to the citizen."""

    verfahren = models.ForeignKey(Verfahren, on_delete=models.CASCADE, related_name="notizen")
    text = models.TextField(_("Text"))
    verfasser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasser/in"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verfasser_name = models.CharField(_("Verfasser/in (Name)"), max_length=200)

    class Meta:
        verbose_name = _("Notiz")
        verbose_name_plural = _("Notizen")
        ordering = ["erstellt_am", "id"]

    def __str__(self) -> str:
        return f"{self.verfasser_name}: {self.text[:40]}"


class Mitzeichnung(BaseModel):
    """A co-signature (four eyes) of a decision; one person signs one decision at most once."""

    class Ergebnis(models.TextChoices):
        GEZEICHNET = "zeichnen", _("mitgezeichnet")
        ZURUECK = "zurueck", _("zurück zur Prüfung")

    verfahren = models.ForeignKey(
        Verfahren, on_delete=models.CASCADE, related_name="mitzeichnungen"
    )
    aufgabe = models.OneToOneField(Aufgabe, on_delete=models.CASCADE, related_name="mitzeichnung")
    entscheidung_aufgabe = models.ForeignKey(
        Aufgabe, on_delete=models.CASCADE, related_name="mitzeichnungen"
    )
    zeichner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zeichner/in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ergebnis = models.CharField(_("Ergebnis"), max_length=20, choices=Ergebnis.choices)
    begruendung = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Mitzeichnung")
        verbose_name_plural = _("Mitzeichnungen")
        ordering = ["erstellt_am", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entscheidung_aufgabe", "zeichner"], name="mitzeichnung_einmal_je_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zeichner_id}: {self.ergebnis}"


class Nachricht(BaseModel):
    """A message exchanged with the citizen about the Verfahren (Postfach or other way)."""

    class Richtung(models.TextChoices):
        AUSGANG = "ausgang", _("an Antragsteller/in")
        EINGANG = "eingang", _("von Antragsteller/in")

    verfahren = models.ForeignKey(Verfahren, on_delete=models.CASCADE, related_name="nachrichten")
    richtung = models.CharField(_("Richtung"), max_length=10, choices=Richtung.choices)
    betreff = models.CharField(_("Betreff"), max_length=300)
    text = models.TextField(_("Text"), blank=True)
    postfachnachricht_id = models.PositiveBigIntegerField(null=True, blank=True)
    akteur_name = models.CharField(_("Akteur"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["erstellt_am", "id"]

    def __str__(self) -> str:
        return self.betreff
