"""Aussonderung (xdomea 3.0.0 hand-over to the archive), deletion proofs and deletion runs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel

from .schriftgut import Akte


class Aussonderungsvorgang(BaseModel):
    """One Aussonderung with the archive, identified by the xdomea ProzessID.

    angeboten (0501 written) → bewertet (0502 read) → abgegeben (0503 written) →
    bestaetigt (0506 read: every handed-over Akte confirmed or refused).
    """

    class Status(models.TextChoices):
        ANGEBOTEN = "angeboten", _("angeboten")
        BEWERTET = "bewertet", _("bewertet")
        ABGEGEBEN = "abgegeben", _("abgegeben")
        BESTAETIGT = "bestaetigt", _("bestätigt")

    prozess_id = models.UUIDField(_("ProzessID"), unique=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.ANGEBOTEN
    )
    angeboten_am = models.DateTimeField(_("angeboten am"))
    bewertet_am = models.DateTimeField(_("bewertet am"), null=True, blank=True)
    abgegeben_am = models.DateTimeField(_("abgegeben am"), null=True, blank=True)
    bestaetigt_am = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    # The messages as sent: the archive's answers are matched against exactly these.
    anbieteverzeichnis_xml = models.TextField(_("Anbieteverzeichnis (0501)"))
    aussonderung_xml = models.TextField(_("Aussonderung (0503)"), blank=True)
    # Receipts 0504/0505/0507 and each read 0502/0506: [{typ, erstellt, gelesen_am, datei}].
    eingaenge = models.JSONField(_("empfangene Nachrichten"), default=list, blank=True)

    class Meta:
        verbose_name = _("Aussonderungsvorgang")
        verbose_name_plural = _("Aussonderungsvorgänge")
        ordering = ["-angeboten_am"]

    def __str__(self) -> str:
        return f"Aussonderung {self.prozess_id} ({self.status})"


class Aussonderungsposten(models.Model):
    """One Akte of an Aussonderungsvorgang and what happened to it."""

    class Status(models.TextChoices):
        ANGEBOTEN = "angeboten", _("angeboten")
        ARCHIVIEREN = "archivieren", _("vom Archiv übernommen werden")
        VERNICHTEN = "vernichten", _("nach Bewertung zu vernichten")
        ABGEGEBEN = "abgegeben", _("an das Archiv abgegeben")
        UEBERNOMMEN = "uebernommen", _("vom Archiv übernommen und gelöscht")
        ABGELEHNT = "abgelehnt", _("vom Archiv nicht übernommen")
        VERNICHTET = "vernichtet", _("vernichtet")

    vorgang = models.ForeignKey(
        Aussonderungsvorgang,
        verbose_name=_("Aussonderungsvorgang"),
        on_delete=models.PROTECT,
        related_name="posten",
    )
    # The Akte row stays (as a stub with ausgesondert_am) after its content was deleted.
    akte = models.ForeignKey(
        Akte, verbose_name=_("Akte"), on_delete=models.PROTECT, related_name="aussonderungsposten"
    )
    xdomea_id = models.UUIDField(_("xdomea-ID"))
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.ANGEBOTEN
    )
    archivkennung = models.CharField(_("Archivkennung"), max_length=500, blank=True)
    meldung = models.TextField(_("Meldung des Archivs"), blank=True)

    class Meta:
        verbose_name = _("Aussonderungsposten")
        verbose_name_plural = _("Aussonderungsposten")
        ordering = ["vorgang", "akte__aktenzeichen"]
        constraints = [
            models.UniqueConstraint(fields=["vorgang", "akte"], name="akten_posten_akte"),
            models.UniqueConstraint(fields=["vorgang", "xdomea_id"], name="akten_posten_id"),
        ]

    def __str__(self) -> str:
        return f"{self.akte_id}: {self.status}"


class Loeschnachweis(BaseModel):
    """Proof that the content of an Akte was deleted: what, when, why and by whom.

    Kept for good (it holds no content, only Aktenzeichen, Betreff and the SHA-256 of
    every deleted Version), and recorded in the Protokoll.
    """

    class Grund(models.TextChoices):
        ARCHIVIERT = "archiviert", _("vom Archiv übernommen")
        VERNICHTET = "vernichtet", _("nach Ablauf der Aufbewahrungsfrist vernichtet")

    akte = models.ForeignKey(
        Akte, verbose_name=_("Akte"), on_delete=models.PROTECT, related_name="loeschnachweise"
    )
    aktenzeichen = models.CharField(_("Aktenzeichen"), max_length=60)
    betreff = models.CharField(_("Betreff"), max_length=500)
    grund = models.CharField(_("Grund"), max_length=12, choices=Grund.choices)
    archivkennung = models.CharField(_("Archivkennung"), max_length=500, blank=True)
    aussonderungsvorgang = models.ForeignKey(
        Aussonderungsvorgang,
        verbose_name=_("Aussonderungsvorgang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loeschnachweise",
    )
    aufbewahrung_bis = models.DateField(_("aufzubewahren bis"), null=True, blank=True)
    # [{vorgang, betreff, dokumente: [{id, betreff, versionen: [{nummer, dateiname, sha256}]}]}]
    inhalt = models.JSONField(_("gelöschter Inhalt"), default=list)
    blobs_entfernt = models.JSONField(_("entfernte Inhalte (SHA-256)"), default=list)
    geloescht_am = models.DateTimeField(_("gelöscht am"))
    geloescht_von = models.CharField(_("gelöscht von"), max_length=200)

    class Meta:
        verbose_name = _("Löschnachweis")
        verbose_name_plural = _("Löschnachweise")
        ordering = ["-geloescht_am", "-id"]

    def __str__(self) -> str:
        return f"Löschnachweis {self.aktenzeichen} ({self.grund})"


class Loeschfreigabe(models.Model):
    """Permission to delete the content of one closed Akte, valid in one transaction only.

    The zdA triggers (migration 0005) let DELETE (never INSERT or UPDATE) pass for the
    content of an Akte that has a row here; `aussonderung.loeschen` inserts the row,
    deletes and removes the row again in the same transaction, so no other transaction
    ever sees it. On PostgreSQL the row is additionally bound to the inserting
    transaction (`transaktion`, filled by a trigger): a stray committed row permits nothing.
    """

    akte = models.OneToOneField(Akte, on_delete=models.CASCADE, related_name="+")
    transaktion = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Löschfreigabe")
        verbose_name_plural = _("Löschfreigaben")

    def __str__(self) -> str:
        return str(self.akte_id)


class Loeschlauf(models.Model):
    """One run of the deletion periods (`loeschfristen_anwenden`): what each rule deleted."""

    gestartet_am = models.DateTimeField(_("gestartet am"))
    ergebnisse = models.JSONField(_("Ergebnisse"), default=dict)
    probelauf = models.BooleanField(_("Probelauf"), default=False)
    akteur = models.CharField(_("Akteur"), max_length=200)

    class Meta:
        verbose_name = _("Löschlauf")
        verbose_name_plural = _("Löschläufe")
        ordering = ["-gestartet_am", "-id"]

    def __str__(self) -> str:
        return f"Löschlauf {self.gestartet_am:%Y-%m-%d %H:%M}"
