"""A sample Aktenplan for a city administration and sample Akten (not an official plan).

The structure follows the usual municipal grouping (0 Allgemeine Verwaltung … 6 Bauen);
retention periods are realistic sample values (e.g. 10 years for tax and Wohngeld files
after § 169 AO / WoGG practice, 110/80/30 years for the Personenstand collections after
§ 7 PStG), to be replaced by the city's own Aktenplan and Aufbewahrungsfristenkatalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Position:
    kennzeichen: str
    titel: str
    jahre: int | None = None  # None: unbefristet
    art: str = "B"


AKTENPLAN: tuple[Position, ...] = (
    Position("0", "Allgemeine Verwaltung"),
    Position("0.1", "Ortsrecht, Satzungen, Beschlüsse der Bürgerschaft", None, "A"),
    Position("0.2", "Allgemeiner Schriftverkehr", 5, "V"),
    Position("1", "Personal"),
    Position("1.1", "Personalakten", 10, "B"),
    Position("1.2", "Stellenbesetzungsverfahren", 1, "V"),
    Position("2", "Finanzen"),
    Position("2.1", "Haushalt und Jahresabschlüsse", 10, "A"),
    Position("2.2", "Steuern und Abgaben"),
    Position("2.2.1", "Hundesteuer", 10, "V"),
    Position("2.2.2", "Grundsteuer", 10, "B"),
    Position("2.2.3", "Gewerbesteuer", 10, "V"),
    Position("3", "Sicherheit und Ordnung"),
    Position("3.2", "Ordnungsangelegenheiten"),
    Position("3.2.1", "Gewerbeangelegenheiten (An-, Um-, Abmeldung)", 10, "B"),
    Position("3.2.2", "Gaststätten", 10, "B"),
    Position("3.2.3", "Sondernutzungen und Veranstaltungen", 5, "V"),
    Position("3.2.4", "Fundsachen", 3, "V"),
    Position("3.3", "Meldewesen, Pass- und Ausweiswesen"),
    Position("3.3.1", "Meldewesen", 5, "V"),
    Position("3.3.2", "Pass- und Ausweiswesen", 10, "V"),
    Position("3.4", "Personenstandswesen"),
    Position("3.4.1", "Geburten (Sammelakten)", 110, "A"),
    Position("3.4.2", "Eheschließungen (Sammelakten)", 80, "A"),
    Position("3.4.3", "Sterbefälle (Sammelakten)", 30, "A"),
    Position("5", "Soziales"),
    Position("5.1", "Wohngeld", 10, "V"),
    Position("6", "Bauen"),
    Position("6.1", "Bauaufsicht"),
    Position("6.1.1", "Baugenehmigungsverfahren", None, "A"),
    Position("6.2", "Denkmalpflege", None, "A"),
)

# LeiKa key → (Aktenplan position, Aktenbildung)
ZUORDNUNGEN: dict[str, tuple[str, str]] = {
    "99050012104000": ("3.2.1", "einzelfall"),  # Gewerbe anmelden
    "99050012071000": ("3.2.1", "einzelfall"),  # Gewerbe ummelden
    "99050012070000": ("3.2.1", "einzelfall"),  # Gewerbe abmelden
    "99050053020000": ("3.2.1", "einzelfall"),  # Schaustellung von Personen: Fristverlängerung
    "99025002005000": ("3.2.2", "einzelfall"),  # Gaststättenerlaubnis
    "99089001005000": ("3.2.3", "einzelfall"),  # Veranstaltung anzeigen
    "99108012005000": ("3.2.3", "einzelfall"),  # Sondernutzung
    "99089017000000": ("3.2.4", "jahressammelakte"),  # Fundsachen
    "99115005104000": ("3.3.1", "jahressammelakte"),  # Wohnsitz anmelden
    "99115005070000": ("3.3.1", "jahressammelakte"),  # Wohnsitz abmelden
    "99115003012000": ("3.3.1", "jahressammelakte"),  # Meldebescheinigung
    "99008001012000": ("3.3.2", "jahressammelakte"),  # Personalausweis
    "99085001012000": ("3.3.2", "jahressammelakte"),  # Reisepass
    "99027002012000": ("3.4.1", "jahressammelakte"),  # Geburtsurkunde
    "99059001104000": ("3.4.2", "einzelfall"),  # Eheschließung anmelden
    "99101011000000": ("3.4.3", "einzelfall"),  # Sterbefall anzeigen
    "99102013002000": ("2.2.1", "einzelfall"),  # Hund anmelden
    "99102012002002": ("2.2.2", "einzelfall"),  # Grundsteuer
    "99102010002000": ("2.2.3", "einzelfall"),  # Gewerbesteuer
    "99107023017000": ("5.1", "einzelfall"),  # Wohngeld
    "99012008001000": ("6.1.1", "einzelfall"),  # Baugenehmigung
    "99033002001000": ("6.2", "einzelfall"),  # Denkmalrechtliche Genehmigung
}


@dataclass(frozen=True)
class AkteDemo:
    position: str
    betreff: str
    oe: str  # slug of the Organisationseinheit (katalog demo)
    beginn: date
    dokumente: tuple[tuple[str, str, str], ...]  # (art, Betreff, Text)
    zda: date | None = None  # closed on this (past) day


AKTEN: tuple[AkteDemo, ...] = (
    AkteDemo(
        "3.2.1",
        "Gewerbeanmeldung Fischräucherei am Hafen",
        "gewerbeamt",
        date(2011, 3, 1),
        (
            ("eingang", "Gewerbeanmeldung (GewA 1)", "Anmeldung einer Fischräucherei am Hafen."),
            ("ausgang", "Empfangsbestätigung Gewerbeanmeldung", "Ihre Anmeldung ist erfasst."),
        ),
        zda=date(2012, 6, 29),
    ),
    AkteDemo(
        "3.2.2",
        "Gaststättenerlaubnis Hafenkneipe Speicher 3",
        "gewerbeamt",
        date(2010, 5, 3),
        (
            ("eingang", "Antrag auf Gaststättenerlaubnis", "Antrag für die Hafenkneipe."),
            ("ausgang", "Gaststättenerlaubnis", "Die Erlaubnis nach § 2 GastG wird erteilt."),
        ),
        zda=date(2011, 9, 15),
    ),
    AkteDemo(
        "2.2.1",
        "Hundesteuer Tribseer Damm",
        "steuern",
        date(2009, 2, 1),
        (
            ("eingang", "Anmeldung eines Hundes", "Anmeldung eines Hundes zur Hundesteuer."),
            ("ausgang", "Hundesteuerbescheid", "Festsetzung der Hundesteuer."),
        ),
        zda=date(2013, 1, 10),
    ),
    AkteDemo(
        "5.1",
        "Wohngeld Knieper West 2012",
        "wohngeldstelle",
        date(2012, 1, 4),
        (
            ("eingang", "Wohngeldantrag (Mietzuschuss)", "Antrag auf Mietzuschuss."),
            ("ausgang", "Wohngeldbescheid", "Bewilligung von Wohngeld für zwölf Monate."),
        ),
        zda=date(2013, 2, 28),
    ),
    AkteDemo(
        "3.4.3",
        "Sterbefälle 2020",
        "standesamt",
        date(2020, 1, 2),
        (("intern", "Sammelakte Sterbefälle", "Sammelakte des Standesamts."),),
        zda=date(2021, 1, 15),
    ),
    AkteDemo(
        "3.2.1",
        "Gewerbeanmeldung Kaffeerösterei am Alten Markt",
        "gewerbeamt",
        date(2026, 1, 5),
        (("eingang", "Gewerbeanmeldung (GewA 1)", "Anmeldung einer Kaffeerösterei."),),
    ),
    AkteDemo(
        "6.1.1",
        "Bauantrag Einfamilienhaus Andershof",
        "bauaufsicht",
        date(2026, 2, 2),
        (
            ("eingang", "Bauantrag", "Bauantrag für ein Einfamilienhaus in Andershof."),
            ("intern", "Stellungnahme Denkmalpflege", "Keine denkmalrechtlichen Bedenken."),
        ),
    ),
)
