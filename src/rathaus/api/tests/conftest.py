"""A small catalogue built with the models: two Themenfelder, one office, four Leistungen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml
from rathaus.katalog.models import (
    Gebuehr,
    Lebenslage,
    Leistung,
    OzgLeistung,
    Themenfeld,
    Zustaendigkeit,
)
from rathaus.katalog.search import suchindex_update
from rathaus.katalog.search.vocabulary import reset
from rathaus.organisation.models import (
    Oeffnungszeit,
    Organisationseinheit,
    Sonderoeffnung,
    Standort,
)


@dataclass
class Katalog:
    familie: Themenfeld
    mobil: Themenfeld
    geburt: Lebenslage
    auto: Lebenslage
    urkunde: OzgLeistung
    zulassung: OzgLeistung
    buergerbuero: Organisationseinheit
    standesamt: Organisationseinheit
    ausweis: Leistung
    geburtsurkunde: Leistung
    kfz: Leistung
    meldebescheinigung: Leistung
    formular: Formular  # the online form of the Geburtsurkunde


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Throttle counters and the search vocabulary must not leak between tests.
    cache.clear()
    reset()


@pytest.fixture
def client() -> APIClient:
    return APIClient(HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="de")


@pytest.fixture
def katalog(db: None, tmp_path: Path) -> Katalog:
    familie = Themenfeld.objects.create(quelle_id=1, name="Familie & Kind", slug="familie-kind")
    mobil = Themenfeld.objects.create(
        quelle_id=2, name="Mobilität & Reisen", name_en="Mobility", slug="mobilitaet-reisen"
    )
    geburt = Lebenslage.objects.create(
        quelle_id=11, themenfeld=familie, name="Geburt", slug="geburt"
    )
    auto = Lebenslage.objects.create(
        quelle_id=12, themenfeld=mobil, name="Auto und Führerschein", slug="auto"
    )
    urkunde = OzgLeistung.objects.create(
        quelle_id=101, ozg_id="10557", name="Geburtsurkunde und -bescheinigung", lebenslage=geburt
    )
    zulassung = OzgLeistung.objects.create(
        quelle_id=102, ozg_id="10338", name="Fahrzeugzulassung", lebenslage=auto
    )
    rathaus = Standort.objects.create(
        name="Rathaus",
        slug="rathaus",
        strasse="Alter Markt 1",
        plz="18439",
        telefon="03831 2520",
        email="info@stralsund.de",
        aufzug=True,
    )
    buergerbuero = Organisationseinheit.objects.create(
        name="Bürgerbüro",
        slug="buergerbuero",
        art="abteilung",
        standort=rathaus,
        telefon="03831 252-111",
        email="buergerbuero@stralsund.de",
    )
    standesamt = Organisationseinheit.objects.create(
        name="Standesamt",
        slug="standesamt",
        art="abteilung",
        standort=rathaus,
    )
    for tag in range(5):
        Oeffnungszeit.objects.create(
            organisationseinheit=buergerbuero, wochentag=tag, von=time(8), bis=time(12)
        )
    heute = date.today()
    Sonderoeffnung.objects.create(
        organisationseinheit=buergerbuero, datum=heute + timedelta(days=3), grund="Betriebsausflug"
    )
    Sonderoeffnung.objects.create(
        organisationseinheit=buergerbuero, datum=heute - timedelta(days=30), grund="vorbei"
    )

    ausweis = Leistung.objects.create(
        quelle="test:1",
        name="Personalausweis beantragen",
        slug="personalausweis-beantragen",
        name_en="Apply for an identity card",
        leika_schluessel="99008001001000",
        kurztext="Den Ausweis im Bürgerbüro beantragen.",
        volltext="Persönlich vorsprechen.",
        unterlagen="Passbild",
        synonyme="Perso\nAusweis",
        termin_url="https://example.org/ausweis-termin",
        nachfrage=900,
    )
    geburtsurkunde = Leistung.objects.create(
        quelle="test:2",
        name="Geburtsurkunde",
        slug="geburtsurkunde",
        leika_schluessel="99027002000000",
        ozg_leistung=urkunde,
        kurztext="Urkunde über die Geburt.",
    )
    kfz = Leistung.objects.create(
        quelle="test:3",
        name="Kfz-Zulassung Neufahrzeug",
        slug="kfz-zulassung",
        ozg_leistung=zulassung,
        beispielinhalt=True,
    )
    meldebescheinigung = Leistung.objects.create(
        quelle="test:4",
        name="Meldebescheinigung",
        slug="meldebescheinigung",
        volltext="Ein Personalausweis genügt als Nachweis.",
    )
    Gebuehr.objects.create(leistung=ausweis, bezeichnung="unter 24 Jahren", betrag=Decimal("22.80"))
    Gebuehr.objects.create(
        leistung=ausweis, bezeichnung="ab 24 Jahren", betrag=Decimal("37.00"), reihenfolge=1
    )
    Zustaendigkeit.objects.create(leistung=ausweis, organisationseinheit=buergerbuero)
    Zustaendigkeit.objects.create(leistung=meldebescheinigung, organisationseinheit=buergerbuero)
    Zustaendigkeit.objects.create(leistung=geburtsurkunde, organisationseinheit=standesamt)
    datei = tmp_path / "geburtsurkunde.xdf.xml"
    datei.write_bytes(schema_xml())
    formular = formular_import(
        dateien=[datei], actor="test", leistung_schluessel=geburtsurkunde.leika_schluessel
    )[0].formular
    suchindex_update()
    return Katalog(
        familie=familie,
        mobil=mobil,
        geburt=geburt,
        auto=auto,
        urkunde=urkunde,
        zulassung=zulassung,
        buergerbuero=buergerbuero,
        standesamt=standesamt,
        ausweis=ausweis,
        geburtsurkunde=geburtsurkunde,
        kfz=kfz,
        meldebescheinigung=meldebescheinigung,
        formular=formular,
    )
