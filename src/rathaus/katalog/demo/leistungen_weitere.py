"""Sample services of taxes, building, housing benefit, library and archive."""

from __future__ import annotations

from .typen import LeistungDemo, g

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99102013002000",
        name_buerger="Hund anmelden (Hundesteuer)",
        name_en="Register a dog (dog tax)",
        zustaendig="steuern",
        kurztext=(
            "Wer in Stralsund einen Hund hält, meldet ihn innerhalb von zwei Wochen zur "
            "Hundesteuer an und erhält eine Steuermarke."
        ),
        kurztext_en=(
            "If you keep a dog in Stralsund, register it for dog tax within two weeks and "
            "receive a tax tag."
        ),
        volltext=(
            "Die Hundesteuer ist eine Jahressteuer der Hansestadt. Sie wird mit einem "
            "Bescheid festgesetzt und vierteljährlich oder jährlich fällig. Der Hund muss "
            "die Steuermarke außerhalb der Wohnung sichtbar tragen. Für Blindenführhunde "
            "und Hunde aus dem Tierheim gibt es Befreiungen oder Ermäßigungen. Wenn der Hund "
            "stirbt, abgegeben wird oder Sie wegziehen, melden Sie ihn ab."
        ),
        voraussetzungen="Sie halten einen Hund, der älter als drei Monate ist, in Stralsund.",
        unterlagen=(
            "- Angaben zu Halterin oder Halter\n"
            "- Rasse, Geburtsdatum und Chipnummer des Hundes\n"
            "- für Ermäßigungen: Nachweise, etwa Vertrag des Tierheims"
        ),
        kosten=(
            "Für den ersten Hund 96,00 Euro im Jahr, für jeden weiteren 144,00 Euro, für "
            "gefährliche Hunde 600,00 Euro."
        ),
        verfahrensablauf=(
            "Sie melden den Hund mit Formular an. Sie erhalten einen Bescheid und "
            "die Steuermarke per Post."
        ),
        bearbeitungsdauer="Etwa zwei Wochen.",
        fristen="Anmeldung und Abmeldung innerhalb von zwei Wochen.",
        formulare="An- und Abmeldung zur Hundesteuer (auf www.stralsund.de)",
        hinweise=(
            "Für gefährliche Hunde gelten zusätzlich die Regeln der Hundehalterverordnung M-V."
        ),
        rechtsgrundlagen=(
            "Kommunalabgabengesetz M-V (KAG M-V)\nHundesteuersatzung der Hansestadt Stralsund"
        ),
        synonyme=("Hund", "Hundemarke", "Hund anmelden", "Hund abmelden"),
        gebuehren=(
            g("erster Hund (jährlich)", "96.00"),
            g("jeder weitere Hund (jährlich)", "144.00"),
            g("gefährlicher Hund (jährlich)", "600.00"),
        ),
        nachfrage=950,
    ),
    LeistungDemo(
        leika="99102017002000",
        name_buerger="Zweitwohnungsteuer",
        name_en="Second home tax",
        zustaendig="steuern",
        kurztext=(
            "Wer in Stralsund eine Nebenwohnung hat, zahlt Zweitwohnungsteuer. Die Anmeldung "
            "der Nebenwohnung löst die Steuerpflicht aus."
        ),
        kurztext_en=(
            "If you have a secondary residence in Stralsund, you pay second home tax. "
            "Registering the secondary residence triggers the tax."
        ),
        volltext=(
            "Steuerpflichtig ist, wer neben der Hauptwohnung eine weitere Wohnung in "
            "Stralsund innehat, etwa eine Ferienwohnung zur eigenen Nutzung. Bemessen wird "
            "die Steuer nach der Jahresnettokaltmiete oder einer vergleichbaren Miete. "
            "Ausgenommen sind unter anderem Wohnungen von Verheirateten, die aus beruflichen "
            "Gründen eine Zweitwohnung haben, unter den Voraussetzungen der Satzung."
        ),
        voraussetzungen="Sie haben in Stralsund eine Nebenwohnung.",
        unterlagen=(
            "- Steuererklärung zur Zweitwohnungsteuer\n"
            "- Mietvertrag oder Angaben zur Wohnfläche\n"
            "- für Befreiungen: Nachweise, etwa Arbeitgeberbescheinigung"
        ),
        kosten="10 Prozent der Jahresnettokaltmiete.",
        verfahrensablauf=(
            "Nach der Anmeldung der Nebenwohnung erhalten Sie eine Steuererklärung. Die "
            "Abteilung Steuern setzt die Steuer per Bescheid fest."
        ),
        bearbeitungsdauer="Etwa vier Wochen nach Eingang der Erklärung.",
        fristen="Die Steuererklärung geben Sie innerhalb eines Monats nach Aufforderung ab.",
        formulare="Erklärung zur Zweitwohnungsteuer",
        hinweise=(
            "Studierende melden oft ihre Hauptwohnung in Stralsund an; dann entfällt die Steuer."
        ),
        rechtsgrundlagen=(
            "Kommunalabgabengesetz M-V (KAG M-V)\n"
            "Zweitwohnungsteuersatzung der Hansestadt Stralsund"
        ),
        synonyme=("Zweitwohnungssteuer", "Nebenwohnung Steuer", "Ferienwohnung Steuer"),
        gebuehren=(g("Zweitwohnungsteuer", hinweis="10 % der Jahresnettokaltmiete"),),
        nachfrage=300,
    ),
    LeistungDemo(
        leika="99102012002002",
        name_buerger="Grundsteuer",
        name_en="Property tax",
        zustaendig="steuern",
        kurztext=(
            "Eigentümerinnen und Eigentümer von Grundstücken zahlen Grundsteuer an die "
            "Hansestadt. Seit 2025 gilt das neue Grundsteuerrecht."
        ),
        kurztext_en=(
            "Owners of land and buildings pay property tax to the city. The reformed "
            "property tax applies since 2025."
        ),
        volltext=(
            "Das Finanzamt stellt den Grundsteuerwert und den Grundsteuermessbetrag fest. "
            "Die Hansestadt multipliziert den Messbetrag mit ihrem Hebesatz und setzt die "
            "Grundsteuer mit einem Bescheid fest. Bei Mietwohnungen kann die Grundsteuer "
            "über die Nebenkosten auf Mieterinnen und Mieter umgelegt werden."
        ),
        voraussetzungen=(
            "Sie sind am 1. Januar eines Jahres Eigentümerin oder Eigentümer eines Grundstücks in "
            "Stralsund."
        ),
        unterlagen="Keine; die Stadt erhält den Messbetrag vom Finanzamt.",
        kosten=(
            "Die Höhe ergibt sich aus Grundsteuermessbetrag mal Hebesatz der Hansestadt. "
            "Der Bescheid selbst ist gebührenfrei."
        ),
        verfahrensablauf=(
            "Nach dem Messbescheid des Finanzamtes erhalten Sie den Grundsteuerbescheid der "
            "Stadt. Die Steuer wird in Vierteljahresraten fällig oder auf Antrag jährlich."
        ),
        bearbeitungsdauer="Der Bescheid ergeht nach Eingang des Messbetrags vom Finanzamt.",
        fristen=(
            "Fälligkeit am 15. Februar, 15. Mai, 15. August und 15. November. Einspruch gegen "
            "den Messbetrag beim Finanzamt, Widerspruch gegen den Grundsteuerbescheid bei "
            "der Stadt, jeweils innerhalb eines Monats."
        ),
        formulare="SEPA-Lastschriftmandat\nAntrag auf jährliche Zahlung",
        hinweise=(
            "Fragen zum Grundsteuerwert oder Messbetrag richten Sie an das Finanzamt "
            "Stralsund, nicht an die Stadt."
        ),
        rechtsgrundlagen="Grundsteuergesetz (GrStG)\nHebesatzsatzung der Hansestadt Stralsund",
        synonyme=("Grundbesitzabgaben", "Grundsteuerbescheid", "Hebesatz"),
        gebuehren=(g("Grundsteuer", hinweis="Messbetrag × Hebesatz"),),
        nachfrage=400,
    ),
    LeistungDemo(
        leika="99102010002000",
        name_buerger="Gewerbesteuer",
        name_en="Trade tax",
        zustaendig="steuern",
        kurztext=(
            "Gewerbebetriebe in Stralsund zahlen Gewerbesteuer an die Hansestadt, wenn ihr "
            "Gewerbeertrag den Freibetrag übersteigt."
        ),
        kurztext_en=(
            "Businesses in Stralsund pay trade tax to the city if their trade income exceeds "
            "the tax-free allowance."
        ),
        volltext=(
            "Das Finanzamt ermittelt aus Ihrer Gewerbesteuererklärung den "
            "Gewerbesteuermessbetrag. Die Hansestadt setzt daraus mit ihrem Hebesatz die "
            "Gewerbesteuer fest und erhebt Vorauszahlungen. Einzelunternehmen und "
            "Personengesellschaften haben einen Freibetrag von 24.500 Euro."
        ),
        voraussetzungen="Sie betreiben ein Gewerbe mit Betriebsstätte in Stralsund.",
        unterlagen="Keine; die Stadt erhält den Messbetrag vom Finanzamt.",
        kosten="Messbetrag mal Hebesatz der Hansestadt; der Bescheid ist gebührenfrei.",
        verfahrensablauf=(
            "Sie geben die Gewerbesteuererklärung beim Finanzamt ab. Die Stadt schickt Ihnen "
            "den Gewerbesteuerbescheid mit der Festsetzung und den Vorauszahlungen."
        ),
        bearbeitungsdauer="Nach Eingang des Messbescheids in wenigen Wochen.",
        fristen="Vorauszahlungen am 15. Februar, 15. Mai, 15. August und 15. November.",
        formulare="SEPA-Lastschriftmandat\nAntrag auf Anpassung der Vorauszahlungen",
        hinweise="Bei Zahlungsschwierigkeiten können Sie Stundung oder Ratenzahlung beantragen.",
        rechtsgrundlagen="Gewerbesteuergesetz (GewStG)\nHebesatzsatzung der Hansestadt Stralsund",
        synonyme=("Gewerbesteuerbescheid", "Vorauszahlung Gewerbesteuer"),
        gebuehren=(g("Gewerbesteuer", hinweis="Messbetrag × Hebesatz"),),
        nachfrage=350,
    ),
    LeistungDemo(
        leika="99012008001000",
        name_buerger="Baugenehmigung beantragen",
        name_en="Apply for a building permit",
        zustaendig="bauaufsicht",
        kurztext=(
            "Für Neubau, Umbau, Nutzungsänderung oder Abbruch brauchen Sie meist eine "
            "Baugenehmigung. Den Bauantrag stellen Sie digital."
        ),
        kurztext_en=(
            "New buildings, conversions, changes of use or demolitions usually require a "
            "building permit. You submit the application digitally."
        ),
        volltext=(
            "Die Bauaufsicht prüft, ob Ihr Vorhaben dem Bauplanungs- und Bauordnungsrecht "
            "entspricht. Für kleinere Wohngebäude gilt das vereinfachte Verfahren. Manche "
            "Vorhaben sind verfahrensfrei, etwa kleine Gartenhäuser; sie müssen trotzdem "
            "alle Vorschriften einhalten. In der Altstadt ist zusätzlich eine "
            "denkmalrechtliche Genehmigung nötig. Den Bauantrag reichen Entwurfsverfasser "
            "über das Bauportal M-V ein."
        ),
        voraussetzungen=(
            "Der Antrag wird von einer bauvorlageberechtigten Person (Architektin, "
            "Architekt oder Bauingenieur) erstellt und unterschrieben."
        ),
        unterlagen=(
            "- Bauantragsformular\n"
            "- Lageplan und Bauzeichnungen\n"
            "- Baubeschreibung und Berechnung der Flächen und Kosten\n"
            "- bautechnische Nachweise (Standsicherheit, Brandschutz, Wärmeschutz)\n"
            "- bei Bedarf: Stellplatznachweis und Entwässerungsplan"
        ),
        kosten=(
            "Nach der Baugebührenverordnung M-V, abhängig von den Baukosten; für ein "
            "Einfamilienhaus meist einige hundert bis über tausend Euro."
        ),
        verfahrensablauf=(
            "Sie reichen den Antrag digital ein. Die Bauaufsicht prüft die Vollständigkeit, "
            "beteiligt andere Behörden und erteilt die Genehmigung. Vor Baubeginn zeigen Sie "
            "den Baubeginn an."
        ),
        bearbeitungsdauer=(
            "Im vereinfachten Verfahren in der Regel ein bis drei Monate nach Eingang der "
            "vollständigen Unterlagen."
        ),
        fristen=(
            "Die Baugenehmigung erlischt, wenn nicht innerhalb von drei Jahren mit dem Bau "
            "begonnen wurde."
        ),
        formulare="Bauantrag über das Bauportal M-V (digitaler Bauantrag)",
        hinweise=(
            "Nutzen Sie die Bauberatung vor dem Antrag. Mit einem Vorbescheid lassen sich "
            "einzelne Fragen vorab verbindlich klären."
        ),
        rechtsgrundlagen=(
            "§§ 59 bis 72 Landesbauordnung M-V (LBauO M-V)\n"
            "Baugesetzbuch (BauGB)\n"
            "Baugebührenverordnung M-V"
        ),
        synonyme=("Bauantrag", "Hausbau", "Umbau genehmigen", "Anbau", "Bauen"),
        gebuehren=(
            g("Baugenehmigung", hinweis="nach Baukosten laut Baugebührenverordnung M-V"),
            g("Mindestgebühr", "50.00"),
        ),
        nachfrage=380,
    ),
    LeistungDemo(
        leika="99033002001000",
        name_buerger="Denkmalrechtliche Genehmigung beantragen",
        name_en="Heritage permit",
        zustaendig="denkmalpflege",
        kurztext=(
            "Wer ein Baudenkmal oder ein Gebäude in der Altstadt verändern will, braucht eine "
            "denkmalrechtliche Genehmigung, auch für Fenster, Türen und Farbe."
        ),
        kurztext_en=(
            "Altering a listed building or a building in the historic old town requires a "
            "heritage permit, even for windows, doors or paint."
        ),
        volltext=(
            "Die Altstadt von Stralsund ist als Denkmalbereich geschützt und UNESCO-Welterbe. "
            "Genehmigungspflichtig sind Veränderungen am Denkmal und in seiner Umgebung, "
            "etwa neue Fenster, Dachdeckung, Fassadenanstrich, Werbeanlagen oder Solaranlagen. "
            "Die Denkmalpflege berät Sie kostenlos vor der Antragstellung. Für Arbeiten an "
            "Denkmalen sind steuerliche Vergünstigungen möglich."
        ),
        voraussetzungen="Ihr Vorhaben betrifft ein Baudenkmal oder den Denkmalbereich Altstadt.",
        unterlagen=(
            "- Beschreibung der Maßnahme\n"
            "- Fotos des Bestands\n"
            "- Zeichnungen oder Muster, etwa Fensteransichten und Farbmuster"
        ),
        kosten="Für Eigentümerinnen und Eigentümer in der Regel gebührenfrei.",
        verfahrensablauf=(
            "Nach einer Beratung stellen Sie den Antrag schriftlich. Ist zugleich eine "
            "Baugenehmigung nötig, wird die denkmalrechtliche Entscheidung darin einbezogen."
        ),
        bearbeitungsdauer="In der Regel vier bis acht Wochen.",
        fristen="Beginnen Sie erst nach Erteilung der Genehmigung mit den Arbeiten.",
        formulare="Antrag auf denkmalrechtliche Genehmigung",
        hinweise=(
            "Bescheinigungen für die steuerliche Abschreibung von Denkmalkosten stellt die "
            "Denkmalpflege nach Abschluss der Arbeiten aus."
        ),
        rechtsgrundlagen="§ 7 Denkmalschutzgesetz M-V (DSchG M-V)",
        synonyme=("Denkmalschutz", "Welterbe", "Fenster tauschen Altstadt", "Altstadt Sanierung"),
        gebuehren=(g("denkmalrechtliche Genehmigung", "0.00", hinweis="in der Regel"),),
        nachfrage=420,
    ),
    LeistungDemo(
        leika="99107023017000",
        name_buerger="Wohngeld beantragen (Mietzuschuss und Lastenzuschuss)",
        name_en="Apply for housing benefit",
        zustaendig="wohngeldstelle",
        kurztext=(
            "Wohngeld ist ein Zuschuss zur Miete oder zu den Kosten für selbst genutztes "
            "Wohneigentum für Haushalte mit geringem Einkommen."
        ),
        kurztext_en=(
            "Housing benefit is a subsidy towards rent or the costs of owner-occupied housing "
            "for low-income households."
        ),
        volltext=(
            "Mieterinnen und Mieter erhalten Mietzuschuss, Eigentümerinnen und Eigentümer "
            "Lastenzuschuss. Die Höhe hängt von Haushaltsgröße, Einkommen und Miete ab; "
            "seit 2023 ist eine Heizkosten- und Klimakomponente enthalten. Wer Bürgergeld, "
            "Grundsicherung oder andere Leistungen mit Unterkunftskosten erhält, bekommt kein "
            "Wohngeld. Wohngeld wird in der Regel für zwölf Monate bewilligt."
        ),
        voraussetzungen=(
            "Sie wohnen in Stralsund, Ihr Einkommen liegt unter den Grenzen des "
            "Wohngeldgesetzes, und Sie erhalten keine Leistungen, die Unterkunftskosten "
            "bereits berücksichtigen."
        ),
        unterlagen=(
            "- Personalausweis\n"
            "- Mietvertrag und Mietbescheinigung des Vermieters\n"
            "- Einkommensnachweise aller Haushaltsmitglieder der letzten zwölf Monate\n"
            "- Kontoauszüge, Renten- und Unterhaltsbescheide\n"
            "- bei Eigentum: Nachweise über Belastungen"
        ),
        kosten="Der Antrag ist gebührenfrei.",
        verfahrensablauf=(
            "Sie stellen den Antrag mit Formular. Die Wohngeldstelle prüft und "
            "fordert gegebenenfalls weitere Unterlagen an. Sie erhalten einen Bescheid; das "
            "Wohngeld wird monatlich im Voraus gezahlt."
        ),
        bearbeitungsdauer="In der Regel sechs bis zehn Wochen bei vollständigen Unterlagen.",
        fristen=(
            "Wohngeld gibt es ab dem Monat der Antragstellung. Den Weiterleistungsantrag "
            "stellen Sie zwei Monate vor Ablauf des Bewilligungszeitraums."
        ),
        formulare="Wohngeldantrag\nMietbescheinigung\nWeiterleistungsantrag",
        hinweise=(
            "Mit dem Wohngeld-Rechner des Bundes können Sie vorab prüfen, ob ein Anspruch "
            "besteht. Änderungen bei Einkommen oder Haushalt müssen Sie sofort mitteilen."
        ),
        rechtsgrundlagen="Wohngeldgesetz (WoGG)\nWohngeldverordnung (WoGV)",
        synonyme=("Mietzuschuss", "Lastenzuschuss", "Zuschuss Miete", "Wohngeldantrag"),
        gebuehren=(g("Wohngeldantrag", "0.00"),),
        nachfrage=1900,
    ),
    LeistungDemo(
        leika="99077020040000",
        name_buerger="Bibliotheksausweis",
        name_en="Library card",
        zustaendig="stadtbibliothek",
        kurztext=(
            "Mit dem Bibliotheksausweis leihen Sie Bücher, Filme und Spiele aus und nutzen "
            "die Onleihe. Kinder und Jugendliche bis 18 Jahre zahlen nichts."
        ),
        kurztext_en=(
            "With a library card you can borrow books, films and games and use the e-lending "
            "service. Children and young people under 18 pay nothing."
        ),
        volltext=(
            "Den Ausweis erhalten Sie an der Information der Stadtbibliothek. Er gilt ein "
            "Jahr ab Ausstellung. Die Leihfrist beträgt in der Regel vier Wochen und kann "
            "online verlängert werden. Mit dem Ausweis nutzen Sie auch die digitalen Angebote "
            "wie Onleihe, Zeitungsportale und Lernplattformen."
        ),
        voraussetzungen=(
            "Sie haben einen Wohnsitz in Deutschland. Kinder unter 16 Jahren brauchen die "
            "Einverständniserklärung der Sorgeberechtigten."
        ),
        unterlagen=(
            "- Personalausweis oder Reisepass mit Meldebestätigung\n"
            "- für Ermäßigungen: Nachweis, etwa Schüler-, Studierenden- oder Sozialausweis"
        ),
        kosten="15,00 Euro im Jahr, ermäßigt 7,50 Euro, bis 18 Jahre kostenlos.",
        verfahrensablauf="Sie kommen zur Information, der Ausweis wird sofort ausgestellt.",
        bearbeitungsdauer="Sofort.",
        fristen="Der Ausweis gilt ein Jahr.",
        formulare="Anmeldeformular (an der Information)",
        hinweise="Melden Sie einen Verlust sofort, damit niemand mit Ihrem Ausweis ausleiht.",
        rechtsgrundlagen="Benutzungs- und Entgeltordnung der Stadtbibliothek Stralsund",
        synonyme=("Büchereiausweis", "Leseausweis", "Bücherei", "Onleihe"),
        gebuehren=(
            g("Jahresausweis", "15.00"),
            g("Jahresausweis ermäßigt", "7.50"),
            g("Kinder und Jugendliche bis 18 Jahre", "0.00"),
        ),
        nachfrage=2500,
    ),
    LeistungDemo(
        leika="99077015109000",
        name_buerger="Stadtarchiv nutzen",
        name_en="Use the City Archives",
        zustaendig="stadtarchiv",
        kurztext=(
            "Im Lesesaal des Stadtarchivs können alle Interessierten Urkunden, Akten, Karten "
            "und Fotos zur Geschichte Stralsunds einsehen."
        ),
        kurztext_en=(
            "Anyone interested can consult charters, files, maps and photos on the history of "
            "Stralsund in the reading room of the City Archives."
        ),
        volltext=(
            "Das Stadtarchiv verwahrt Überlieferung seit dem 13. Jahrhundert, darunter "
            "Personenstandsregister nach Ablauf der Fortführungsfristen. Für Familienforschung, "
            "Hausgeschichte, Wissenschaft oder Heimatkunde beraten die Archivarinnen und "
            "Archivare. Für Unterlagen mit personenbezogenen Daten gelten Schutzfristen. "
            "Auf Wunsch werden Reproduktionen angefertigt."
        ),
        voraussetzungen=(
            "Sie haben ein berechtigtes Interesse, etwa wissenschaftlich, heimatkundlich, "
            "familiengeschichtlich oder rechtlich."
        ),
        unterlagen="- Personalausweis\n- Benutzungsantrag mit Thema der Forschung",
        kosten=(
            "Die Benutzung für wissenschaftliche und heimatkundliche Zwecke ist frei. Für "
            "Recherchen durch das Archiv und Reproduktionen werden Gebühren erhoben."
        ),
        verfahrensablauf=(
            "Sie melden Ihren Besuch an und beschreiben Ihr Thema. Das Archiv bereitet die "
            "Unterlagen vor, die Sie im Lesesaal einsehen."
        ),
        bearbeitungsdauer="Schriftliche Anfragen etwa zwei bis vier Wochen.",
        fristen=(
            "Schutzfristen: in der Regel 30 Jahre nach Entstehung, bei personenbezogenen "
            "Unterlagen zehn Jahre nach dem Tod der Person."
        ),
        formulare="Benutzungsantrag (im Lesesaal)",
        hinweise="Eigene Fotos der Unterlagen ohne Blitz sind nach Absprache erlaubt.",
        rechtsgrundlagen=(
            "Landesarchivgesetz M-V (LArchivG M-V)\n"
            "Archivsatzung und Gebührensatzung der Hansestadt Stralsund"
        ),
        synonyme=("Archiv", "Archivgut", "Ahnenforschung", "Familienforschung", "Stadtgeschichte"),
        gebuehren=(
            g("Recherche durch das Archiv je angefangene halbe Stunde", "15.00"),
            g("Reproduktion je Scan", "1.00", "5.00"),
        ),
        nachfrage=600,
    ),
)
