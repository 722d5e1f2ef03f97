"""Fees (Gebührenregel) and payments (Zahlung with its attempts at a provider).

Amounts are whole cents (``*_cent``), never floats. A Zahlung pays for a generic subject
(``subjekt``, e.g. ``"antrag:42"`` or ``"bescheid:7"``): the apps above (antraege,
verfahren) know what it means; this app never imports them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Faelligkeit(models.TextChoices):
    VORAB = "vorab", _("vor der Bearbeitung (mit dem Antrag)")
    BESCHEID = "bescheid", _("mit dem Bescheid")


class Gebuehrenregel(BaseModel):
    """How the fee of a Leistung is computed (one rule = one position of a payment).

    - ``fest``: ``betrag_cent``.
    - ``stueck``: ``betrag_cent`` for the first unit, ``betrag_weitere_cent`` for each
      further one (M-V: 15 € / 7.50 € for civil-status certificates); the count comes from
      the answer field ``mengenfeld`` (at most ``menge_max``).
    - ``rahmen``: the clerk fixes an amount from ``betrag_cent`` to ``betrag_max_cent``.
    """

    class Art(models.TextChoices):
        FEST = "fest", _("fester Betrag")
        STUECK = "stueck", _("Betrag je Stück")
        RAHMEN = "rahmen", _("Rahmengebühr")

    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        on_delete=models.CASCADE,
        related_name="gebuehrenregeln",
    )
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=200)
    art = models.CharField(_("Art"), max_length=10, choices=Art.choices, default=Art.FEST)
    faelligkeit = models.CharField(
        _("Fälligkeit"), max_length=10, choices=Faelligkeit.choices, default=Faelligkeit.VORAB
    )
    betrag_cent = models.PositiveIntegerField(_("Betrag (Cent)"))
    betrag_weitere_cent = models.PositiveIntegerField(
        _("Betrag je weiteres Stück (Cent)"), null=True, blank=True
    )
    betrag_max_cent = models.PositiveIntegerField(_("Höchstbetrag (Cent)"), null=True, blank=True)
    mengenfeld = models.CharField(_("Antwortfeld mit der Anzahl"), max_length=200, blank=True)
    menge_max = models.PositiveSmallIntegerField(_("größte Anzahl"), default=20)
    rechtsgrundlage = models.CharField(_("Rechtsgrundlage"), max_length=300)
    befreiung_moeglich = models.BooleanField(_("Befreiung möglich"), default=False)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    reihenfolge = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Gebührenregel")
        verbose_name_plural = _("Gebührenregeln")
        ordering = ["leistung_id", "reihenfolge", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(betrag_max_cent__isnull=True)
                | models.Q(betrag_cent__lte=models.F("betrag_max_cent")),
                name="gebuehrenregel_rahmen_gueltig",
            ),
            models.CheckConstraint(
                condition=models.Q(betrag_cent__lte=99_999_900)
                & (
                    models.Q(betrag_weitere_cent__isnull=True)
                    | models.Q(betrag_weitere_cent__lte=99_999_900)
                )
                & (
                    models.Q(betrag_max_cent__isnull=True)
                    | models.Q(betrag_max_cent__lte=99_999_900)
                ),
                name="gebuehrenregel_hoechstens_999999_euro",
            ),
        ]

    def __str__(self) -> str:
        return self.bezeichnung


class ZahlungStatus(models.TextChoices):
    OFFEN = "offen", _("offen")
    BEZAHLT = "bezahlt", _("bezahlt")
    FEHLGESCHLAGEN = "fehlgeschlagen", _("fehlgeschlagen")
    ABGEBROCHEN = "abgebrochen", _("abgebrochen")
    ERSTATTET = "erstattet", _("erstattet")


class Zahlung(BaseModel):
    """One claim to be paid, with its Kassenzeichen; its attempts are `Zahlungsversuch`."""

    oeffentliche_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kassenzeichen = models.CharField(_("Kassenzeichen"), max_length=36, unique=True)
    subjekt = models.CharField(_("Gegenstand"), max_length=100, db_index=True)
    leistung = models.ForeignKey(
        "katalog.Leistung",
        verbose_name=_("Leistung"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    konto = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    betrag_cent = models.PositiveIntegerField(_("Betrag (Cent)"))
    waehrung = models.CharField(_("Währung"), max_length=3, default="EUR")
    zweck = models.CharField(_("Verwendungszweck"), max_length=27)
    beschreibung = models.CharField(_("Beschreibung"), max_length=250)
    # The computed positions: [{"regel": id, "bezeichnung", "menge", "betrag_cent",
    # "rechtsgrundlage", "befreit": reason or ""}].
    positionen = models.JSONField(_("Positionen"), default=list)
    status = models.CharField(
        _("Status"), max_length=15, choices=ZahlungStatus.choices, default=ZahlungStatus.OFFEN
    )
    anbieter = models.CharField(_("Zahlungsart"), max_length=40, blank=True)
    transaktion_id = models.CharField(_("Transaktions-Id"), max_length=44, blank=True)
    zahlungsmethode = models.CharField(_("Zahlungsmittel"), max_length=20, blank=True)
    bezahlt_am = models.DateTimeField(_("bezahlt am"), null=True, blank=True, db_index=True)
    idempotenz_schluessel = models.CharField(max_length=100, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("Zahlung")
        verbose_name_plural = _("Zahlungen")
        ordering = ["-erstellt_am", "-id"]
        indexes = [models.Index(fields=["status", "geaendert_am"])]
        constraints = [
            # One claim per subject at a time: a double click creates nothing twice.
            models.UniqueConstraint(
                fields=["subjekt"],
                condition=~models.Q(status="erstattet"),
                name="zahlung_ein_offener_je_subjekt",
            )
        ]
        permissions = [
            ("festsetzen", _("Gebühren festsetzen und von Gebühren befreien")),
            ("buchen", _("Überweisungen als bezahlt buchen")),
            ("erstatten", _("Zahlungen erstatten")),
        ]

    def __str__(self) -> str:
        return self.kassenzeichen


class Zahlungsversuch(BaseModel):
    """One transaction at a provider for a Zahlung (a retry is a new attempt, same
    Kassenzeichen). ``anfrage_id`` is the XBezahldienste requestId."""

    zahlung = models.ForeignKey(Zahlung, on_delete=models.CASCADE, related_name="versuche")
    nummer = models.PositiveSmallIntegerField()
    anbieter = models.CharField(max_length=40)
    anfrage_id = models.CharField(max_length=36, unique=True)
    transaktion_id = models.CharField(max_length=44, blank=True, db_index=True)
    weiterleitung = models.URLField(max_length=2082, blank=True)
    # The provider's last status (INITIAL, PAYED, FAILED, CANCELED) or "" before an answer.
    anbieter_status = models.CharField(max_length=10, blank=True)
    abgefragt_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Zahlungsversuch")
        verbose_name_plural = _("Zahlungsversuche")
        ordering = ["zahlung_id", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["zahlung", "nummer"], name="zahlungsversuch_nummer"),
            models.UniqueConstraint(
                fields=["anbieter", "transaktion_id"],
                condition=~models.Q(transaktion_id=""),
                name="zahlungsversuch_transaktion_eindeutig",
            ),
        ]

    def __str__(self) -> str:
        return self.anfrage_id


class Erstattung(BaseModel):
    """A refund: requested by one member of staff, released by a second one above the
    threshold (four eyes), recorded either way."""

    zahlung = models.OneToOneField(Zahlung, on_delete=models.PROTECT, related_name="erstattung")
    grund = models.CharField(_("Grund"), max_length=500)
    beantragt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    freigegeben_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    erstattet_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Erstattung")
        verbose_name_plural = _("Erstattungen")

    def __str__(self) -> str:
        return f"{self.zahlung} ({self.grund[:40]})"


class Kassenzeichenfolge(models.Model):
    """The last number of each year's Kassenzeichen sequence (row locked while counting)."""

    jahr = models.PositiveSmallIntegerField(primary_key=True)
    letzte = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Kassenzeichenfolge")
        verbose_name_plural = _("Kassenzeichenfolgen")

    def __str__(self) -> str:
        return f"{self.jahr}: {self.letzte}"


class Benachrichtigung(models.Model):
    """A provider's notification seen once (its signature's hash): a replay is refused."""

    signatur_hash = models.CharField(max_length=64, unique=True)
    empfangen_am = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")

    def __str__(self) -> str:
        return self.signatur_hash[:12]


class EntwicklungTransaktion(BaseModel):
    """A transaction of the development provider (`zahlungen.entwicklung`): its stored
    request and status, as a real provider would keep them. Unused in production."""

    transaktion_id = models.CharField(max_length=44, unique=True)
    originator_id = models.CharField(max_length=36)
    endpoint_id = models.CharField(max_length=36)
    anfrage_id = models.CharField(max_length=36)
    anfrage = models.TextField()  # the PaymentRequest as received (JSON text)
    status = models.CharField(max_length=10, default="INITIAL")
    # The status the status query reports while ``status`` is the truth (late capture:
    # FAILED is reported first, PAYED afterwards).
    gemeldet = models.CharField(max_length=10, blank=True)
    zahlungsmethode = models.CharField(max_length=20, blank=True)
    bezahlt_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Transaktion des Entwicklungsanbieters")
        verbose_name_plural = _("Transaktionen des Entwicklungsanbieters")
        constraints = [
            models.UniqueConstraint(
                fields=["originator_id", "endpoint_id", "anfrage_id"],
                name="entwicklung_anfrage_eindeutig",
            )
        ]

    def __str__(self) -> str:
        return self.transaktion_id


class EntwicklungStoerung(models.Model):
    """A fault the development provider simulates for its API (one row): every API call
    answers 500 (``"500"``) or too late (``"timeout"``) while ``anzahl`` > 0."""

    art = models.CharField(max_length=10, blank=True)
    anzahl = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Störung des Entwicklungsanbieters")
        verbose_name_plural = _("Störungen des Entwicklungsanbieters")

    def __str__(self) -> str:
        return f"{self.art} × {self.anzahl}"
