"""Demo fee rules (`rathaus load_demo_gebuehren`, called by `bootstrap`) for the demo's
online forms:

- Schaustellung von Personen, Verlängerung (LeiKa 99050053020000, real FIM form
  S05000001319): the catalogue says 30 to 250 EUR according to the effort, so it is a
  range the clerk fixes in the decision; payable after the Bescheid.
- Erlaubnisurkunde für den gewerblichen Güterkraftverkehr, Erstellung (LeiKa
  99055004032000, real FIM form S05000001313 "Ersatzausstellung der Gemeinschaftslizenz
  oder Erlaubnisurkunde", which calls the replacement "kostenpflichtig"): a fixed fee paid
  with the application, before it is processed. The amount is a demo value, not the
  federal tariff.

Idempotent: a rule that exists (by Leistung and name) is left as it is; a Leistung the
catalogue does not have is skipped."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from rathaus.core.services import Actor, protokoll_write
from rathaus.katalog.selectors import leistung_by_leika

from .models import Faelligkeit, Gebuehrenregel


@dataclass(frozen=True)
class RegelDemo:
    leika: str
    bezeichnung: str
    art: str
    faelligkeit: str
    betrag_cent: int
    rechtsgrundlage: str
    betrag_max_cent: int | None = None


REGELN = (
    RegelDemo(
        leika="99050053020000",
        bezeichnung="Verlängerung der Erlaubnis zur Schaustellung von Personen",
        art=Gebuehrenregel.Art.RAHMEN,
        faelligkeit=Faelligkeit.BESCHEID,
        betrag_cent=3000,
        betrag_max_cent=25000,
        rechtsgrundlage="§ 33a GewO; Gebührenrahmen 30 bis 250 EUR nach Aufwand (Leistungskatalog)",
    ),
    RegelDemo(
        leika="99055004032000",
        bezeichnung="Ersatzausfertigung der Erlaubnisurkunde oder Gemeinschaftslizenz",
        art=Gebuehrenregel.Art.FEST,
        faelligkeit=Faelligkeit.VORAB,
        betrag_cent=2500,
        rechtsgrundlage="§ 3, § 5 GüKG; Kostenverordnung für den Güterkraftverkehr (Demo-Betrag)",
    ),
)


@transaction.atomic
def demo_gebuehren_load(*, actor: Actor) -> int:
    """Create the demo fee rules that are missing; returns how many were created."""
    neu = 0
    for r in REGELN:
        leistung = leistung_by_leika(leika_schluessel=r.leika)
        if leistung is None:
            continue
        regel, angelegt = Gebuehrenregel.objects.get_or_create(
            leistung=leistung,
            bezeichnung=r.bezeichnung,
            defaults={
                "art": r.art,
                "faelligkeit": r.faelligkeit,
                "betrag_cent": r.betrag_cent,
                "betrag_max_cent": r.betrag_max_cent,
                "rechtsgrundlage": r.rechtsgrundlage,
            },
        )
        if angelegt:
            neu += 1
            protokoll_write(
                actor=actor,
                action="gebuehrenregel.create",
                target=regel,
                details={"demo": True, "leika": r.leika, "betrag_cent": r.betrag_cent},
            )
    return neu
