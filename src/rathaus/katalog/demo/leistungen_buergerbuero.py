"""Sample services of the Bürgerbüro (Meldewesen, Ausweise), the Wahlbüro and the Fundbüro."""

from __future__ import annotations

from .typen import LeistungDemo, g

TERMIN = (
    "Vereinbaren Sie einen Termin im Bürgerbüro (Telefon 03831 253 780). "
    "Das Ordnungsamt arbeitet ausschließlich mit Termin."
)

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99008001012000",
        name_buerger="Personalausweis beantragen",
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
            f"{TERMIN} Im Bürgerbüro werden Ihr Lichtbild, Ihre Unterschrift und Ihre "
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
        nachfrage=9200,
        termin_url="https://www.stralsund.de/buergerservice/termin/personalausweis",
    ),
    LeistungDemo(
        leika="99008001012002",
        name_buerger="Vorläufigen Personalausweis beantragen",
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
            f"{TERMIN} Sagen Sie bei der Buchung, dass Sie den Ausweis dringend brauchen. "
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
        nachfrage=900,
    ),
    LeistungDemo(
        leika="99085001012000",
        name_buerger="Reisepass beantragen",
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
            f"{TERMIN} Im Bürgerbüro werden Lichtbild, Unterschrift und Fingerabdrücke "
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
        nachfrage=3600,
        termin_url="https://www.stralsund.de/buergerservice/termin/reisepass",
    ),
    LeistungDemo(
        leika="99085003012000",
        name_buerger="Kinderreisepass",
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
            f"{TERMIN} Das Kind kommt mit zum Termin; ab sechs Jahren werden Fingerabdrücke "
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
        nachfrage=700,
    ),
    LeistungDemo(
        leika="99115005104000",
        name_buerger="Wohnsitz anmelden",
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
            "derselbe. Die neue Adresse wird auf Ihrem Personalausweis vermerkt."
        ),
        voraussetzungen="Sie haben eine Wohnung in Stralsund bezogen.",
        unterlagen=(
            "- Personalausweis oder Reisepass aller umziehenden Personen\n"
            "- Wohnungsgeberbestätigung des Vermieters oder der Vermieterin\n"
            "- bei Kindern: Geburtsurkunde"
        ),
        kosten="Die Anmeldung ist gebührenfrei.",
        verfahrensablauf=(
            f"{TERMIN} Sie "
            "erhalten eine Meldebestätigung; im Ausweis wird ein Adressaufkleber angebracht."
        ),
        bearbeitungsdauer="Sofort während des Termins.",
        fristen=(
            "Innerhalb von zwei Wochen nach dem Einzug. Wer sich zu spät anmeldet, handelt "
            "ordnungswidrig und kann mit einem Bußgeld belegt werden."
        ),
        formulare=("Wohnungsgeberbestätigung (Vordruck auf www.stralsund.de)"),
        hinweise=(
            "Denken Sie nach dem Umzug auch an die Kfz-Zulassungsstelle, wenn Sie ein Auto "
            "besitzen, und an die Hundesteuer, wenn Sie einen Hund halten."
        ),
        rechtsgrundlagen="§§ 17, 19, 23 Bundesmeldegesetz (BMG)",
        synonyme=("Ummeldung", "Umzug", "Anmeldung", "Zuzug", "neue Adresse"),
        gebuehren=(g("Anmeldung", "0.00"),),
        nachfrage=7400,
    ),
    LeistungDemo(
        leika="99115005070000",
        name_buerger="Wohnsitz abmelden",
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
            f"{TERMIN} Sie können die Abmeldung auch schriftlich mit einer Kopie Ihres "
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
        nachfrage=1300,
    ),
    LeistungDemo(
        leika="99115003012000",
        name_buerger="Meldebescheinigung beantragen",
        name_en="Certificate of registration",
        zustaendig="buergerbuero",
        kurztext=(
            "Die Meldebescheinigung bestätigt Ihre aktuelle Adresse, etwa für Arbeitgeber, "
            "Vermieter oder Behörden."
        ),
        kurztext_en=(
            "The certificate of registration confirms your current address, for example for "
            "employers or landlords."
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
            "Sie vereinbaren einen Termin und erhalten die Bescheinigung sofort. Schriftlich: "
            "Sie schicken den Antrag mit einer Ausweiskopie; die Bescheinigung kommt per Post."
        ),
        bearbeitungsdauer="Vor Ort sofort, schriftlich etwa eine Woche.",
        fristen="Keine.",
        formulare="Antrag auf Meldebescheinigung (auf www.stralsund.de und im Bürgerbüro)",
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
        nachfrage=2600,
    ),
)
