"""Destroying Akten after their retention: Aktenplan says V, or the archive's Bewertung did."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor

from ..models import Akte, Aussonderungsart, Aussonderungsposten, Loeschnachweis
from .angebot import faellige_akten
from .loeschen import akte_inhalt_loeschen, frist_abgelaufen_pruefen

P = Aussonderungsposten.Status


def zu_vernichtende_akten(*, heute: date | None = None) -> QuerySet[Akte]:
    """Akten to destroy now: retention over, not ausgesondert, and marked V by the Aktenplan
    (not in an open Aussonderung) or by the archive's Bewertung."""
    heute = heute or timezone.localdate()
    vom_aktenplan = faellige_akten(heute=heute).filter(aussonderungsart=Aussonderungsart.VERNICHTEN)
    vom_archiv = Akte.objects.filter(
        zda_am__isnull=False,
        aufbewahrung_bis__lt=heute,
        ausgesondert_am__isnull=True,
        aussonderungsposten__status=P.VERNICHTEN,
    )
    return (
        Akte.objects.filter(
            Q(pk__in=vom_aktenplan.values("pk")) | Q(pk__in=vom_archiv.values("pk"))
        )
        .select_related("aktenplaneinheit")
        .order_by("aktenplaneinheit__kennzeichen", "ordnungsnummer")
    )


@transaction.atomic
def akten_vernichten(*, actor: Actor, akten: list[Akte] | None = None) -> list[Loeschnachweis]:
    """Destroy the due V-Akten (or those of `akten` that are due), each with a Löschnachweis.

    An Akte whose retention has not ended, that is open or already gone is refused
    (ValidationError) and nothing is deleted.
    """
    heute = timezone.localdate()
    if akten is None:
        auswahl = list(zu_vernichtende_akten(heute=heute))
    else:
        auswahl = list(akten)
        faellig = set(zu_vernichtende_akten(heute=heute).values_list("pk", flat=True))
        for akte in auswahl:
            if akte.pk not in faellig:
                frist_abgelaufen_pruefen(Akte.objects.get(pk=akte.pk), heute)
                raise ValidationError(
                    _("Die Akte %(az)s ist nicht zur Vernichtung bestimmt."),
                    code="nicht_vernichten",
                    params={"az": akte.aktenzeichen},
                )
    nachweise = []
    for akte in auswahl:
        nachweise.append(
            akte_inhalt_loeschen(akte=akte, grund=Loeschnachweis.Grund.VERNICHTET, actor=actor)
        )
        Aussonderungsposten.objects.filter(akte=akte, status=P.VERNICHTEN).update(
            status=P.VERNICHTET
        )
    return nachweise
