from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import BaseModel


class Buerger(BaseModel):
    """A citizen as an identity provider (BundID …) delivers them.

    The pair (aussteller, sub) identifies the person: `sub` is the pseudonymous subject the
    provider issues for Rathaus. The other fields are updated on every login, so they always
    show what the identity said last. The level of a login lives in the session, not here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        on_delete=models.CASCADE,
        related_name="buerger",
    )
    aussteller = models.CharField(_("Aussteller (issuer)"), max_length=255)
    sub = models.CharField(_("Pseudonym (sub)"), max_length=255)
    vorname = models.CharField(_("Vorname"), max_length=200, blank=True)
    nachname = models.CharField(_("Nachname"), max_length=200, blank=True)
    geburtsname = models.CharField(_("Geburtsname"), max_length=200, blank=True)
    geburtsdatum = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    geburtsort = models.CharField(_("Geburtsort"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    strasse = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postleitzahl = models.CharField(_("Postleitzahl"), max_length=20, blank=True)
    ort = models.CharField(_("Ort"), max_length=200, blank=True)
    land = models.CharField(_("Land"), max_length=2, blank=True)
    letzte_anmeldung_am = models.DateTimeField(_("letzte Anmeldung"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bürgerin oder Bürger")
        verbose_name_plural = _("Bürgerinnen und Bürger")
        constraints = [
            models.UniqueConstraint(fields=["aussteller", "sub"], name="buerger_aussteller_sub")
        ]

    def __str__(self) -> str:
        return self.name or self.sub

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.vorname, self.nachname) if part)


class Postfachnachricht(BaseModel):
    """A message to a citizen's Postfach (Bescheid, query, receipt …)."""

    empfaenger = models.ForeignKey(
        Buerger,
        verbose_name=_("Empfänger"),
        on_delete=models.CASCADE,
        related_name="postfachnachrichten",
    )
    betreff = models.CharField(_("Betreff"), max_length=300)
    text = models.TextField(_("Text"), blank=True)
    # Text shown to the citizen; `dokument` is the E-Akte Dokument they may download.
    dokument_referenz = models.CharField(_("Dokument"), max_length=300, blank=True)
    dokument = models.ForeignKey(
        "akten.Dokument",
        verbose_name=_("Dokument (E-Akte)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gelesen_am = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Postfachnachricht")
        verbose_name_plural = _("Postfachnachrichten")
        ordering = ["-erstellt_am", "-id"]
        indexes = [models.Index(fields=["empfaenger", "-erstellt_am"])]

    def __str__(self) -> str:
        return self.betreff
