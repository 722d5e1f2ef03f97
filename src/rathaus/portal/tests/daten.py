"""A small, complete data set for the portal's view and browser tests.

Real enough to exercise every page (Themenfelder with Lebenslagen, a fully described
service with fees, an appointment link and a responsible office with opening hours, a
described service with an online form, an undescribed catalogue entry, more than one page
of services) and fast enough to load once per browser test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from django.db import transaction

from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml
from rathaus.katalog.models import (
    Gebuehr,
    Lebenslage,
    Leistung,
    OzgLeistung,
    Synonym,
    Themenfeld,
    Zustaendigkeit,
)
from rathaus.katalog.search import suchindex_update
from rathaus.organisation.models import (
    Oeffnungszeit,
    Organisationseinheit,
    Sonderoeffnung,
    Standort,
)

FUELL_LEISTUNGEN = 24


@dataclass
class PortalDaten:
    themenfeld: Themenfeld
    lebenslage: Lebenslage
    personalausweis: Leistung
    schaustellung: Leistung  # described, with an online form
    formular: Formular
    ohne_text: Leistung
    buergerbuero: Organisationseinheit
    ordnungsamt: Organisationseinheit
    verwaltung: Organisationseinheit


@transaction.atomic
def daten_anlegen() -> PortalDaten:
    familie = Themenfeld.objects.create(
        quelle_id=9001, name="Familie & Kind", name_en="Family & children", slug="familie-kind"
    )
    ausweise = Themenfeld.objects.create(
        quelle_id=9002, name="Ein- & Auswandern", slug="ein-auswandern"
    )
    Themenfeld.objects.create(quelle_id=9003, name="Bauen & Wohnen", slug="bauen-wohnen")
    ausweis_lage = Lebenslage.objects.create(
        quelle_id=9101,
        themenfeld=ausweise,
        name="Ausweise & Dokumente",
        name_en="Identity documents",
        slug="ausweise-dokumente",
    )
    Lebenslage.objects.create(quelle_id=9102, themenfeld=familie, name="Geburt", slug="geburt")
    Lebenslage.objects.create(
        quelle_id=9103, themenfeld=familie, name="Kinderbetreuung", slug="kinderbetreuung"
    )
    ozg_ausweis = OzgLeistung.objects.create(
        quelle_id=9201, ozg_id="10210", name="Personalausweis", lebenslage=ausweis_lage
    )

    rathaus = Standort.objects.create(
        name="Rathaus",
        slug="rathaus",
        strasse="Alter Markt",
        plz="18439",
        telefon="03831 252 0",
        email="info@stralsund.de",
        stufenloser_zugang=True,
        aufzug=True,
        barrierefreies_wc=True,
        barrierefreiheit_hinweis="Eingang mit automatischer Tür an der Ostseite.",
        anfahrt="Bushaltestelle Alter Markt; Parkhaus Am Frankenteich.",
    )
    verwaltung = Organisationseinheit.objects.create(
        name="Stadtverwaltung Stralsund",
        name_en="City administration",
        slug="stadtverwaltung",
        art=Organisationseinheit.Art.VERWALTUNG,
        standort=rathaus,
    )
    buergerbuero = Organisationseinheit.objects.create(
        name="Bürgerbüro",
        name_en="Citizens' Office",
        slug="buergerbuero",
        art=Organisationseinheit.Art.ABTEILUNG,
        uebergeordnet=verwaltung,
        standort=rathaus,
        telefon="03831 253 780",
        email="buergerbuero@stralsund.de",
        raum="E.12",
        beschreibung="Das Bürgerbüro ist die erste Anlaufstelle für Ausweise und Meldewesen.",
        erste_anlaufstelle=True,
        beispielinhalt=True,
    )
    ordnungsamt = Organisationseinheit.objects.create(
        name="Ordnungsamt",
        slug="ordnungsamt",
        art=Organisationseinheit.Art.AMT,
        uebergeordnet=verwaltung,
        standort=rathaus,
        nur_mit_termin=True,
        termin_hinweis="Termine unter 03831 252 300.",
    )
    Organisationseinheit.objects.create(
        name="Fundbüro",
        slug="fundbuero",
        art=Organisationseinheit.Art.SACHGEBIET,
        uebergeordnet=ordnungsamt,
        standort=rathaus,
    )
    for tag in range(5):
        Oeffnungszeit.objects.create(
            organisationseinheit=buergerbuero, wochentag=tag, von=time(8), bis=time(12)
        )
        Oeffnungszeit.objects.create(
            organisationseinheit=buergerbuero, wochentag=tag, von=time(13), bis=time(18)
        )
        Oeffnungszeit.objects.create(
            organisationseinheit=ordnungsamt,
            wochentag=tag,
            von=time(9),
            bis=time(15),
            nur_mit_termin=True,
        )
    Sonderoeffnung.objects.create(
        organisationseinheit=buergerbuero,
        datum=date.today() + timedelta(days=3),
        geschlossen=True,
        grund="Betriebsausflug",
    )

    personalausweis = Leistung.objects.create(
        quelle="test:personalausweis",
        name="Personalausweis Ausstellung",
        name_buerger="Personalausweis beantragen",
        name_en="Apply for an identity card",
        slug="personalausweis-beantragen",
        leika_schluessel="99008001012000",
        typisierung="2/3",
        ozg_leistung=ozg_ausweis,
        kurztext="Den Personalausweis beantragen Sie persönlich im Bürgerbüro.",
        kurztext_en="Apply for an identity card in person at the Citizens' Office.",
        volltext="Alle Deutschen ab 16 Jahren müssen einen gültigen Ausweis besitzen.",
        voraussetzungen="Sie sind mit Hauptwohnsitz in Stralsund gemeldet.",
        unterlagen="- bisheriger Personalausweis\n- ein biometrisches Lichtbild",
        kosten="37,00 Euro ab 24 Jahren.",
        verfahrensablauf="Vereinbaren Sie einen Termin im Bürgerbüro.",
        bearbeitungsdauer="Drei bis vier Wochen.",
        fristen="Beantragen Sie den Ausweis sechs Wochen vor Ablauf.",
        formulare="Keine Formulare nötig.",
        hinweise="Nur digitale Lichtbilder werden angenommen.",
        rechtsgrundlagen=(
            "Personalausweisgesetz (PAuswG) [https://www.gesetze-im-internet.de/pauswg/]\n"
            "Personalausweisverordnung (PAuswV)"
        ),
        synonyme="Perso\nAusweis",
        termin_url="https://www.stralsund.de/termin/personalausweis",
        nachfrage=9200,
        beispielinhalt=True,
    )
    Gebuehr.objects.create(
        leistung=personalausweis,
        bezeichnung="Personalausweis ab 24 Jahren",
        betrag=Decimal("37.00"),
        reihenfolge=1,
    )
    Gebuehr.objects.create(
        leistung=personalausweis,
        bezeichnung="Personalausweis unter 24 Jahren",
        betrag=Decimal("22.80"),
        reihenfolge=2,
    )
    Gebuehr.objects.create(
        leistung=personalausweis,
        bezeichnung="Nachträgliche Änderungen",
        betrag=Decimal("10.00"),
        betrag_bis=Decimal("1250.50"),
        hinweis="je nach Aufwand",
        reihenfolge=3,
    )
    Zustaendigkeit.objects.create(leistung=personalausweis, organisationseinheit=buergerbuero)

    reisepass = Leistung.objects.create(
        quelle="test:reisepass",
        name="Reisepass beantragen",
        slug="reisepass-beantragen",
        ozg_leistung=ozg_ausweis,
        kurztext="Den Reisepass beantragen Sie im Bürgerbüro.",
        nachfrage=3100,
    )
    Zustaendigkeit.objects.create(leistung=reisepass, organisationseinheit=buergerbuero)
    fundsache = Leistung.objects.create(
        quelle="test:fundsache",
        name="Fundsache abgeben",
        slug="fundsache-abgeben",
        kurztext="Gefundene Sachen geben Sie im Fundbüro ab.",
        nachfrage=400,
    )
    Zustaendigkeit.objects.create(leistung=fundsache, organisationseinheit=ordnungsamt)
    gewerbe = Organisationseinheit.objects.create(
        name="Abteilung Gewerbe",
        slug="gewerbeamt",
        art=Organisationseinheit.Art.ABTEILUNG,
        uebergeordnet=ordnungsamt,
        standort=rathaus,
    )
    schaustellung = Leistung.objects.create(
        quelle="test:schaustellung",
        name="Erlaubnis zur gewerbsmäßigen Schaustellung von Personen Verlängerung",
        name_buerger="Schaustellungserlaubnis verlängern",
        slug="schaustellungserlaubnis-verlaengern",
        leika_schluessel="99050053020000",
        typisierung="2/3",
        kurztext="Die Frist, nach der eine Erlaubnis zur Schaustellung erlischt, verlängern.",
        verfahrensablauf="Die Abteilung Gewerbe prüft den Antrag.",
        nachfrage=15,
    )
    Zustaendigkeit.objects.create(leistung=schaustellung, organisationseinheit=gewerbe)
    with TemporaryDirectory() as ordner:
        datei = Path(ordner) / "schema.xdf.xml"
        datei.write_bytes(schema_xml())
        formular = formular_import(
            dateien=[datei], actor="test", leistung_schluessel=schaustellung.leika_schluessel
        )[0].formular
    ozg_schuldner = OzgLeistung.objects.create(
        quelle_id=9202, ozg_id="10352", name="Schuldnerverzeichnis", lebenslage=None
    )
    ohne_text = Leistung.objects.create(
        quelle="test:schuldnerverzeichnis",
        name="Abdrucke aus dem Schuldnerverzeichnis",
        slug="abdrucke-aus-dem-schuldnerverzeichnis",
        leika_schluessel="99015005000000",
        typisierung="2/3",
        ozg_leistung=ozg_schuldner,
        rechtsgrundlagen=(
            "§ 882g Zivilprozessordnung (ZPO) [http://www.gesetze-im-internet.de/zpo/__882g.html]"
        ),
    )
    for n in range(FUELL_LEISTUNGEN):
        Leistung.objects.create(
            quelle=f"test:ausweis-{n}",
            name=f"Ausweisdokument Sonderfall {n + 1:02d}",
            slug=f"ausweisdokument-sonderfall-{n + 1:02d}",
            ozg_leistung=ozg_ausweis,
        )
    Synonym.objects.create(begriff="perso", ersetzung="personalausweis")
    suchindex_update()
    return PortalDaten(
        themenfeld=ausweise,
        lebenslage=ausweis_lage,
        personalausweis=personalausweis,
        schaustellung=schaustellung,
        formular=formular,
        ohne_text=ohne_text,
        buergerbuero=buergerbuero,
        ordnungsamt=ordnungsamt,
        verwaltung=verwaltung,
    )
