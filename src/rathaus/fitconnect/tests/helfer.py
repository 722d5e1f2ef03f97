"""Test objects of the fitconnect app (also used by bench/fitconnect_empfang.py): a
Leistung whose Formular is a real FIM schema of ../shared/data/fim, and data valid against
it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rathaus.akten import services as akten
from rathaus.akten.models import AktenplanZuordnung
from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.models import Formular
from rathaus.formulare.selectors import json_schema_of
from rathaus.formulare.services import formular_import
from rathaus.katalog.models import Leistung, Zustaendigkeit
from rathaus.organisation.models import Organisationseinheit

LEIKA = "99050012104000"
SCHEMA = "S05000001319"


@dataclass
class Welt:
    leistung: Leistung
    formular: Formular
    amt: Organisationseinheit
    schema_uri: str

    def daten(self):
        """Data valid against the Formular's JSON Schema and its FIM rules: the required
        members, then what the rules ask for added and what they exclude removed."""
        from django.core.exceptions import ValidationError

        from rathaus.antraege.daten import daten_pruefen
        from rathaus.fitconnect.testserver import daten_aus_schema

        schema = json_schema_of(formular=self.formular)
        daten, voll = daten_aus_schema(schema), daten_aus_schema(schema, alle=True)
        for _ in range(30):
            try:
                daten_pruefen(formular=self.formular, daten=daten, dateien={})
                return daten
            except ValidationError as exc:
                for fim_id, texte in exc.message_dict.items():
                    if any("nicht vorgesehen" in t for t in texte):
                        pfad = _pfad(daten, fim_id)
                        if pfad is None:
                            raise
                        _knoten(daten, pfad[:-1]).pop(fim_id)
                    else:
                        pfad = _pfad(voll, fim_id)
                        if pfad is None:
                            raise
                        ziel = daten
                        for t in pfad[:-1]:
                            ziel = ziel.setdefault(t, {})
                        ziel[fim_id] = _knoten(voll, pfad)
        raise AssertionError("keine gültigen Daten gefunden")


def _pfad(daten, fim_id, vorne=()):
    """The keys leading to ``fim_id`` in nested data (first occurrence), or None."""
    if isinstance(daten, dict):
        if fim_id in daten:
            return (*vorne, fim_id)
        for k, v in daten.items():
            treffer = _pfad(v, fim_id, (*vorne, k))
            if treffer:
                return treffer
    return None


def _knoten(daten, pfad):
    for t in pfad:
        daten = daten[t]
    return daten


def welt_anlegen() -> Welt:
    """A Leistung with its responsible office, Aktenplan position and the real FIM
    Formular S05000001319 (what exists already, in a bootstrapped database, is reused)."""
    datei: Path = geteilte_daten("fim", "xdf3", SCHEMA, "schema.xdf.xml")
    vorhanden = next(
        (f for f in Formular.objects.filter(fim_id=SCHEMA) if f.leistung_id is not None), None
    )
    leika = vorhanden.leistung.leika_schluessel if vorhanden is not None else LEIKA
    amt, _ = Organisationseinheit.objects.get_or_create(
        slug="fitconnect-ordnungsamt", defaults={"name": "Ordnungsamt (FIT-Connect)", "art": "amt"}
    )
    leistung = Leistung.objects.filter(leika_schluessel=leika).first()
    if leistung is None:
        leistung = Leistung.objects.create(
            quelle="test:fitconnect",
            name="Schaustellung",
            slug="fitconnect-schaustellung",
            leika_schluessel=leika,
        )
    Zustaendigkeit.objects.filter(leistung=leistung).delete()
    Zustaendigkeit.objects.create(leistung=leistung, organisationseinheit=amt)
    formular = formular_import(dateien=[datei], actor="test", leistung_schluessel=leika)[0].formular
    if not AktenplanZuordnung.objects.filter(leistung=leistung).exists():
        einheit = akten.aktenplaneinheit_create(
            kennzeichen="97.10.05",
            titel="Gewerbe (FIT-Connect)",
            aufbewahrungsdauer_jahre=10,
            aussonderungsart="V",
            actor="test",
        )
        AktenplanZuordnung.objects.create(leistung=leistung, aktenplaneinheit=einheit)
    return Welt(leistung, formular, amt, json_schema_of(formular=formular)["$id"])
