"""Sample services of the Bürgerbüro (Meldewesen, Ausweise), the Wahlbüro and the Fundbüro."""

from __future__ import annotations

from .typen import LeistungDemo, g

_TERMIN = (
    "Vereinbaren Sie einen Termin im Bürgerbüro (online oder unter 03831 253 780). "
    "Das Ordnungsamt arbeitet ausschließlich mit Termin."
)

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99008001012000",
        name="Personalausweis beantragen",
        name_en="Apply for an identity card",
        zustaendig="buergerbuero",
        kurztext=(
            "Den Personalausweis beantragen Sie persönlich im Bürgerbüro. Er gilt zehn Jahre, "
            "für Menschen unter 24 Jahren sechs Jahre."
        ),
        kurztext_en=(
            "Apply for a German identity card in person at the Citizens' Office. It is valid "
            "for ten years, or six years if you are under 24."
        ),
        volltext=(
            "Alle Deutschen ab 16 Jahren müssen einen gültigen Personalausweis oder Reisepass "
            "besitzen. Der Personalausweis ist zugleich Reisedokument für die Staaten der "
            "Europäischen Union und hat eine Online-Ausweisfunktion, mit der Sie sich bei "
            "Behörden und Unternehmen im Internet ausweisen können. Für Kinder kann ebenfalls "
            "ein Personalausweis ausgestellt werden. Der Ausweis wird in der Bundesdruckerei "
            "hergestellt; Sie holen ihn im Bürgerbüro ab oder lassen ihn sich gegen Gebühr "
            "direkt nach Hause schicken."
        ),
        voraussetzungen=(
            "Sie sind Deutsche oder Deutscher und mit Hauptwohnsitz in Stralsund gemeldet. "
            "Sie kommen persönlich; Kinder unter 16 Jahren kommen mit ihren "
            "Sorgeberechtigten."
        ),
        unterlagen=(
            "- bisheriger Personalausweis oder Reisepass\n"
            "- ein aktuelles biometrisches Lichtbild in digitaler Form (vom Fotostudio "
            "übermittelt oder direkt im Bürgerbüro aufgenommen)\n"
            "- bei erstmaliger Beantragung: Geburtsurkunde, gegebenenfalls Eheurkunde\n"
            "- bei Kindern: Zustimmung aller Sorgeberechtigten und deren Ausweise"
        ),
        kosten=(
            "37,00 Euro ab 24 Jahren, 22,80 Euro unter 24 Jahren. Für das Lichtbild im "
            "Bürgerbüro kommen 6,00 Euro hinzu, für den Direktversand nach Hause 15,00 Euro."
        ),
        verfahrensablauf=(
            f"{_TERMIN} Im Bürgerbüro werden Ihr Lichtbild, Ihre Unterschrift und Ihre "
            "Fingerabdrücke erfasst. Der Antrag geht an die Bundesdruckerei. Sobald der "
            "Ausweis eingetroffen ist, erhalten Sie einen Brief mit der PIN und holen den "
            "Ausweis ab; dabei geben Sie den alten Ausweis zurück."
        ),
        bearbeitungsdauer="In der Regel drei bis vier Wochen.",
        fristen=(
            "Beantragen Sie den neuen Ausweis rechtzeitig vor Ablauf des alten, am besten "
            "sechs Wochen vorher. Wer keinen gültigen Ausweis besitzt, handelt ordnungswidrig."
        ),
        formulare="Keine Formulare nötig; der Antrag wird im Bürgerbüro erstellt.",
        hinweise=(
            "Seit dem 1. Mai 2025 werden nur noch digitale Lichtbilder angenommen. Wenn Sie "
            "schnell ein Dokument brauchen, fragen Sie nach einem vorläufigen Personalausweis."
        ),
        rechtsgrundlagen=(
            "Personalausweisgesetz (PAuswG)\n"
            "Personalausweisverordnung (PAuswV)\n"
            "Personalausweisgebührenverordnung (PAuswGebV)"
        ),
        synonyme=("Perso", "Ausweis", "Personalausweis verlängern", "Ausweis beantragen"),
        gebuehren=(
            g("Personalausweis ab 24 Jahren", "37.00"),
            g("Personalausweis unter 24 Jahren", "22.80"),
            g("Lichtbild im Bürgerbüro", "6.00"),
            g("Direktversand nach Hause", "15.00"),
        ),
        reifegrad=1,
        nachfrage=9200,
        online_dienst_url="https://www.stralsund.de/buergerservice/termin/personalausweis",
    ),
    LeistungDemo(
        leika="99008001012002",
        name="Vorläufigen Personalausweis beantragen",
        name_en="Apply for a temporary identity card",
        zustaendig="buergerbuero",
        kurztext=(
            "Wenn Sie kurzfristig einen Ausweis brauchen, stellt das Bürgerbüro sofort einen "
            "vorläufigen Personalausweis aus. Er gilt höchstens drei Monate."
        ),
        kurztext_en=(
            "If you need an identity document at short notice, the Citizens' Office issues a "
            "temporary identity card on the spot, valid for up to three months."
        ),
        volltext=(
            "Der vorläufige Personalausweis ist ein Papierdokument, das am selben Tag "
            "ausgestellt wird. Er überbrückt die Zeit, bis Ihr regulärer Ausweis fertig ist, "
            "etwa wenn der alte verloren ging oder abgelaufen ist und Sie dringend reisen "
            "müssen. Er hat keinen Chip und keine Online-Ausweisfunktion. Nicht alle Staaten "
            "erkennen ihn für die Einreise an."
        ),
        voraussetzungen=(
            "Sie beantragen zugleich einen regulären Personalausweis oder haben ihn bereits "
            "beantragt, und Sie brauchen kurzfristig ein Ausweisdokument."
        ),
        unterlagen=(
            "- bisheriger Ausweis, falls vorhanden, oder Verlustanzeige\n"
            "- ein aktuelles biometrisches Lichtbild in digitaler Form"
        ),
        kosten="10,00 Euro.",
        verfahrensablauf=(
            f"{_TERMIN} Sagen Sie bei der Buchung, dass Sie den Ausweis dringend brauchen. "
            "Der vorläufige Ausweis wird während des Termins gedruckt und Ihnen ausgehändigt."
        ),
        bearbeitungsdauer="Sofort, während des Termins.",
        fristen="Keine.",
        formulare="Keine Formulare nötig.",
        hinweise=(
            "Prüfen Sie vor einer Reise ins Ausland, ob das Zielland den vorläufigen "
            "Personalausweis anerkennt. Für Reisen außerhalb Europas gibt es den vorläufigen "
            "Reisepass."
        ),
        rechtsgrundlagen="§ 3 Personalausweisgesetz (PAuswG)\nPersonalausweisgebührenverordnung",
        synonyme=("Notausweis", "Ersatzausweis", "Ausweis sofort"),
        gebuehren=(g("vorläufiger Personalausweis", "10.00"),),
        reifegrad=1,
        nachfrage=900,
    ),
    LeistungDemo(
        leika="99085001012000",
        name="Reisepass beantragen",
        name_en="Apply for a passport",
        zustaendig="buergerbuero",
        kurztext=(
            "Den Reisepass beantragen Sie persönlich im Bürgerbüro. Er gilt zehn Jahre, für "
            "Menschen unter 24 Jahren sechs Jahre."
        ),
        kurztext_en=(
            "Apply for a German passport in person at the Citizens' Office. It is valid for "
            "ten years, or six years if you are under 24."
        ),
        volltext=(
            "Für Reisen in viele Länder außerhalb der Europäischen Union brauchen Sie einen "
            "Reisepass. Der elektronische Reisepass enthält einen Chip mit Lichtbild und "
            "Fingerabdrücken. Auf Wunsch gibt es den Pass mit 48 statt 32 Seiten für "
            "Vielreisende oder im Expressverfahren innerhalb weniger Werktage."
        ),
        voraussetzungen=(
            "Sie sind Deutsche oder Deutscher und mit Hauptwohnsitz in Stralsund gemeldet. "
            "Sie kommen persönlich; Kinder kommen mit ihren Sorgeberechtigten."
        ),
        unterlagen=(
            "- bisheriger Reisepass oder Personalausweis\n"
            "- ein aktuelles biometrisches Lichtbild in digitaler Form\n"
            "- bei erstmaliger Beantragung: Geburtsurkunde, gegebenenfalls Eheurkunde\n"
            "- bei Kindern: Zustimmung aller Sorgeberechtigten"
        ),
        kosten=(
            "70,00 Euro ab 24 Jahren, 37,50 Euro unter 24 Jahren. Expresszuschlag "
            "32,00 Euro, 48 Seiten 22,00 Euro zusätzlich."
        ),
        verfahrensablauf=(
            f"{_TERMIN} Im Bürgerbüro werden Lichtbild, Unterschrift und Fingerabdrücke "
            "erfasst. Sie werden benachrichtigt, sobald der Pass abgeholt werden kann."
        ),
        bearbeitungsdauer=(
            "In der Regel drei bis vier Wochen, im Expressverfahren etwa drei Werktage."
        ),
        fristen=(
            "Manche Länder verlangen, dass der Pass bei der Einreise noch mindestens sechs "
            "Monate gültig ist. Beantragen Sie ihn rechtzeitig vor der Reise."
        ),
        formulare="Keine Formulare nötig; der Antrag wird im Bürgerbüro erstellt.",
        hinweise=(
            "Seit 2024 werden keine Kinderreisepässe mehr ausgestellt; auch Kinder erhalten "
            "den elektronischen Reisepass oder einen Personalausweis."
        ),
        rechtsgrundlagen="Passgesetz (PassG)\nPassverordnung (PassV)",
        synonyme=("Pass", "Reisepass verlängern", "Expresspass", "Pass beantragen"),
        gebuehren=(
            g("Reisepass ab 24 Jahren (32 Seiten)", "70.00"),
            g("Reisepass unter 24 Jahren (32 Seiten)", "37.50"),
            g("Zuschlag 48 Seiten", "22.00"),
            g("Zuschlag Expressverfahren", "32.00"),
        ),
        reifegrad=1,
        nachfrage=3600,
        online_dienst_url="https://www.stralsund.de/buergerservice/termin/reisepass",
    ),
    LeistungDemo(
        leika="99085003012000",
        name="Kinderreisepass",
        name_en="Children's passport",
        zustaendig="buergerbuero",
        kurztext=(
            "Seit dem 1. Januar 2024 werden keine Kinderreisepässe mehr ausgestellt oder "
            "verlängert. Kinder erhalten einen Personalausweis oder Reisepass."
        ),
        kurztext_en=(
            "Since 1 January 2024 children's passports are no longer issued or extended. "
            "Children can get an identity card or a regular passport instead."
        ),
        volltext=(
            "Bereits ausgestellte Kinderreisepässe bleiben bis zum aufgedruckten Datum gültig. "
            "Für Reisen innerhalb Europas genügt in der Regel der Personalausweis für Kinder; "
            "für andere Länder beantragen Sie einen elektronischen Reisepass. Beide werden "
            "für Kinder mit einer Gültigkeit von sechs Jahren ausgestellt."
        ),
        voraussetzungen=(
            "Für den Personalausweis oder Reisepass eines Kindes: Das Kind ist mit "
            "Hauptwohnsitz in Stralsund gemeldet, alle Sorgeberechtigten stimmen zu."
        ),
        unterlagen=(
            "- Geburtsurkunde des Kindes\n"
            "- digitales biometrisches Lichtbild des Kindes\n"
            "- Ausweise der Sorgeberechtigten und gegebenenfalls schriftliche Zustimmung "
            "des abwesenden Elternteils"
        ),
        kosten=(
            "Für den Kinderreisepass fallen keine Kosten mehr an. Personalausweis für "
            "Kinder: 22,80 Euro; Reisepass unter 24 Jahren: 37,50 Euro."
        ),
        verfahrensablauf=(
            f"{_TERMIN} Das Kind kommt mit zum Termin; ab sechs Jahren werden Fingerabdrücke "
            "für den Reisepass genommen."
        ),
        bearbeitungsdauer="Personalausweis und Reisepass: in der Regel drei bis vier Wochen.",
        fristen="Keine.",
        formulare="Zustimmungserklärung der Sorgeberechtigten (im Bürgerbüro erhältlich).",
        hinweise=(
            "Prüfen Sie vor einer Fernreise die Einreisebestimmungen beim Auswärtigen Amt. "
            "Ein abgelaufener Kinderreisepass kann nicht verlängert werden."
        ),
        rechtsgrundlagen="Passgesetz (PassG) in der seit 1. Januar 2024 geltenden Fassung",
        synonyme=("Kinderpass", "Ausweis für Kinder", "Kinderausweis"),
        gebuehren=(
            g("Personalausweis für Kinder", "22.80"),
            g("Reisepass unter 24 Jahren", "37.50"),
        ),
        reifegrad=1,
        nachfrage=700,
    ),
    LeistungDemo(
        leika="99115005104000",
        name="Wohnsitz anmelden",
        name_en="Register your address",
        zustaendig="buergerbuero",
        kurztext=(
            "Wer nach Stralsund zieht oder innerhalb der Stadt umzieht, meldet sich innerhalb "
            "von zwei Wochen im Bürgerbüro an."
        ),
        kurztext_en=(
            "If you move to Stralsund or move within the city, you must register your new "
            "address within two weeks."
        ),
        volltext=(
            "Mit der Anmeldung wird Ihre neue Adresse im Melderegister eingetragen. Ziehen "
            "Sie aus einer anderen Gemeinde zu, meldet die Stadt Sie dort automatisch ab. Bei "
            "einem Umzug innerhalb Stralsunds spricht man von Ummeldung; der Ablauf ist "
            "derselbe. Die neue Adresse wird auf Ihrem Personalausweis vermerkt. Mit einem "
            "Personalausweis mit Online-Ausweisfunktion können Sie sich auch online anmelden."
        ),
        voraussetzungen="Sie haben eine Wohnung in Stralsund bezogen.",
        unterlagen=(
            "- Personalausweis oder Reisepass aller umziehenden Personen\n"
            "- Wohnungsgeberbestätigung des Vermieters oder der Vermieterin\n"
            "- bei Kindern: Geburtsurkunde"
        ),
        kosten="Die Anmeldung ist gebührenfrei.",
        verfahrensablauf=(
            f"{_TERMIN} Alternativ melden Sie sich online mit Ihrem Personalausweis an. Sie "
            "erhalten eine Meldebestätigung; im Ausweis wird ein Adressaufkleber angebracht."
        ),
        bearbeitungsdauer="Sofort während des Termins; online in wenigen Tagen.",
        fristen=(
            "Innerhalb von zwei Wochen nach dem Einzug. Wer sich zu spät anmeldet, handelt "
            "ordnungswidrig und kann mit einem Bußgeld belegt werden."
        ),
        formulare=(
            "Wohnungsgeberbestätigung (Vordruck auf www.stralsund.de)\n"
            "Online-Anmeldung über den Onlinedienst der Stadt"
        ),
        hinweise=(
            "Denken Sie nach dem Umzug auch an die Kfz-Zulassungsstelle, wenn Sie ein Auto "
            "besitzen, und an die Hundesteuer, wenn Sie einen Hund halten."
        ),
        rechtsgrundlagen="§§ 17, 19, 23 Bundesmeldegesetz (BMG)",
        synonyme=("Ummeldung", "Umzug", "Anmeldung", "Zuzug", "neue Adresse"),
        gebuehren=(g("Anmeldung", "0.00"),),
        reifegrad=3,
        nachfrage=7400,
        online_dienst_url="https://www.stralsund.de/buergerservice/online/wohnsitz-anmelden",
    ),
    LeistungDemo(
        leika="99115005070000",
        name="Wohnsitz abmelden",
        name_en="Deregister your address",
        zustaendig="buergerbuero",
        kurztext=(
            "Wer ins Ausland zieht oder eine Nebenwohnung aufgibt, meldet sich im Bürgerbüro "
            "ab. Bei einem Umzug innerhalb Deutschlands genügt die Anmeldung am neuen Ort."
        ),
        kurztext_en=(
            "Deregister if you move abroad or give up a secondary residence. For moves "
            "within Germany, registering at the new address is enough."
        ),
        volltext=(
            "Eine Abmeldung ist nur nötig, wenn Sie ins Ausland ziehen und keine Wohnung in "
            "Deutschland behalten oder wenn Sie eine Nebenwohnung aufgeben. Sie erhalten "
            "eine Abmeldebestätigung, die Sie oft für Banken, Versicherungen oder Behörden "
            "im Ausland brauchen. Die Abmeldung ist frühestens eine Woche vor dem Auszug "
            "möglich."
        ),
        voraussetzungen=(
            "Sie ziehen aus Stralsund ins Ausland oder geben eine Nebenwohnung in Stralsund auf."
        ),
        unterlagen=(
            "- Personalausweis oder Reisepass\n"
            "- neue Anschrift im Ausland, soweit bekannt\n"
            "- Vollmacht, wenn eine andere Person die Abmeldung für Sie erledigt"
        ),
        kosten="Die Abmeldung ist gebührenfrei.",
        verfahrensablauf=(
            f"{_TERMIN} Sie können die Abmeldung auch schriftlich mit einer Kopie Ihres "
            "Ausweises einreichen. Die Abmeldebestätigung wird Ihnen ausgehändigt oder "
            "zugeschickt."
        ),
        bearbeitungsdauer="Sofort während des Termins; schriftlich etwa eine Woche.",
        fristen="Innerhalb von zwei Wochen nach dem Auszug.",
        formulare="Abmeldeformular (auf www.stralsund.de und im Bürgerbüro)",
        hinweise=(
            "Deutsche, die ins Ausland ziehen, können sich für Wahlen in Deutschland in das "
            "Wählerverzeichnis eintragen lassen."
        ),
        rechtsgrundlagen="§ 17 Abs. 2 Bundesmeldegesetz (BMG)",
        synonyme=("Abmeldung", "Wegzug ins Ausland", "Auswandern", "Nebenwohnung abmelden"),
        gebuehren=(g("Abmeldung", "0.00"),),
        reifegrad=2,
        nachfrage=1300,
    ),
    LeistungDemo(
        leika="99115003012000",
        name="Meldebescheinigung beantragen",
        name_en="Certificate of registration",
        zustaendig="buergerbuero",
        kurztext=(
            "Die Meldebescheinigung bestätigt Ihre aktuelle Adresse, etwa für Arbeitgeber, "
            "Vermieter oder Behörden. Mit Online-Ausweis erhalten Sie sie auch online."
        ),
        kurztext_en=(
            "The certificate of registration confirms your current address, for example for "
            "employers or landlords. You can also get it online with your eID."
        ),
        volltext=(
            "Die einfache Meldebescheinigung enthält Name, Geburtsdatum und Anschrift. Die "
            "erweiterte Meldebescheinigung enthält weitere Angaben, etwa frühere Anschriften, "
            "Staatsangehörigkeit oder Familienstand. Sie erhalten eine Bescheinigung nur über "
            "Ihre eigenen Daten oder mit Vollmacht über die Daten einer anderen Person."
        ),
        voraussetzungen="Sie sind in Stralsund gemeldet.",
        unterlagen=(
            "- Personalausweis oder Reisepass\n"
            "- bei Beantragung für eine andere Person: Vollmacht und deren Ausweiskopie"
        ),
        kosten="Einfache Meldebescheinigung 5,00 Euro, erweiterte Meldebescheinigung 8,00 Euro.",
        verfahrensablauf=(
            "Online: Sie weisen sich mit Ihrem Personalausweis aus, bezahlen online und "
            "laden die Bescheinigung herunter. Vor Ort: Sie vereinbaren einen Termin und "
            "erhalten die Bescheinigung sofort."
        ),
        bearbeitungsdauer="Online und vor Ort sofort.",
        fristen="Keine.",
        formulare="Onlinedienst Meldebescheinigung",
        hinweise=(
            "Für Rentenzwecke genügt oft eine Lebensbescheinigung. Die Meldebescheinigung "
            "ersetzt keine Wohnungsgeberbestätigung."
        ),
        rechtsgrundlagen="§ 18 Bundesmeldegesetz (BMG)",
        synonyme=("Meldebescheinigung", "Wohnsitzbescheinigung", "Meldebestätigung"),
        gebuehren=(
            g("einfache Meldebescheinigung", "5.00"),
            g("erweiterte Meldebescheinigung", "8.00"),
        ),
        reifegrad=4,
        nachfrage=2600,
        online_dienst_url="https://www.stralsund.de/buergerservice/online/meldebescheinigung",
    ),
    LeistungDemo(
        leika="99115004001001",
        name="Einfache Melderegisterauskunft",
        name_en="Information from the residents' register",
        zustaendig="buergerbuero",
        kurztext=(
            "Sie suchen die Anschrift einer Person? Gegen Gebühr erteilt das Bürgerbüro eine "
            "einfache Auskunft aus dem Melderegister."
        ),
        kurztext_en=(
            "Looking for someone's address? For a fee, the Citizens' Office provides basic "
            "information from the residents' register."
        ),
        volltext=(
            "Die einfache Melderegisterauskunft enthält Vor- und Familiennamen, Doktorgrad, "
            "derzeitige Anschriften und gegebenenfalls die Information, dass die Person "
            "verstorben ist. Sie müssen die gesuchte Person eindeutig bezeichnen, etwa mit "
            "Namen und Geburtsdatum oder früherer Anschrift. Für gewerbliche Zwecke müssen "
            "Sie den Zweck angeben. Ist für die Person eine Auskunftssperre eingetragen, "
            "wird keine Auskunft erteilt."
        ),
        voraussetzungen="Sie können die gesuchte Person eindeutig bezeichnen.",
        unterlagen=(
            "- Angaben zur gesuchten Person (Name, Vorname, Geburtsdatum oder letzte "
            "bekannte Anschrift)\n"
            "- bei gewerblichen Zwecken: Angabe des Zwecks"
        ),
        kosten="10,00 Euro je Auskunft, auch wenn die Person nicht gefunden wird.",
        verfahrensablauf=(
            "Sie stellen den Antrag schriftlich, per E-Mail oder online. Nach Zahlung der "
            "Gebühr erhalten Sie die Auskunft schriftlich."
        ),
        bearbeitungsdauer="In der Regel eine Woche.",
        fristen="Keine.",
        formulare="Antrag auf Melderegisterauskunft (auf www.stralsund.de)",
        hinweise=(
            "Eine erweiterte Auskunft erhalten Sie nur, wenn Sie ein berechtigtes Interesse "
            "glaubhaft machen, etwa als Gläubiger in einem Verfahren."
        ),
        rechtsgrundlagen="§§ 44, 45, 49 Bundesmeldegesetz (BMG)",
        synonyme=("Adressauskunft", "Adresse herausfinden", "Anschrift ermitteln"),
        gebuehren=(g("einfache Melderegisterauskunft", "10.00"),),
        reifegrad=2,
        nachfrage=1900,
    ),
    LeistungDemo(
        leika="99115002060001",
        name="Auskunftssperre im Melderegister",
        name_en="Block on disclosure of your address",
        zustaendig="buergerbuero",
        kurztext=(
            "Wenn Ihnen durch eine Auskunft über Ihre Adresse Gefahr droht, können Sie eine "
            "Auskunftssperre im Melderegister eintragen lassen."
        ),
        kurztext_en=(
            "If disclosing your address could put you at risk, you can have a block on "
            "disclosure entered in the residents' register."
        ),
        volltext=(
            "Die Auskunftssperre schützt Menschen, die etwa von Stalking, häuslicher Gewalt "
            "oder Bedrohung betroffen sind. Private und Unternehmen erhalten dann keine "
            "Auskunft über Ihre Anschrift. Die Sperre gilt zwei Jahre und kann auf Antrag "
            "verlängert werden. Sie muss begründet und glaubhaft gemacht werden."
        ),
        voraussetzungen=(
            "Es gibt Tatsachen, die annehmen lassen, dass Ihnen oder einer anderen Person "
            "durch eine Melderegisterauskunft eine Gefahr für Leben, Gesundheit, persönliche "
            "Freiheit oder ähnliche schutzwürdige Interessen droht."
        ),
        unterlagen=(
            "- Personalausweis oder Reisepass\n"
            "- Nachweise über die Gefährdung, zum Beispiel Strafanzeige, gerichtliche "
            "Schutzanordnung oder Bescheinigung einer Beratungsstelle"
        ),
        kosten="Die Eintragung ist gebührenfrei.",
        verfahrensablauf=(
            "Sie stellen den Antrag persönlich oder schriftlich. Das Bürgerbüro prüft die "
            "Nachweise und teilt Ihnen die Entscheidung schriftlich mit."
        ),
        bearbeitungsdauer="In dringenden Fällen sofort, sonst etwa eine Woche.",
        fristen="Die Sperre endet nach zwei Jahren, wenn sie nicht verlängert wird.",
        formulare="Antrag auf Eintragung einer Auskunftssperre (im Bürgerbüro erhältlich)",
        hinweise=(
            "Beratung und Hilfe bei häuslicher Gewalt bietet das Hilfetelefon unter "
            "116 016, rund um die Uhr und kostenlos."
        ),
        rechtsgrundlagen="§ 51 Bundesmeldegesetz (BMG)",
        synonyme=("Adresssperre", "Adresse sperren", "Stalking"),
        gebuehren=(g("Auskunftssperre", "0.00"),),
        reifegrad=1,
        nachfrage=120,
    ),
    LeistungDemo(
        leika="99115002060002",
        name="Übermittlungssperre eintragen (Widerspruch gegen Datenweitergabe)",
        name_en="Object to the disclosure of your registration data",
        zustaendig="buergerbuero",
        kurztext=(
            "Sie können der Weitergabe Ihrer Daten an Parteien vor Wahlen, an Adressbuchverlage "
            "und für Alters- und Ehejubiläen widersprechen."
        ),
        kurztext_en=(
            "You can object to your data being passed on to political parties before "
            "elections, to address book publishers and for anniversary congratulations."
        ),
        volltext=(
            "Ohne Begründung können Sie widersprechen, dass die Stadt Ihre Daten an Parteien "
            "und Wählergruppen vor Wahlen, an Adressbuchverlage, an Mandatsträger und Presse "
            "zu Alters- und Ehejubiläen, an das Bundesamt für das Personalmanagement der "
            "Bundeswehr sowie an eine Religionsgesellschaft, der Sie nicht angehören, "
            "weitergibt. Die Sperre gilt bis Sie sie widerrufen."
        ),
        voraussetzungen="Sie sind in Stralsund gemeldet.",
        unterlagen="- Personalausweis oder Reisepass (bei schriftlichem Antrag eine Kopie)",
        kosten="Die Eintragung ist gebührenfrei.",
        verfahrensablauf=(
            "Sie kreuzen auf dem Formular an, welcher Weitergabe Sie widersprechen, und "
            "reichen es persönlich, per Post oder online ein. Sie erhalten eine Bestätigung."
        ),
        bearbeitungsdauer="Wenige Tage.",
        fristen="Keine; vor einer Wahl sollte der Widerspruch rechtzeitig eingehen.",
        formulare="Widerspruch gegen Datenübermittlungen (auf www.stralsund.de)",
        hinweise="Eine Übermittlungssperre verhindert keine Auskünfte an Behörden.",
        rechtsgrundlagen="§ 36 Abs. 2, § 42 Abs. 3, § 50 Abs. 5 Bundesmeldegesetz (BMG)",
        synonyme=("Widerspruch Datenweitergabe", "Werbung Parteien", "Datensperre"),
        gebuehren=(g("Übermittlungssperre", "0.00"),),
        reifegrad=3,
        nachfrage=450,
        online_dienst_url="https://www.stralsund.de/buergerservice/online/uebermittlungssperre",
    ),
    LeistungDemo(
        leika="99049001001000",
        name="Führungszeugnis beantragen",
        name_en="Apply for a certificate of good conduct",
        zustaendig="buergerbuero",
        kurztext=(
            "Ein Führungszeugnis beantragen Sie im Bürgerbüro oder online beim Bundesamt für "
            "Justiz. Es wird vom Bundeszentralregister ausgestellt."
        ),
        kurztext_en=(
            "Apply for a certificate of good conduct at the Citizens' Office or online at the "
            "Federal Office of Justice."
        ),
        volltext=(
            "Das Führungszeugnis gibt Auskunft, ob eine Person vorbestraft ist. Arbeitgeber "
            "verlangen es häufig bei der Einstellung. Das erweiterte Führungszeugnis ist für "
            "Tätigkeiten mit Kindern und Jugendlichen nötig; dafür brauchen Sie eine "
            "schriftliche Aufforderung der Stelle, die es verlangt. Das Zeugnis wird Ihnen "
            "oder direkt einer Behörde zugeschickt."
        ),
        voraussetzungen="Sie sind mindestens 14 Jahre alt und in Stralsund gemeldet.",
        unterlagen=(
            "- Personalausweis oder Reisepass\n"
            "- für das erweiterte Führungszeugnis: Aufforderung des Arbeitgebers oder Vereins\n"
            "- für die Gebührenbefreiung: Bestätigung der ehrenamtlichen Tätigkeit"
        ),
        kosten="13,00 Euro. Für ehrenamtlich Tätige kann die Gebühr erlassen werden.",
        verfahrensablauf=(
            f"{_TERMIN} Das Bürgerbüro leitet den Antrag elektronisch an das Bundesamt für "
            "Justiz weiter, das Zeugnis kommt per Post."
        ),
        bearbeitungsdauer="Etwa ein bis zwei Wochen.",
        fristen="Viele Stellen akzeptieren nur Zeugnisse, die höchstens drei Monate alt sind.",
        formulare="Online-Antrag beim Bundesamt für Justiz (mit Online-Ausweisfunktion)",
        hinweise=(
            "Mit der Online-Ausweisfunktion können Sie das Führungszeugnis ohne Termin beim "
            "Bundesamt für Justiz beantragen."
        ),
        rechtsgrundlagen=(
            "§§ 30, 30a Bundeszentralregistergesetz (BZRG)\nJustizverwaltungskostengesetz"
        ),
        synonyme=("polizeiliches Führungszeugnis", "erweitertes Führungszeugnis", "Vorstrafen"),
        gebuehren=(g("Führungszeugnis (einfach oder erweitert)", "13.00"),),
        reifegrad=3,
        nachfrage=2900,
        online_dienst_url="https://www.stralsund.de/buergerservice/online/fuehrungszeugnis",
    ),
    LeistungDemo(
        leika="99014007035000",
        name="Unterschrift beglaubigen lassen",
        name_en="Certification of a signature",
        zustaendig="buergerbuero",
        kurztext=(
            "Das Bürgerbüro beglaubigt Ihre Unterschrift, wenn sie für eine Behörde oder "
            "Stelle bestimmt ist, die eine Beglaubigung verlangt."
        ),
        kurztext_en=(
            "The Citizens' Office certifies your signature when an authority or other body "
            "requires a certified signature."
        ),
        volltext=(
            "Bei der Beglaubigung bestätigt das Bürgerbüro, dass die Unterschrift von Ihnen "
            "stammt. Sie unterschreiben vor der Mitarbeiterin oder dem Mitarbeiter oder "
            "erkennen eine vorhandene Unterschrift an. Der Inhalt des Schriftstücks wird "
            "nicht geprüft. Unterschriften unter Erklärungen, die für Grundbuch, Handelsregister "
            "oder Gericht bestimmt sind, beglaubigt ein Notar."
        ),
        voraussetzungen="Die Unterschrift ist zur Vorlage bei einer Behörde bestimmt.",
        unterlagen=(
            "- Personalausweis oder Reisepass\n- das Schriftstück, noch nicht unterschrieben"
        ),
        kosten="5,00 Euro je Unterschrift.",
        verfahrensablauf=(
            f"{_TERMIN} Sie unterschreiben vor Ort und erhalten das beglaubigte Schriftstück "
            f"sofort."
        ),
        bearbeitungsdauer="Sofort.",
        fristen="Keine.",
        formulare="Keine.",
        hinweise=(
            "Beglaubigte Kopien von Zeugnissen und anderen Dokumenten erhalten Sie ebenfalls "
            "im Bürgerbüro; bringen Sie das Original mit."
        ),
        rechtsgrundlagen="§§ 33, 34 Verwaltungsverfahrens- und Zustellungsgesetz M-V",
        synonyme=("Beglaubigung", "Kopie beglaubigen", "beglaubigte Abschrift"),
        gebuehren=(
            g("Beglaubigung je Unterschrift", "5.00"),
            g("beglaubigte Kopie je Seite", "3.00"),
        ),
        reifegrad=0,
        nachfrage=1500,
    ),
    LeistungDemo(
        leika="99114032012000",
        name="Lebensbescheinigung für die Rente",
        name_en="Life certificate for pension providers",
        zustaendig="buergerbuero",
        kurztext=(
            "Rentenversicherungen im In- und Ausland verlangen regelmäßig eine "
            "Lebensbescheinigung. Das Bürgerbüro bestätigt sie kostenlos."
        ),
        kurztext_en=(
            "Pension providers in Germany and abroad regularly ask for a life certificate. "
            "The Citizens' Office confirms it free of charge."
        ),
        volltext=(
            "Mit der Lebensbescheinigung weisen Sie nach, dass Sie noch leben, damit Ihre "
            "Rente weitergezahlt wird. Das Formular erhalten Sie von Ihrem Rententräger; das "
            "Bürgerbüro bestätigt Ihre Angaben mit Stempel und Unterschrift."
        ),
        voraussetzungen=(
            "Sie sind in Stralsund gemeldet und haben ein Formular Ihres Rententrägers."
        ),
        unterlagen="- Formular des Rententrägers\n- Personalausweis oder Reisepass",
        kosten="Gebührenfrei, wenn die Bescheinigung für Rentenzwecke bestimmt ist.",
        verfahrensablauf=f"{_TERMIN} Die Bestätigung erhalten Sie sofort.",
        bearbeitungsdauer="Sofort.",
        fristen="Beachten Sie die Frist, die Ihr Rententräger im Schreiben nennt.",
        formulare="Formular Ihres Rententrägers",
        hinweise="Kann die Person nicht kommen, ist ein Hausbesuch nach Absprache möglich.",
        rechtsgrundlagen="§ 64 Zehntes Buch Sozialgesetzbuch (SGB X), Kostenfreiheit",
        synonyme=("Lebensnachweis", "Rentenbescheinigung", "Lebenserklärung"),
        gebuehren=(g("Lebensbescheinigung für Rentenzwecke", "0.00"),),
        reifegrad=0,
        nachfrage=800,
    ),
    LeistungDemo(
        leika="99128001120001",
        name="Briefwahl beantragen",
        name_en="Apply for a postal vote",
        zustaendig="wahlbuero",
        kurztext=(
            "Wer am Wahltag nicht ins Wahllokal gehen kann oder möchte, beantragt einen "
            "Wahlschein und wählt per Brief."
        ),
        kurztext_en=(
            "If you cannot or do not want to vote at the polling station, apply for a polling "
            "card and vote by post."
        ),
        volltext=(
            "Mit der Wahlbenachrichtigung erhalten Sie einen Antrag auf Briefwahl. Sie "
            "können ihn online über den QR-Code, per Post, per E-Mail oder persönlich im "
            "Wahlbüro stellen. Sie erhalten dann Wahlschein, Stimmzettel und Umschläge. Im "
            "Briefwahlbüro im Rathaus können Sie auch direkt vor Ort wählen."
        ),
        voraussetzungen=(
            "Sie sind wahlberechtigt und im Wählerverzeichnis der Hansestadt eingetragen."
        ),
        unterlagen=(
            "- Wahlbenachrichtigung oder Angaben zu Name, Geburtsdatum und Anschrift\n"
            "- bei Abholung für eine andere Person: schriftliche Vollmacht"
        ),
        kosten=(
            "Die Briefwahl ist kostenfrei; der Wahlbrief wird innerhalb Deutschlands portofrei "
            "befördert."
        ),
        verfahrensablauf=(
            "Sie beantragen den Wahlschein. Die Unterlagen kommen per Post. Sie füllen den "
            "Stimmzettel aus, unterschreiben die eidesstattliche Versicherung und schicken "
            "den Wahlbrief rechtzeitig zurück."
        ),
        bearbeitungsdauer=(
            "Die Unterlagen werden in der Regel innerhalb von drei Werktagen verschickt."
        ),
        fristen=(
            "Der Antrag muss bis Freitag vor der Wahl, 15 Uhr, eingehen. Der Wahlbrief muss "
            "am Wahltag bis 18 Uhr beim Wahlbüro sein."
        ),
        formulare="Online-Antrag auf Briefwahl\nAntrag auf der Rückseite der Wahlbenachrichtigung",
        hinweise=(
            "Werfen Sie den Wahlbrief spätestens drei Werktage vor der Wahl in den Briefkasten."
        ),
        rechtsgrundlagen=(
            "Bundeswahlgesetz und Bundeswahlordnung\nLandes- und Kommunalwahlgesetz M-V (LKWG M-V)"
        ),
        synonyme=("Wahlschein", "Briefwahlunterlagen", "wählen per Post"),
        gebuehren=(g("Briefwahl", "0.00"),),
        reifegrad=3,
        nachfrage=8500,
        online_dienst_url="https://www.stralsund.de/wahlen/briefwahl",
    ),
    LeistungDemo(
        leika="99089017000000",
        name="Fundsachen abgeben und abholen",
        name_en="Lost and found",
        zustaendig="fundbuero",
        kurztext=(
            "Etwas verloren oder gefunden? Das Fundbüro nimmt Fundsachen an, verwahrt sie "
            "sechs Monate und gibt sie an die Eigentümer heraus."
        ),
        kurztext_en=(
            "Lost or found something? The Lost and Found Office accepts found items, keeps "
            "them for six months and returns them to their owners."
        ),
        volltext=(
            "Fundsachen mit einem Wert über 10 Euro müssen beim Fundbüro abgegeben werden. "
            "Wer etwas verloren hat, kann telefonisch, per E-Mail oder in der Online-Fundsuche "
            "nachfragen. Meldet sich niemand innerhalb von sechs Monaten, kann der Finder "
            "das Eigentum erwerben, wenn er dies bei der Abgabe verlangt hat. Gefundene "
            "Ausweise und Pässe gehen an die ausstellende Behörde zurück."
        ),
        voraussetzungen="Sie haben in Stralsund etwas gefunden oder verloren.",
        unterlagen=(
            "- zur Abholung: Personalausweis und ein Nachweis, dass die Sache Ihnen gehört "
            "(zum Beispiel Schlüsselnummer, Beschreibung, Kaufbeleg)\n"
            "- zur Abgabe: Angaben zu Fundort und Fundzeit"
        ),
        kosten=(
            "Für die Verwahrung erhebt die Stadt eine Gebühr. Der Finder hat Anspruch auf "
            "Finderlohn: 5 Prozent des Werts bis 500 Euro, vom Mehrwert 3 Prozent."
        ),
        verfahrensablauf=(
            "Abgabe: während der Öffnungszeiten ohne Termin. Abholung: Sie beschreiben den "
            "Gegenstand, das Fundbüro prüft Ihre Angaben und vereinbart einen Termin zur "
            "Herausgabe."
        ),
        bearbeitungsdauer="Abgabe sofort; Abholung nach Prüfung innerhalb weniger Tage.",
        fristen="Fundsachen werden sechs Monate aufbewahrt.",
        formulare="Verlustmeldung (online in der Fundsuche)",
        hinweise=(
            "Fundsachen aus Bussen und der Bahn werden zunächst beim Verkehrsunternehmen "
            "aufbewahrt. Fundtiere übernimmt das Tierheim."
        ),
        rechtsgrundlagen="§§ 965 bis 984 Bürgerliches Gesetzbuch (BGB)",
        synonyme=("Fundbüro", "verloren", "gefunden", "Schlüssel verloren", "Portemonnaie"),
        gebuehren=(g("Verwahrungsgebühr", "5.00", "50.00", "nach Wert der Fundsache"),),
        reifegrad=2,
        nachfrage=1300,
        online_dienst_url="https://www.stralsund.de/buergerservice/fundsachen",
    ),
)
