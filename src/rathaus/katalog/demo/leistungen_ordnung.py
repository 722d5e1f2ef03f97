"""Sample services of the Gewerbeamt, the general public order office and street use."""

from __future__ import annotations

from .typen import LeistungDemo, g

_GEWERBE_WEITERLEITUNG = (
    "Die Gewerbeanzeige wird automatisch an Finanzamt, Industrie- und Handelskammer oder "
    "Handwerkskammer, Berufsgenossenschaft und weitere Stellen weitergeleitet."
)

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99050012104000",
        name_buerger="Gewerbe anmelden",
        name_en="Register a business",
        zustaendig="gewerbeamt",
        kurztext=(
            "Wer in Stralsund ein Gewerbe beginnt, muss es beim Gewerbeamt anzeigen, auch "
            "im Nebenerwerb."
        ),
        kurztext_en=(
            "Anyone starting a trade or business in Stralsund must register it with the "
            "Trade Licensing Office, also part-time."
        ),
        volltext=(
            "Ein Gewerbe ist jede selbstständige, auf Dauer angelegte Tätigkeit mit "
            "Gewinnabsicht, ausgenommen freie Berufe wie Ärzte, Anwälte oder Künstler und "
            "die Landwirtschaft. Mit der Anzeige erhalten Sie den Gewerbeschein. Für manche "
            "Gewerbe brauchen Sie zusätzlich eine Erlaubnis, zum Beispiel für Gaststätten mit "
            "Alkoholausschank, Makler oder Bewachung. "
            f"{_GEWERBE_WEITERLEITUNG}"
        ),
        voraussetzungen=(
            "Sie beginnen ein Gewerbe mit Betriebssitz in Stralsund. Für "
            "erlaubnispflichtige Gewerbe liegt die Erlaubnis vor."
        ),
        unterlagen=(
            "- Personalausweis oder Reisepass\n"
            "- bei Gesellschaften: Handelsregisterauszug oder Gesellschaftsvertrag\n"
            "- bei erlaubnispflichtigen Gewerben: Erlaubnis\n"
            "- bei Handwerk: Eintragung in die Handwerksrolle\n"
            "- bei Nicht-EU-Staatsangehörigen: Aufenthaltstitel, der die selbstständige "
            "Tätigkeit erlaubt"
        ),
        kosten="26,00 Euro.",
        verfahrensablauf=(
            "Sie melden das Gewerbe mit Termin vor Ort oder schicken das ausgefüllte Formular "
            "mit einer Ausweiskopie. Die Empfangsbestätigung (Gewerbeschein) erhalten Sie vor "
            "Ort oder per Post."
        ),
        bearbeitungsdauer="Vor Ort sofort, schriftlich ein bis drei Werktage.",
        fristen="Gleichzeitig mit dem Beginn der Tätigkeit.",
        formulare="Gewerbeanmeldung (Vordruck GewA 1)",
        hinweise=(
            "Das Finanzamt schickt Ihnen anschließend den Fragebogen zur steuerlichen "
            "Erfassung. Gewerbesteuer erhebt die Hansestadt."
        ),
        rechtsgrundlagen="§§ 14, 15 Gewerbeordnung (GewO)",
        synonyme=(
            "Gewerbeschein",
            "Gewerbeanmeldung",
            "Selbstständigkeit",
            "Firma gründen",
            "Nebengewerbe",
        ),
        gebuehren=(g("Gewerbeanmeldung", "26.00"),),
        nachfrage=650,
    ),
    LeistungDemo(
        leika="99050012071000",
        name_buerger="Gewerbe ummelden",
        name_en="Change a business registration",
        zustaendig="gewerbeamt",
        kurztext=(
            "Ändert sich die Tätigkeit, die Anschrift oder der Name Ihres Betriebs, zeigen "
            "Sie das beim Gewerbeamt an."
        ),
        kurztext_en=(
            "If the activity, address or name of your business changes, notify the Trade "
            "Licensing Office."
        ),
        volltext=(
            "Eine Ummeldung ist nötig, wenn Sie den Betrieb innerhalb Stralsunds verlegen, "
            "die Tätigkeit wechseln oder erweitern oder sich die Firmierung ändert. Verlegen "
            "Sie den Betrieb in eine andere Gemeinde, melden Sie ihn hier ab und dort an. "
            f"{_GEWERBE_WEITERLEITUNG}"
        ),
        voraussetzungen="Sie haben ein Gewerbe in Stralsund angemeldet.",
        unterlagen="- Personalausweis oder Reisepass\n- bisheriger Gewerbeschein",
        kosten="20,00 Euro.",
        verfahrensablauf=(
            "Schriftlich oder mit Termin vor Ort; die Bestätigung erhalten Sie per Post oder "
            "sofort."
        ),
        bearbeitungsdauer="Vor Ort sofort, schriftlich ein bis drei Werktage.",
        fristen="Gleichzeitig mit der Änderung.",
        formulare="Gewerbeummeldung (Vordruck GewA 2)",
        hinweise="Eine neue Tätigkeit kann erlaubnispflichtig sein; fragen Sie im Zweifel nach.",
        rechtsgrundlagen="§ 14 Gewerbeordnung (GewO)",
        synonyme=("Gewerbeummeldung", "Firmenadresse ändern", "Tätigkeit erweitern"),
        gebuehren=(g("Gewerbeummeldung", "20.00"),),
        nachfrage=220,
    ),
    LeistungDemo(
        leika="99050012070000",
        name_buerger="Gewerbe abmelden",
        name_en="Deregister a business",
        zustaendig="gewerbeamt",
        kurztext=(
            "Wenn Sie Ihren Betrieb aufgeben oder aus Stralsund wegverlegen, melden Sie das "
            "Gewerbe ab."
        ),
        kurztext_en="If you close your business or move it away from Stralsund, deregister it.",
        volltext=(
            "Die Abmeldung ist nötig bei Aufgabe, Verkauf, Verpachtung oder Verlegung des "
            "Betriebs in eine andere Gemeinde. Bei Personengesellschaften meldet jeder "
            "Gesellschafter ab. "
            f"{_GEWERBE_WEITERLEITUNG}"
        ),
        voraussetzungen="Sie haben ein Gewerbe in Stralsund angemeldet.",
        unterlagen="- Personalausweis oder Reisepass\n- Gewerbeschein",
        kosten="15,00 Euro.",
        verfahrensablauf="Schriftlich oder mit Termin vor Ort.",
        bearbeitungsdauer="Vor Ort sofort, schriftlich ein bis drei Werktage.",
        fristen="Gleichzeitig mit der Aufgabe des Betriebs.",
        formulare="Gewerbeabmeldung (Vordruck GewA 3)",
        hinweise="Denken Sie an die Abmeldung bei Finanzamt und Krankenkasse, soweit nötig.",
        rechtsgrundlagen="§ 14 Gewerbeordnung (GewO)",
        synonyme=("Gewerbeabmeldung", "Betrieb aufgeben", "Firma schließen"),
        gebuehren=(g("Gewerbeabmeldung", "15.00"),),
        nachfrage=480,
    ),
    LeistungDemo(
        leika="99025002005000",
        name_buerger="Gaststättenerlaubnis beantragen",
        name_en="Restaurant and bar licence",
        zustaendig="gewerbeamt",
        kurztext=(
            "Wer Alkohol in einer Gaststätte ausschenkt, braucht eine Gaststättenerlaubnis. "
            "Sie wird für bestimmte Räume und eine bestimmte Person erteilt."
        ),
        kurztext_en=(
            "Serving alcohol in a restaurant or bar requires a licence, issued for specific "
            "premises and a specific person."
        ),
        volltext=(
            "Die Erlaubnis setzt voraus, dass Sie zuverlässig sind, die Räume geeignet sind "
            "und Sie über Lebensmittelrecht unterrichtet wurden. Gaststätten ohne "
            "Alkoholausschank brauchen keine Erlaubnis, aber eine Gewerbeanmeldung. Für die "
            "Außengastronomie brauchen Sie zusätzlich eine Sondernutzungserlaubnis."
        ),
        voraussetzungen=(
            "Sie sind persönlich zuverlässig, die Räume sind baurechtlich genehmigt und "
            "geeignet, Sie haben den Unterrichtungsnachweis der IHK."
        ),
        unterlagen=(
            "- Personalausweis\n"
            "- Führungszeugnis und Auskunft aus dem Gewerbezentralregister\n"
            "- Unterrichtungsnachweis der IHK\n"
            "- Grundriss der Räume und Miet- oder Pachtvertrag\n"
            "- Bescheinigungen des Finanzamtes und der Stadtkasse in Steuersachen"
        ),
        kosten="200,00 bis 2.500,00 Euro je nach Art und Größe des Betriebs.",
        verfahrensablauf=(
            "Sie reichen den Antrag mit allen Unterlagen ein. Das Gewerbeamt beteiligt "
            "Bauaufsicht, Lebensmittelüberwachung und Brandschutz und erteilt die Erlaubnis."
        ),
        bearbeitungsdauer="Vier bis acht Wochen bei vollständigen Unterlagen.",
        fristen="Die Erlaubnis muss vor der Eröffnung vorliegen. Stellen Sie den Antrag früh.",
        formulare="Antrag auf Gaststättenerlaubnis (auf www.stralsund.de)",
        hinweise=(
            "Für die Lebensmittelüberwachung ist der Landkreis Vorpommern-Rügen zuständig; "
            "das Gewerbeamt beteiligt ihn."
        ),
        rechtsgrundlagen="§§ 2, 4 Gaststättengesetz (GastG)",
        synonyme=(
            "Kneipe eröffnen",
            "Ausschank",
            "Konzession",
            "Restaurant eröffnen",
            "Gaststättengewerbe",
        ),
        gebuehren=(g("Gaststättenerlaubnis", "200.00", "2500.00"),),
        nachfrage=60,
    ),
    LeistungDemo(
        leika="99025002056000",
        name_buerger="Vorübergehenden Ausschank beantragen (Gestattung)",
        name_en="Temporary permit to serve alcohol",
        zustaendig="gewerbeamt",
        kurztext=(
            "Für den Ausschank alkoholischer Getränke bei einem Fest oder einer Veranstaltung "
            "brauchen Sie eine Gestattung."
        ),
        kurztext_en=(
            "To serve alcoholic drinks at a festival or event, you need a temporary permit."
        ),
        volltext=(
            "Die Gestattung erlaubt den Ausschank aus besonderem Anlass, etwa beim Hafenfest, "
            "bei Vereinsfesten oder Weihnachtsmärkten. Sie gilt nur für die Dauer der "
            "Veranstaltung und den angegebenen Ort."
        ),
        voraussetzungen="Es gibt einen besonderen Anlass, und Sie sind zuverlässig.",
        unterlagen=(
            "- Personalausweis\n"
            "- Angaben zu Anlass, Ort, Zeit und Art des Ausschanks\n"
            "- Einverständnis des Veranstalters"
        ),
        kosten="25,00 bis 300,00 Euro je nach Dauer und Umfang.",
        verfahrensablauf=("Sie stellen den Antrag schriftlich und erhalten einen Bescheid."),
        bearbeitungsdauer="Etwa zwei Wochen.",
        fristen="Mindestens zwei Wochen vor der Veranstaltung beantragen.",
        formulare="Antrag auf Gestattung nach § 12 GastG",
        hinweise="Vereine, die nur Mitglieder bewirten, brauchen keine Gestattung.",
        rechtsgrundlagen="§ 12 Gaststättengesetz (GastG)",
        synonyme=("Ausschankgenehmigung", "Bierstand", "Festausschank", "Gaststättengewerbe"),
        gebuehren=(g("Gestattung", "25.00", "300.00"),),
        nachfrage=180,
    ),
    LeistungDemo(
        leika="99050023005000",
        name_buerger="Reisegewerbekarte beantragen",
        name_en="Itinerant trade licence",
        zustaendig="gewerbeamt",
        kurztext=(
            "Wer ohne feste Niederlassung Waren oder Leistungen anbietet, etwa auf Märkten "
            "oder an der Haustür, braucht eine Reisegewerbekarte."
        ),
        kurztext_en=(
            "Anyone offering goods or services without a fixed place of business, e.g. at "
            "markets or door to door, needs an itinerant trade licence."
        ),
        volltext=(
            "Die Reisegewerbekarte gilt in ganz Deutschland und ist unbefristet. Manche "
            "Tätigkeiten sind ausgenommen, zum Beispiel der Verkauf selbst erzeugter "
            "landwirtschaftlicher Produkte. Beschäftigte brauchen eine Zweitschrift oder "
            "eine beglaubigte Kopie."
        ),
        voraussetzungen="Sie sind zuverlässig und wohnen in Stralsund.",
        unterlagen=(
            "- Personalausweis\n"
            "- ein Passbild\n"
            "- Führungszeugnis und Auskunft aus dem Gewerbezentralregister"
        ),
        kosten="150,00 bis 400,00 Euro.",
        verfahrensablauf="Sie stellen den Antrag; nach Prüfung wird die Karte ausgehändigt.",
        bearbeitungsdauer="Etwa drei bis vier Wochen.",
        fristen="Die Karte muss vor Beginn der Tätigkeit vorliegen.",
        formulare="Antrag auf Reisegewerbekarte",
        hinweise=(
            "Für einen Stand auf dem Wochenmarkt brauchen Sie zusätzlich einen Platz vom "
            "Marktmeister."
        ),
        rechtsgrundlagen="§§ 55 bis 60c Gewerbeordnung (GewO)",
        synonyme=("Reisegewerbe", "Wandergewerbe", "Markthändler", "Haustürverkauf"),
        gebuehren=(g("Reisegewerbekarte", "150.00", "400.00"),),
        nachfrage=40,
    ),
    LeistungDemo(
        leika="99089001005000",
        name_buerger="Veranstaltung anzeigen",
        name_en="Notify a public event",
        zustaendig="allgemeine-ordnung",
        kurztext=(
            "Öffentliche Veranstaltungen im Freien, etwa Straßenfeste, Konzerte oder "
            "Sportveranstaltungen, zeigen Sie beim Ordnungsamt an."
        ),
        kurztext_en=(
            "Notify the Public Order Office of outdoor public events such as street "
            "festivals, concerts or sports events."
        ),
        volltext=(
            "Das Ordnungsamt prüft, ob Sicherheit, Lärmschutz, Rettungswege und Verkehr "
            "berücksichtigt sind, und beteiligt Polizei, Feuerwehr und Rettungsdienst. Für "
            "große Veranstaltungen ist ein Sicherheitskonzept nötig. Je nach Veranstaltung "
            "brauchen Sie weitere Genehmigungen, etwa für Ausschank, Straßennutzung oder "
            "Ausnahmen von der Nachtruhe."
        ),
        voraussetzungen="Sie veranstalten eine öffentliche Veranstaltung in Stralsund.",
        unterlagen=(
            "- Beschreibung der Veranstaltung mit Ort, Zeit und erwarteter Besucherzahl\n"
            "- Lageplan mit Bühnen, Ständen und Rettungswegen\n"
            "- Nachweis der Veranstalterhaftpflichtversicherung\n"
            "- bei großen Veranstaltungen: Sicherheitskonzept"
        ),
        kosten="25,00 bis 500,00 Euro je nach Aufwand.",
        verfahrensablauf=(
            "Sie reichen die Anzeige ein. Das Ordnungsamt beteiligt die Fachbehörden und "
            "erteilt einen Bescheid mit Auflagen."
        ),
        bearbeitungsdauer="Zwei bis sechs Wochen, bei Großveranstaltungen länger.",
        fristen="Mindestens vier Wochen, bei Großveranstaltungen drei Monate vorher.",
        formulare="Veranstaltungsanzeige (auf www.stralsund.de)",
        hinweise=(
            "Versammlungen und Demonstrationen sind keine Veranstaltungen; sie werden bei "
            "der Versammlungsbehörde angemeldet."
        ),
        rechtsgrundlagen=(
            "Sicherheits- und Ordnungsgesetz M-V (SOG M-V)\nLandes-Immissionsschutzrecht"
        ),
        synonyme=("Fest anmelden", "Straßenfest", "Open Air", "Konzert anmelden"),
        gebuehren=(g("Bescheid zur Veranstaltung", "25.00", "500.00"),),
        nachfrage=260,
    ),
    LeistungDemo(
        leika="99089045007000",
        name_buerger="Feuerwerk außerhalb von Silvester (Kategorie F2)",
        name_en="Fireworks outside New Year's Eve",
        zustaendig="allgemeine-ordnung",
        kurztext=(
            "Feuerwerk der Kategorie F2 ist außerhalb des 31. Dezember und 1. Januar nur "
            "mit Ausnahmegenehmigung erlaubt, etwa zur Hochzeit."
        ),
        kurztext_en=(
            "Category F2 fireworks are only allowed outside 31 December and 1 January with "
            "an exemption permit, e.g. for a wedding."
        ),
        volltext=(
            "Die Ausnahmegenehmigung kann aus besonderem Anlass erteilt werden, etwa für "
            "Hochzeiten, Jubiläen oder runde Geburtstage. In der Nähe von Kirchen, "
            "Krankenhäusern, Kinder- und Altenheimen sowie Reet- und Fachwerkhäusern ist "
            "Feuerwerk verboten; in der Altstadt wird es deshalb meist nicht "
            "genehmigt."
        ),
        voraussetzungen=(
            "Sie sind mindestens 18 Jahre alt, es gibt einen besonderen Anlass und der Ort "
            "ist geeignet."
        ),
        unterlagen=(
            "- Personalausweis\n"
            "- Angaben zu Anlass, Ort, Datum, Uhrzeit und Dauer\n"
            "- Einverständnis des Grundstückseigentümers"
        ),
        kosten="30,00 bis 150,00 Euro.",
        verfahrensablauf=(
            "Sie stellen den Antrag schriftlich und erhalten einen Bescheid mit Auflagen."
        ),
        bearbeitungsdauer="Etwa zwei Wochen.",
        fristen="Mindestens zwei Wochen vorher beantragen.",
        formulare="Antrag auf Ausnahmegenehmigung nach § 24 der 1. SprengV",
        hinweise="Großfeuerwerke der Kategorie F4 zeigen Pyrotechniker mit Befähigungsschein an.",
        rechtsgrundlagen="§§ 23, 24 Erste Verordnung zum Sprengstoffgesetz (1. SprengV)",
        synonyme=(
            "Feuerwerk",
            "Böller",
            "Hochzeitsfeuerwerk",
            "Pyrotechnik",
            "pyrotechnische Gegenstände",
        ),
        gebuehren=(g("Ausnahmegenehmigung Feuerwerk", "30.00", "150.00"),),
        nachfrage=90,
    ),
    LeistungDemo(
        leika="99108012005000",
        name_buerger="Sondernutzung öffentlicher Straßen beantragen",
        name_en="Special use of public streets",
        zustaendig="strassen-und-stadtgruen",
        kurztext=(
            "Wer Gehweg oder Straße mehr als üblich nutzt, etwa für Gerüst, Container oder "
            "Baustelleneinrichtung, braucht eine Sondernutzungserlaubnis."
        ),
        kurztext_en=(
            "Using pavements or streets beyond normal use, e.g. for scaffolding, skips or "
            "building sites, requires a special use permit."
        ),
        volltext=(
            "Die Sondernutzungserlaubnis regelt Ort, Dauer und Fläche der Nutzung. Für die "
            "Sondernutzung wird neben der Verwaltungsgebühr eine Sondernutzungsgebühr nach "
            "Fläche und Dauer erhoben. Müssen Verkehrszeichen aufgestellt werden, ist "
            "zusätzlich eine verkehrsrechtliche Anordnung nötig."
        ),
        voraussetzungen="Die Nutzung beeinträchtigt Verkehr und Anlieger nicht unzumutbar.",
        unterlagen=(
            "- Lageplan mit Maßen der Fläche\n"
            "- Zeitraum der Nutzung\n"
            "- bei Gerüsten und Containern: Angaben zur Absicherung"
        ),
        kosten=(
            "Verwaltungsgebühr 25,00 bis 250,00 Euro, dazu Sondernutzungsgebühr nach der "
            "Sondernutzungssatzung der Hansestadt."
        ),
        verfahrensablauf=(
            "Antrag schriftlich oder per E-Mail; Sie erhalten einen Bescheid mit Auflagen."
        ),
        bearbeitungsdauer="Etwa zwei Wochen.",
        fristen="Mindestens zwei Wochen vor Beginn beantragen.",
        formulare="Antrag auf Sondernutzungserlaubnis (auf www.stralsund.de)",
        hinweise="In der Altstadt gelten wegen des Welterbes besondere Gestaltungsregeln.",
        rechtsgrundlagen=(
            "§ 22 Straßen- und Wegegesetz M-V (StrWG M-V)\n"
            "Sondernutzungssatzung der Hansestadt Stralsund"
        ),
        synonyme=(
            "Gerüst aufstellen",
            "Container Straße",
            "Sondernutzungserlaubnis",
            "Baustelle Gehweg",
        ),
        gebuehren=(
            g("Verwaltungsgebühr", "25.00", "250.00"),
            g("Sondernutzungsgebühr", hinweis="nach Fläche und Dauer laut Satzung"),
        ),
        nachfrage=550,
    ),
    LeistungDemo(
        leika="99108012005004",
        name_buerger="Freisitz, Marktstand oder Warenauslage auf der Straße",
        name_en="Outdoor seating, market stall or goods display on the street",
        zustaendig="strassen-und-stadtgruen",
        kurztext=(
            "Tische und Stühle vor dem Café, Warenständer vor dem Laden oder ein Verkaufsstand "
            "auf einem Platz brauchen eine Sondernutzungserlaubnis."
        ),
        kurztext_en=(
            "Tables outside a café, display stands outside a shop or a sales stall on a "
            "square need a special use permit."
        ),
        volltext=(
            "Die Erlaubnis wird meist für eine Saison oder ein Jahr erteilt. Auf dem Alten "
            "und dem Neuen Markt gelten Gestaltungsregeln für Möbel, Schirme und Werbung. "
            "Für Wochenmärkte und Jahrmärkte vergibt die Marktverwaltung die Standplätze."
        ),
        voraussetzungen=(
            "Ein Gehweg von mindestens 1,50 Metern bleibt frei; Rettungswege und Zugänge "
            "bleiben frei."
        ),
        unterlagen=(
            "- Lageplan mit Maßen\n"
            "- Fotos oder Beschreibung des Mobiliars\n"
            "- bei Gaststätten: Gaststättenerlaubnis oder Gewerbeanmeldung"
        ),
        kosten="Verwaltungsgebühr 25,00 Euro, Sondernutzungsgebühr je Quadratmeter und Monat.",
        verfahrensablauf=(
            "Sie stellen den Antrag; die Abteilung prüft Lage und Gestaltung und erteilt die "
            "Erlaubnis."
        ),
        bearbeitungsdauer="Zwei bis vier Wochen.",
        fristen="Für die Sommersaison bis zum 31. Januar beantragen.",
        formulare="Antrag auf Sondernutzung für Freisitz und Warenauslage",
        hinweise="Die Fläche muss am Abend geräumt werden, wenn die Erlaubnis das vorsieht.",
        rechtsgrundlagen=(
            "§ 22 Straßen- und Wegegesetz M-V (StrWG M-V)\n"
            "Sondernutzungssatzung und Gestaltungssatzung Altstadt"
        ),
        synonyme=("Außengastronomie", "Terrasse", "Marktstand", "Warenständer", "Marktplatz"),
        gebuehren=(
            g("Verwaltungsgebühr", "25.00"),
            g("Sondernutzungsgebühr je m² und Monat", "2.00", "8.00", "nach Lage"),
        ),
        nachfrage=150,
    ),
)
