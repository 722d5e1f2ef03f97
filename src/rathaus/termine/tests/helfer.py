"""Objects for the termine tests: one Terminort with counters, hours and two services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from rathaus.katalog.models import Leistung
from rathaus.organisation.models import Oeffnungszeit, Organisationseinheit, Standort
from rathaus.organisation.selectors import LOCAL_TZ
from rathaus.termine.models import Schalter, Terminleistung, Terminort

# A Monday morning; the window starts tomorrow (Tuesday 8 December 2026).
JETZT = datetime(2026, 12, 7, 10, 0, tzinfo=LOCAL_TZ)
MORGEN = date(2026, 12, 8)


def um(tag: date, stunde: int, minute: int = 0) -> datetime:
    return datetime.combine(tag, time(stunde, minute), tzinfo=LOCAL_TZ)


@dataclass
class Welt:
    terminort: Terminort
    schalter: list[Schalter]
    ausweis: Leistung
    anmeldung: Leistung
    tl_ausweis: Terminleistung
    tl_anmeldung: Terminleistung


def welt(*, schalter: int = 2, von: time = time(8), bis: time = time(12), slug: str = "bb") -> Welt:
    standort = Standort.objects.create(
        name="Bürgerbüro", slug=slug, strasse="Schillstraße 5-7", plz="18439"
    )
    oe = Organisationseinheit.objects.create(
        name=f"Bürgerbüro {slug}", slug=f"oe-{slug}", art="abteilung", standort=standort
    )
    for tag in range(5):
        Oeffnungszeit.objects.create(organisationseinheit=oe, wochentag=tag, von=von, bis=bis)
    ort = Terminort.objects.create(standort=standort, organisationseinheit=oe, slot_minuten=15)
    alle = [Schalter.objects.create(terminort=ort, name=f"Platz {i + 1}") for i in range(schalter)]
    ausweis = Leistung.objects.create(
        quelle=f"test:ausweis-{slug}",
        name="Personalausweis Ausstellung",
        name_buerger="Personalausweis beantragen",
        slug=f"ausweis-{slug}",
        unterlagen="Biometrisches Passfoto\nAlter Ausweis",
    )
    anmeldung = Leistung.objects.create(
        quelle=f"test:anmeldung-{slug}", name="Anmeldung Wohnsitz", slug=f"anmeldung-{slug}"
    )
    tl_a = Terminleistung.objects.create(
        terminort=ort, leistung=ausweis, einheiten=2, einheiten_je_weitere_person=1, max_personen=5
    )
    tl_a.schalter.set(alle)
    tl_m = Terminleistung.objects.create(terminort=ort, leistung=anmeldung, einheiten=1)
    tl_m.schalter.set(alle)
    return Welt(ort, alle, ausweis, anmeldung, tl_a, tl_m)
