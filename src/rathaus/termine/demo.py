"""Demo appointments setup (`rathaus load_demo_termine`, called by `bootstrap`): the
Bürgerbüro and the Kfz-Zulassungsstelle in the Schillstraße and the Standesamt in the
Rathaus with their real services (LeiKa keys of the demo catalogue) and plausible
durations. The opening hours, holidays and closure days are those of the demo
Organisationseinheiten. Idempotent: a second run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from rathaus.core.services import Actor, protokoll_write
from rathaus.katalog.selectors import leistung_by_leika
from rathaus.organisation.selectors import organisationseinheit_detail

from .models import Schalter, Terminleistung, Terminort


@dataclass(frozen=True)
class LeistungDemo:
    leika: str
    einheiten: int
    je_weitere_person: int = 0
    max_personen: int = 1


@dataclass(frozen=True)
class OrtDemo:
    oe: str
    slot_minuten: int
    schalter: int
    vorbehalten: int  # held back for phone and walk-in
    leistungen: tuple[LeistungDemo, ...]


ORTE = (
    OrtDemo(
        oe="buergerbuero",
        slot_minuten=15,
        schalter=6,
        vorbehalten=1,
        leistungen=(
            LeistungDemo("99008001012000", 2, 1, 5),  # Personalausweis: 30 min, +15 per person
            LeistungDemo("99008001012002", 1, 1, 5),  # vorläufiger Personalausweis
            LeistungDemo("99085001012000", 2, 1, 5),  # Reisepass
            LeistungDemo("99085003012000", 1, 1, 5),  # Kinderreisepass
            LeistungDemo("99115005104000", 1, 0, 6),  # Wohnsitz anmelden (one form per family)
            LeistungDemo("99115005070000", 1, 0, 6),  # Wohnsitz abmelden
            LeistungDemo("99115003012000", 1),  # Meldebescheinigung
        ),
    ),
    OrtDemo(
        oe="kfz-zulassungsstelle",
        slot_minuten=15,
        schalter=4,
        vorbehalten=1,
        leistungen=(
            LeistungDemo("99036008007000", 2),  # Fahrzeug zulassen
            LeistungDemo("99036008007001", 2),  # Fahrzeug umschreiben
            LeistungDemo("99036008070002", 1),  # außer Betrieb setzen
            LeistungDemo("99036013000000", 1),  # Anschrift in den Fahrzeugpapieren ändern
        ),
    ),
    OrtDemo(
        oe="standesamt",
        slot_minuten=15,
        schalter=2,
        vorbehalten=0,
        leistungen=(
            LeistungDemo("99059001104000", 4, 0, 2),  # Eheschließung anmelden: 60 min, the couple
        ),
    ),
)


def demo_termine_geladen() -> bool:
    return Terminort.objects.exists()


@transaction.atomic
def demo_termine_load(*, actor: Actor) -> int:
    """Create the demo Terminorte that are missing; returns how many were created."""
    neu = 0
    for ort in ORTE:
        try:
            oe = organisationseinheit_detail(slug=ort.oe)
        except ObjectDoesNotExist:  # the demo organisation is not loaded
            continue
        if oe.standort_id is None:
            continue
        terminort, angelegt = Terminort.objects.get_or_create(
            standort_id=oe.standort_id,
            organisationseinheit=oe,
            defaults={"slot_minuten": ort.slot_minuten},
        )
        if not angelegt:
            continue
        neu += 1
        schalter = [
            Schalter.objects.create(
                terminort=terminort,
                name=f"Platz {i + 1}",
                vorbehalten=i >= ort.schalter - ort.vorbehalten,
            )
            for i in range(ort.schalter)
        ]
        for reihenfolge, demo in enumerate(ort.leistungen):
            leistung = leistung_by_leika(leika_schluessel=demo.leika)
            if leistung is None:
                continue
            tl = Terminleistung.objects.create(
                terminort=terminort,
                leistung=leistung,
                einheiten=demo.einheiten,
                einheiten_je_weitere_person=demo.je_weitere_person,
                max_personen=demo.max_personen,
                reihenfolge=reihenfolge,
            )
            tl.schalter.set(schalter)
        protokoll_write(actor=actor, action="termin.demo", target=terminort)
    return neu
