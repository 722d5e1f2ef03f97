"""The demo fee rules (`load_demo_gebuehren`, run by `bootstrap`) and the demo's real FIM
form with an advance fee (S05000001313) importing cleanly."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.services import formular_import
from rathaus.katalog.models import Leistung
from rathaus.zahlungen.models import Gebuehrenregel
from rathaus.zahlungen.selectors import gebuehr_vorschau


@pytest.fixture
def leistungen(db):
    schau = Leistung.objects.create(
        quelle="test:schau",
        name="Schaustellung von Personen Verlängerung",
        slug="schau",
        leika_schluessel="99050053020000",
    )
    urkunde = Leistung.objects.create(
        quelle="test:urkunde",
        name="Erlaubnisurkunde Güterkraftverkehr Erstellung",
        slug="urkunde",
        leika_schluessel="99055004032000",
    )
    return schau, urkunde


def test_demo_rules_are_created_once(leistungen):
    schau, urkunde = leistungen
    call_command("load_demo_gebuehren", stdout=io.StringIO())
    call_command("load_demo_gebuehren", stdout=io.StringIO())
    (rahmen,) = Gebuehrenregel.objects.filter(leistung=schau)
    assert (rahmen.art, rahmen.faelligkeit) == ("rahmen", "bescheid")
    assert (rahmen.betrag_cent, rahmen.betrag_max_cent) == (3000, 25000)
    (fest,) = Gebuehrenregel.objects.filter(leistung=urkunde)
    assert (fest.art, fest.faelligkeit, fest.betrag_cent) == ("fest", "vorab", 2500)
    # the form shows 25 € before submission; the range is no advance fee
    vorschau = gebuehr_vorschau(leistung_id=urkunde.pk, antworten={})
    assert vorschau is not None and vorschau.summe_cent == 2500
    assert gebuehr_vorschau(leistung_id=schau.pk, antworten={}) is None


def test_without_the_leistungen_nothing_is_created(db):
    call_command("load_demo_gebuehren", stdout=io.StringIO())
    assert not Gebuehrenregel.objects.exists()


def test_the_advance_fee_form_of_the_demo_imports(leistungen):
    datei = geteilte_daten("fim", "xdf3", "S05000001313", "schema.xdf.xml")
    (ergebnis,) = formular_import(
        dateien=[datei], actor="test", leistung_schluessel="99055004032000"
    )
    assert ergebnis.formular.leistung == leistungen[1]


def test_the_advance_fee_demo_leistung_gets_its_office_once(leistungen, settings):
    from rathaus.akten import services as akten
    from rathaus.akten.models import AktenplanZuordnung
    from rathaus.katalog.models import Zustaendigkeit
    from rathaus.katalog.selectors import zustaendige_stelle
    from rathaus.organisation.models import Organisationseinheit
    from rathaus.portal.management.commands.bootstrap import demo_zustaendigkeit_set

    urkunde = leistungen[1]
    assert demo_zustaendigkeit_set() == 0  # no office, no Aktenplan yet: nothing to do
    amt = Organisationseinheit.objects.create(name="Gewerbe", slug="gewerbeamt", art="amt")
    einheit = akten.aktenplaneinheit_create(
        kennzeichen="3.2.1",
        titel="Gewerbeangelegenheiten",
        aufbewahrungsdauer_jahre=10,
        aussonderungsart="V",
        actor="test",
    )
    assert demo_zustaendigkeit_set() == 1
    assert zustaendige_stelle(leistung=urkunde) == amt
    assert AktenplanZuordnung.objects.get(leistung=urkunde).aktenplaneinheit == einheit
    assert demo_zustaendigkeit_set() == 0  # once
    assert Zustaendigkeit.objects.filter(leistung=urkunde).count() == 1
