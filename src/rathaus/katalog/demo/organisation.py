"""The administration of the Hansestadt Stralsund as sample data.

Addresses and telephone numbers follow the real city where the brief gave them; everything
else (rooms, most numbers, opening hours, accessibility details) is realistic sample content.
Stralsund belongs to the Landkreis Vorpommern-Rügen: driving licences, youth welfare
office, immigration office and health office are the district's tasks, not the city's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandortDemo:
    slug: str
    name: str
    strasse: str
    plz: str
    telefon: str = ""
    email: str = ""
    stufenloser_zugang: bool = False
    aufzug: bool = False
    barrierefreies_wc: bool = False
    behindertenparkplatz: bool = False
    barrierefreiheit_hinweis: str = ""
    anfahrt: str = ""


@dataclass(frozen=True)
class OrganisationseinheitDemo:
    slug: str
    name: str
    name_en: str
    art: str
    standort: str | None
    uebergeordnet: str | None = None
    beschreibung: str = ""
    telefon: str = ""
    email: str = ""
    raum: str = ""
    nur_mit_termin: bool = False
    termin_hinweis: str = ""
    erste_anlaufstelle: bool = False


STANDORTE: tuple[StandortDemo, ...] = (
    StandortDemo(
        slug="rathaus",
        name="Rathaus",
        strasse="Alter Markt",
        plz="18439",
        telefon="03831 252 0",
        email="info@stralsund.de",
        stufenloser_zugang=True,
        aufzug=True,
        barrierefreies_wc=True,
        behindertenparkplatz=False,
        barrierefreiheit_hinweis=(
            "Stufenloser Zugang über den Seiteneingang in der Ossenreyerstraße (Klingel). "
            "Aufzug in alle Etagen, barrierefreies WC im Erdgeschoss. Das Kopfsteinpflaster "
            "auf dem Alten Markt ist für Rollstühle und Rollatoren beschwerlich."
        ),
        anfahrt=(
            "Bus: Haltestelle „Neuer Markt“ oder „Heilgeiststraße“, von dort etwa 5 Minuten "
            "zu Fuß. Parken: Parkhaus am Hafen oder Parkplatz Frankenwall (gebührenpflichtig); "
            "zwei Behindertenparkplätze in der Badenstraße."
        ),
    ),
    StandortDemo(
        slug="schillstrasse",
        name="Verwaltungsgebäude Schillstraße",
        strasse="Schillstraße 5-7",
        plz="18439",
        telefon="03831 253 780",
        email="buergerbuero@stralsund.de",
        stufenloser_zugang=True,
        aufzug=True,
        barrierefreies_wc=True,
        behindertenparkplatz=True,
        barrierefreiheit_hinweis=(
            "Ebenerdiger Eingang mit automatischer Tür, Aufzug zu allen Etagen, "
            "barrierefreies WC im Erdgeschoss. Ein Behindertenparkplatz direkt vor dem Haus. "
            "Induktive Höranlage am Schalter des Bürgerbüros."
        ),
        anfahrt=(
            "Bus: Haltestelle „Knieper Tor“ oder „Frankenwall“, etwa 3 Minuten zu Fuß. "
            "Parken: Parkplatz Schillstraße (begrenzte Zahl an Kurzzeitparkplätzen) und "
            "Parkplatz Frankenwall."
        ),
    ),
    StandortDemo(
        slug="wiesenstrasse",
        name="Verwaltungsgebäude Wiesenstraße",
        strasse="Wiesenstraße 9",
        plz="18437",
        telefon="03831 252 630",
        email="wohngeld@stralsund.de",
        stufenloser_zugang=True,
        aufzug=False,
        barrierefreies_wc=True,
        behindertenparkplatz=True,
        barrierefreiheit_hinweis=(
            "Zugang über eine Rampe am Haupteingang. Die Beratung findet im Erdgeschoss "
            "statt; das Obergeschoss ist nur über eine Treppe erreichbar. Barrierefreies WC "
            "im Erdgeschoss."
        ),
        anfahrt=(
            "Bus: Haltestelle „Wiesenstraße“ in unmittelbarer Nähe. "
            "Parken: kostenfreie Parkplätze im Hof des Gebäudes."
        ),
    ),
    StandortDemo(
        slug="badenstrasse",
        name="Bauamt Badenstraße",
        strasse="Badenstraße 17",
        plz="18439",
        telefon="03831 252 600",
        email="bauamt@stralsund.de",
        stufenloser_zugang=False,
        aufzug=False,
        barrierefreies_wc=False,
        behindertenparkplatz=False,
        barrierefreiheit_hinweis=(
            "Denkmalgeschütztes Gebäude: drei Stufen am Eingang, kein Aufzug. Auf Wunsch "
            "findet die Beratung in einem barrierefreien Raum im Rathaus statt – bitte bei "
            "der Terminvereinbarung angeben."
        ),
        anfahrt=(
            "Bus: Haltestelle „Neuer Markt“, etwa 4 Minuten zu Fuß. "
            "Parken: Parkhaus am Hafen (gebührenpflichtig)."
        ),
    ),
    StandortDemo(
        slug="johanniskloster",
        name="Johanniskloster (Stadtarchiv)",
        strasse="Schillstraße 27",
        plz="18439",
        telefon="03831 252 310",
        email="stadtarchiv@stralsund.de",
        stufenloser_zugang=True,
        aufzug=False,
        barrierefreies_wc=True,
        behindertenparkplatz=False,
        barrierefreiheit_hinweis=(
            "Der Lesesaal liegt im Erdgeschoss und ist stufenlos über den Klosterhof "
            "erreichbar; der Hof ist teilweise gepflastert. Barrierefreies WC vorhanden."
        ),
        anfahrt=(
            "Bus: Haltestelle „Knieper Tor“, etwa 5 Minuten zu Fuß. "
            "Parken: Parkplatz Frankenwall (gebührenpflichtig)."
        ),
    ),
    StandortDemo(
        slug="stadtbibliothek",
        name="Stadtbibliothek",
        strasse="Heilgeiststraße 7",
        plz="18439",
        telefon="03831 252 340",
        email="stadtbibliothek@stralsund.de",
        stufenloser_zugang=True,
        aufzug=True,
        barrierefreies_wc=True,
        behindertenparkplatz=True,
        barrierefreiheit_hinweis=(
            "Stufenloser Eingang, Aufzug in alle Etagen, barrierefreies WC. Lupen und ein "
            "Vorlesegerät können an der Information ausgeliehen werden."
        ),
        anfahrt=(
            "Bus: Haltestelle „Heilgeiststraße“ direkt vor dem Haus. "
            "Parken: Parkhaus am Hafen; ein Behindertenparkplatz vor dem Eingang."
        ),
    ),
)

_TERMIN_ORDNUNGSAMT = (
    "Das Ordnungsamt arbeitet ausschließlich mit Termin. Termine vergeben wir online "
    "über die Terminbuchung auf www.stralsund.de oder telefonisch. Bitte bringen Sie alle "
    "Unterlagen mit; ohne Termin können wir Sie leider nicht bedienen."
)

ORGANISATIONSEINHEITEN: tuple[OrganisationseinheitDemo, ...] = (
    OrganisationseinheitDemo(
        slug="stadtverwaltung",
        name="Stadtverwaltung Hansestadt Stralsund",
        name_en="City Administration of the Hanseatic City of Stralsund",
        art="verwaltung",
        standort="rathaus",
        beschreibung=(
            "Die Stadtverwaltung der Hansestadt Stralsund mit Sitz im Rathaus am Alten Markt. "
            "Stralsund gehört zum Landkreis Vorpommern-Rügen. Für Führerscheine, das "
            "Jugendamt, die Ausländerbehörde und das Gesundheitsamt ist der Landkreis "
            "zuständig, nicht die Stadt."
        ),
        telefon="03831 252 0",
        email="info@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="hauptamt",
        name="Haupt- und Personalamt",
        name_en="Central Services and Human Resources",
        art="amt",
        standort="rathaus",
        uebergeordnet="stadtverwaltung",
        beschreibung="Zentrale Dienste der Verwaltung, darunter das Wahlbüro.",
        telefon="03831 252 100",
        email="hauptamt@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="wahlbuero",
        name="Wahlbüro",
        name_en="Elections Office",
        art="sachgebiet",
        standort="rathaus",
        uebergeordnet="hauptamt",
        beschreibung="Organisiert Wahlen und Abstimmungen und stellt Briefwahlunterlagen aus.",
        telefon="03831 252 155",
        email="wahlbuero@stralsund.de",
        raum="Raum 104",
    ),
    OrganisationseinheitDemo(
        slug="ordnungsamt",
        name="Ordnungsamt",
        name_en="Public Order Office",
        art="amt",
        standort="schillstrasse",
        uebergeordnet="stadtverwaltung",
        beschreibung=(
            "Meldewesen, Ausweise, Kfz-Zulassung, Gewerbe, Straßenverkehr und allgemeine "
            "Ordnungsangelegenheiten."
        ),
        telefon="03831 252 700",
        email="ordnungsamt@stralsund.de",
        nur_mit_termin=True,
        termin_hinweis=_TERMIN_ORDNUNGSAMT,
    ),
    OrganisationseinheitDemo(
        slug="buergerbuero",
        name="Abteilung Meldewesen / Bürgerbüro",
        name_en="Residents' Registration / Citizens' Office",
        art="abteilung",
        standort="schillstrasse",
        uebergeordnet="ordnungsamt",
        beschreibung=(
            "An- und Abmeldung, Personalausweise und Reisepässe, Meldebescheinigungen, "
            "Führungszeugnisse und Beglaubigungen."
        ),
        telefon="03831 253 780",
        email="buergerbuero@stralsund.de",
        raum="Erdgeschoss, Schalter 1–6",
        nur_mit_termin=True,
        termin_hinweis=_TERMIN_ORDNUNGSAMT,
        erste_anlaufstelle=True,
    ),
    OrganisationseinheitDemo(
        slug="kfz-zulassungsstelle",
        name="Kfz-Zulassungsstelle",
        name_en="Vehicle Registration Office",
        art="abteilung",
        standort="schillstrasse",
        uebergeordnet="ordnungsamt",
        beschreibung=(
            "Zulassung, Umschreibung und Außerbetriebsetzung von Fahrzeugen, Kennzeichen. "
            "Führerscheine stellt die Fahrerlaubnisbehörde des Landkreises Vorpommern-Rügen aus."
        ),
        telefon="03831 253 781",
        email="zulassung@stralsund.de",
        raum="1. Obergeschoss",
        nur_mit_termin=True,
        termin_hinweis=_TERMIN_ORDNUNGSAMT,
    ),
    OrganisationseinheitDemo(
        slug="gewerbeamt",
        name="Abteilung Gewerbe",
        name_en="Trade Licensing Office",
        art="abteilung",
        standort="schillstrasse",
        uebergeordnet="ordnungsamt",
        beschreibung="Gewerbeanzeigen, Gaststätten, Reisegewerbe und Märkte.",
        telefon="03831 252 720",
        email="gewerbe@stralsund.de",
        raum="2. Obergeschoss",
        nur_mit_termin=True,
        termin_hinweis=_TERMIN_ORDNUNGSAMT,
    ),
    OrganisationseinheitDemo(
        slug="strassenverkehrsbehoerde",
        name="Abteilung Straßenverkehr",
        name_en="Road Traffic Authority",
        art="abteilung",
        standort="schillstrasse",
        uebergeordnet="ordnungsamt",
        beschreibung=(
            "Bewohnerparken, Parkerleichterungen, Halteverbotszonen und verkehrsrechtliche "
            "Ausnahmegenehmigungen."
        ),
        telefon="03831 252 740",
        email="verkehr@stralsund.de",
        raum="2. Obergeschoss",
        nur_mit_termin=True,
        termin_hinweis=_TERMIN_ORDNUNGSAMT,
    ),
    OrganisationseinheitDemo(
        slug="allgemeine-ordnung",
        name="Abteilung Allgemeine Ordnungsangelegenheiten",
        name_en="General Public Order",
        art="abteilung",
        standort="schillstrasse",
        uebergeordnet="ordnungsamt",
        beschreibung="Veranstaltungen, Feuerwerk, Fundbüro und Sondernutzungen.",
        telefon="03831 252 750",
        email="ordnung@stralsund.de",
        raum="1. Obergeschoss",
        nur_mit_termin=True,
        termin_hinweis=_TERMIN_ORDNUNGSAMT,
    ),
    OrganisationseinheitDemo(
        slug="fundbuero",
        name="Fundbüro",
        name_en="Lost and Found Office",
        art="sachgebiet",
        standort="schillstrasse",
        uebergeordnet="allgemeine-ordnung",
        beschreibung=(
            "Nimmt Fundsachen an, verwahrt sie und gibt sie an Verliererinnen und Verlierer heraus."
        ),
        telefon="03831 252 755",
        email="fundbuero@stralsund.de",
        raum="Erdgeschoss, Raum 012",
        nur_mit_termin=True,
        termin_hinweis=(
            "Fundsachen können Sie während der Öffnungszeiten ohne Termin abgeben. Für die "
            "Abholung vereinbaren Sie bitte einen Termin."
        ),
    ),
    OrganisationseinheitDemo(
        slug="standesamt",
        name="Standesamt",
        name_en="Registry Office",
        art="amt",
        standort="rathaus",
        uebergeordnet="stadtverwaltung",
        beschreibung=(
            "Beurkundung von Geburten, Eheschließungen und Sterbefällen, Urkunden, "
            "Namenserklärungen und Kirchenaustritte. Trauungen im historischen Rathaus."
        ),
        telefon="03831 252 262",
        email="standesamt@stralsund.de",
        raum="Erdgeschoss, Raum 20–24",
        nur_mit_termin=True,
        termin_hinweis=(
            "Bitte vereinbaren Sie für Anmeldungen zur Eheschließung, Beurkundungen und "
            "Kirchenaustritte einen Termin. Urkunden können Sie auch schriftlich oder online "
            "bestellen."
        ),
    ),
    OrganisationseinheitDemo(
        slug="amt-fuer-finanzen",
        name="Amt für Finanzen",
        name_en="Finance Department",
        art="amt",
        standort="rathaus",
        uebergeordnet="stadtverwaltung",
        beschreibung="Haushalt, Stadtkasse und kommunale Steuern.",
        telefon="03831 252 200",
        email="finanzen@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="steuern",
        name="Abteilung Steuern und Abgaben",
        name_en="Local Taxes",
        art="abteilung",
        standort="rathaus",
        uebergeordnet="amt-fuer-finanzen",
        beschreibung="Grundsteuer, Gewerbesteuer, Hundesteuer und Zweitwohnungsteuer.",
        telefon="03831 252 230",
        email="steuern@stralsund.de",
        raum="2. Obergeschoss, Raum 210",
    ),
    OrganisationseinheitDemo(
        slug="bauamt",
        name="Bauamt",
        name_en="Building and Planning Department",
        art="amt",
        standort="badenstrasse",
        uebergeordnet="stadtverwaltung",
        beschreibung="Bauordnung, Denkmalpflege im Welterbe, Straßen und Stadtgrün.",
        telefon="03831 252 600",
        email="bauamt@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="bauaufsicht",
        name="Abteilung Bauordnung (untere Bauaufsichtsbehörde)",
        name_en="Building Control",
        art="abteilung",
        standort="badenstrasse",
        uebergeordnet="bauamt",
        beschreibung="Baugenehmigungen, Bauberatung und Bauüberwachung.",
        telefon="03831 252 610",
        email="bauaufsicht@stralsund.de",
        nur_mit_termin=True,
        termin_hinweis="Bauberatung nur nach vorheriger Terminvereinbarung.",
    ),
    OrganisationseinheitDemo(
        slug="denkmalpflege",
        name="Abteilung Welterbe und Denkmalpflege",
        name_en="World Heritage and Monument Protection",
        art="abteilung",
        standort="badenstrasse",
        uebergeordnet="bauamt",
        beschreibung=(
            "Untere Denkmalschutzbehörde für die Altstadt von Stralsund, seit 2002 "
            "gemeinsam mit Wismar UNESCO-Welterbe."
        ),
        telefon="03831 252 620",
        email="denkmalpflege@stralsund.de",
        nur_mit_termin=True,
        termin_hinweis="Beratung zu Vorhaben an Denkmalen nur mit Termin.",
    ),
    OrganisationseinheitDemo(
        slug="strassen-und-stadtgruen",
        name="Abteilung Straßen und Stadtgrün",
        name_en="Streets and Urban Green Spaces",
        art="abteilung",
        standort="badenstrasse",
        uebergeordnet="bauamt",
        beschreibung="Straßenunterhaltung, Sondernutzung öffentlicher Verkehrsflächen.",
        telefon="03831 252 640",
        email="strassen@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="sozialamt",
        name="Amt für Soziales und Wohnen",
        name_en="Social Affairs and Housing",
        art="amt",
        standort="wiesenstrasse",
        uebergeordnet="stadtverwaltung",
        beschreibung="Wohngeld und soziale Beratung der Stadt.",
        telefon="03831 252 630",
        email="soziales@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="wohngeldstelle",
        name="Wohngeldstelle",
        name_en="Housing Benefit Office",
        art="abteilung",
        standort="wiesenstrasse",
        uebergeordnet="sozialamt",
        beschreibung="Beratung und Entscheidung über Mietzuschuss und Lastenzuschuss.",
        telefon="03831 252 635",
        email="wohngeld@stralsund.de",
        raum="Erdgeschoss",
    ),
    OrganisationseinheitDemo(
        slug="kulturamt",
        name="Amt für Kultur, Welterbe und Medien",
        name_en="Culture, Heritage and Media",
        art="amt",
        standort="rathaus",
        uebergeordnet="stadtverwaltung",
        beschreibung="Stadtarchiv, Stadtbibliothek und städtische Kultureinrichtungen.",
        telefon="03831 252 300",
        email="kultur@stralsund.de",
    ),
    OrganisationseinheitDemo(
        slug="stadtarchiv",
        name="Stadtarchiv",
        name_en="City Archives",
        art="einrichtung",
        standort="johanniskloster",
        uebergeordnet="kulturamt",
        beschreibung=(
            "Das Gedächtnis der Hansestadt: Urkunden seit dem 13. Jahrhundert, Akten, "
            "Karten, Fotos und Zeitungen."
        ),
        telefon="03831 252 310",
        email="stadtarchiv@stralsund.de",
        raum="Lesesaal",
        nur_mit_termin=True,
        termin_hinweis="Bitte melden Sie Ihren Besuch im Lesesaal vorher an.",
    ),
    OrganisationseinheitDemo(
        slug="stadtbibliothek",
        name="Stadtbibliothek",
        name_en="City Library",
        art="einrichtung",
        standort="stadtbibliothek",
        uebergeordnet="kulturamt",
        beschreibung=(
            "Bücher, Medien, Onleihe, Lernorte und Veranstaltungen für alle Altersgruppen."
        ),
        telefon="03831 252 340",
        email="stadtbibliothek@stralsund.de",
    ),
)
