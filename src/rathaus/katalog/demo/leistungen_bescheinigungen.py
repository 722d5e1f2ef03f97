"""Sample services of the Bürgerbüro (continued): certificates, Wahlbüro, Fundbüro."""

from __future__ import annotations

from .leistungen_buergerbuero import TERMIN as _TERMIN
from .typen import LeistungDemo, g

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99115004001001",
        name_buerger="Einfache Melderegisterauskunft",
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
            "Sie stellen den Antrag schriftlich oder per E-Mail. Nach Zahlung der "
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
        nachfrage=1900,
    ),
    LeistungDemo(
        leika="99115002060001",
        name_buerger="Auskunftssperre im Melderegister",
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
        nachfrage=120,
    ),
    LeistungDemo(
        leika="99115002060002",
        name_buerger="Übermittlungssperre eintragen (Widerspruch gegen Datenweitergabe)",
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
            "reichen es persönlich oder per Post ein. Sie erhalten eine Bestätigung."
        ),
        bearbeitungsdauer="Wenige Tage.",
        fristen="Keine; vor einer Wahl sollte der Widerspruch rechtzeitig eingehen.",
        formulare="Widerspruch gegen Datenübermittlungen (auf www.stralsund.de)",
        hinweise="Eine Übermittlungssperre verhindert keine Auskünfte an Behörden.",
        rechtsgrundlagen="§ 36 Abs. 2, § 42 Abs. 3, § 50 Abs. 5 Bundesmeldegesetz (BMG)",
        synonyme=("Widerspruch Datenweitergabe", "Werbung Parteien", "Datensperre"),
        gebuehren=(g("Übermittlungssperre", "0.00"),),
        nachfrage=450,
    ),
    LeistungDemo(
        leika="99049001001000",
        name_buerger="Führungszeugnis beantragen",
        name_en="Apply for a certificate of good conduct",
        zustaendig="buergerbuero",
        kurztext=(
            "Ein Führungszeugnis beantragen Sie im Bürgerbüro, mit der Online-Ausweisfunktion "
            "auch direkt beim Bundesamt für Justiz. Es wird vom Bundeszentralregister "
            "ausgestellt."
        ),
        kurztext_en=(
            "Apply for a certificate of good conduct at the Citizens' Office or, with your eID, "
            "directly at the Federal Office of Justice."
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
        nachfrage=2900,
    ),
    LeistungDemo(
        leika="99014007035000",
        name_buerger="Unterschrift beglaubigen lassen",
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
        nachfrage=1500,
    ),
    LeistungDemo(
        leika="99114032012000",
        name_buerger="Lebensbescheinigung für die Rente",
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
        nachfrage=800,
    ),
    LeistungDemo(
        leika="99128001120001",
        name_buerger="Briefwahl beantragen",
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
            "können ihn per Post, per E-Mail oder persönlich im "
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
        formulare="Antrag auf der Rückseite der Wahlbenachrichtigung",
        hinweise=(
            "Werfen Sie den Wahlbrief spätestens drei Werktage vor der Wahl in den Briefkasten."
        ),
        rechtsgrundlagen=(
            "Bundeswahlgesetz und Bundeswahlordnung\nLandes- und Kommunalwahlgesetz M-V (LKWG M-V)"
        ),
        synonyme=("Wahlschein", "Briefwahlunterlagen", "wählen per Post"),
        gebuehren=(g("Briefwahl", "0.00"),),
        nachfrage=8500,
    ),
    LeistungDemo(
        leika="99089017000000",
        name_buerger="Fundsachen abgeben und abholen",
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
            "Wer etwas verloren hat, kann telefonisch, per E-Mail oder persönlich "
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
        formulare="Verlustmeldung (im Fundbüro oder per E-Mail)",
        hinweise=(
            "Fundsachen aus Bussen und der Bahn werden zunächst beim Verkehrsunternehmen "
            "aufbewahrt. Fundtiere übernimmt das Tierheim."
        ),
        rechtsgrundlagen="§§ 965 bis 984 Bürgerliches Gesetzbuch (BGB)",
        synonyme=("Fundbüro", "verloren", "gefunden", "Schlüssel verloren", "Portemonnaie"),
        gebuehren=(g("Verwahrungsgebühr", "5.00", "50.00", "nach Wert der Fundsache"),),
        nachfrage=1300,
    ),
)
