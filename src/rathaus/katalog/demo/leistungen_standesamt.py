"""Sample services of the Standesamt."""

from __future__ import annotations

from .typen import LeistungDemo, g

_TERMIN = "Vereinbaren Sie einen Termin im Standesamt (03831 252 262)."
_URKUNDEN_KOSTEN = (
    "Die erste Urkunde kostet 12,00 Euro, jede weitere gleichzeitig bestellte 6,00 Euro."
)
_URKUNDEN_GEBUEHREN = (
    g("erste Urkunde", "12.00"),
    g("jede weitere gleichzeitig bestellte Urkunde", "6.00"),
)

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99027002012000",
        name_buerger="Geburtsurkunde beantragen",
        name_en="Order a birth certificate",
        zustaendig="standesamt",
        kurztext=(
            "Geburtsurkunden erhalten Sie beim Standesamt des Geburtsortes. Für Geburten in "
            "Stralsund bestellen Sie die Urkunde hier."
        ),
        kurztext_en=(
            "Birth certificates are issued by the registry office of the place of birth. For "
            "births in Stralsund, order the certificate here."
        ),
        volltext=(
            "Die Geburtsurkunde brauchen Sie zum Beispiel für die Eheschließung, den ersten "
            "Ausweis oder das Kindergeld. Urkunden erhalten die Person selbst, ihre Eltern, "
            "Kinder, Ehegatten sowie Personen mit rechtlichem Interesse. Auf Wunsch gibt es "
            "die Urkunde mehrsprachig nach dem Wiener Übereinkommen oder mit internationalem "
            "Mehrsprachenformular der EU."
        ),
        voraussetzungen=(
            "Die Geburt wurde in Stralsund beurkundet. Sie sind die Person selbst oder "
            "eine berechtigte Person."
        ),
        unterlagen=(
            "- Personalausweis oder Reisepass\n"
            "- bei Antrag für andere: Nachweis der Berechtigung oder Vollmacht"
        ),
        kosten=_URKUNDEN_KOSTEN,
        verfahrensablauf=(
            "Sie bestellen die Urkunde schriftlich oder persönlich. Nach Zahlung der "
            "Gebühr wird sie Ihnen zugeschickt oder ausgehändigt."
        ),
        bearbeitungsdauer="In der Regel drei bis fünf Werktage.",
        fristen="Keine.",
        formulare="Bestellung von Personenstandsurkunden (auf www.stralsund.de)",
        hinweise=(
            "Nach einer Geburt erhalten die Eltern drei gebührenfreie Geburtsurkunden für "
            "Elterngeld, Kindergeld und Krankenkasse."
        ),
        rechtsgrundlagen="§§ 55, 59, 62 Personenstandsgesetz (PStG)",
        synonyme=("Geburtsbescheinigung", "Abstammungsurkunde", "Geburtsregister"),
        gebuehren=_URKUNDEN_GEBUEHREN,
        nachfrage=1600,
    ),
    LeistungDemo(
        leika="99059001104000",
        name_buerger="Eheschließung anmelden",
        name_en="Give notice of marriage",
        zustaendig="standesamt",
        kurztext=(
            "Wer heiraten möchte, meldet die Eheschließung beim Standesamt des Wohnortes an. "
            "Danach kann die Trauung in jedem Standesamt in Deutschland stattfinden."
        ),
        kurztext_en=(
            "If you want to get married, give notice at the registry office of your place of "
            "residence. The ceremony can then take place at any registry office in Germany."
        ),
        volltext=(
            "Bei der Anmeldung prüft das Standesamt, ob Sie die Ehe schließen dürfen. Sie "
            "besprechen den Ehenamen und den Trautermin. In Stralsund heiraten Sie im "
            "historischen Rathaus oder an besonderen Trauorten der Stadt. Ist ein Partner "
            "ausländischer Staatsangehöriger, sind oft weitere Unterlagen wie ein "
            "Ehefähigkeitszeugnis nötig; lassen Sie sich vorher beraten."
        ),
        voraussetzungen=(
            "Beide sind volljährig und nicht anderweitig verheiratet oder verpartnert. "
            "Mindestens einer von Ihnen wohnt in Stralsund."
        ),
        unterlagen=(
            "- gültige Personalausweise oder Reisepässe\n"
            "- beglaubigte Abschrift aus dem Geburtenregister (nicht älter als sechs Monate)\n"
            "- erweiterte Meldebescheinigung, wenn Sie nicht in Stralsund wohnen\n"
            "- bei früheren Ehen: Eheurkunde mit Auflösungsvermerk oder Scheidungsurteil\n"
            "- gemeinsame Kinder: deren Geburtsurkunden"
        ),
        kosten=(
            "Anmeldung 40,00 Euro, bei Beteiligung ausländischen Rechts 70,00 bis "
            "80,00 Euro. Trauungen außerhalb der Dienstzeit kosten einen Zuschlag."
        ),
        verfahrensablauf=(
            f"{_TERMIN} Zur Anmeldung kommen beide Partner gemeinsam. Das Standesamt prüft "
            "die Unterlagen; danach wird der Trautermin verbindlich vereinbart."
        ),
        bearbeitungsdauer=(
            "Bei vollständigen Unterlagen wenige Tage; mit ausländischen Unterlagen mehrere "
            "Wochen bis Monate."
        ),
        fristen=(
            "Die Anmeldung ist sechs Monate gültig. Beliebte Termine im Sommer sind früh "
            "ausgebucht; eine Reservierung ist bis zu einem Jahr im Voraus möglich."
        ),
        formulare="Beitrittserklärung zur Anmeldung, wenn ein Partner verhindert ist",
        hinweise=(
            "Reservieren Sie Ihren Wunschtermin rechtzeitig. Trauungen an besonderen Trauorten "
            "der Stadt sind nach Verfügbarkeit möglich."
        ),
        rechtsgrundlagen=(
            "§§ 1310 bis 1312 Bürgerliches Gesetzbuch (BGB)\n§§ 12, 13 Personenstandsgesetz (PStG)"
        ),
        synonyme=("Heirat", "heiraten", "Hochzeit", "Trauung anmelden", "Aufgebot"),
        gebuehren=(
            g("Anmeldung der Eheschließung", "40.00"),
            g("Anmeldung mit Auslandsbezug", "70.00", "80.00"),
        ),
        nachfrage=420,
        termin_url="https://www.stralsund.de/buergerservice/standesamt/trautermin",
    ),
    LeistungDemo(
        leika="99059001110000",
        name_buerger="Trauung (Eheschließung)",
        name_en="Wedding ceremony",
        zustaendig="standesamt",
        kurztext=(
            "Die Trauung findet im historischen Rathaus am Alten Markt statt. Auf Wunsch "
            "sind auch Termine an Samstagen möglich."
        ),
        kurztext_en=(
            "Wedding ceremonies take place in the historic town hall on the Alter Markt. "
            "Saturday dates are available on request."
        ),
        volltext=(
            "Die Standesbeamtin oder der Standesbeamte schließt die Ehe im Beisein der "
            "Brautleute. Trauzeugen sind möglich, aber nicht vorgeschrieben. Nach der "
            "Trauung erhalten Sie Ihre Eheurkunden. Die Ehe wird im Eheregister beurkundet."
        ),
        voraussetzungen="Die Eheschließung wurde angemeldet und die Prüfung ist abgeschlossen.",
        unterlagen="- gültige Personalausweise oder Reisepässe beider Partner und der Trauzeugen",
        kosten=(
            "Die Trauung während der Dienstzeit ist in der Anmeldegebühr enthalten. Zuschlag "
            "für Samstage und besondere Trauorte. Eheurkunden 12,00 Euro je Stück."
        ),
        verfahrensablauf=(
            "Sie kommen zum vereinbarten Trautermin. Nach der Zeremonie unterschreiben Sie "
            "die Niederschrift und erhalten die Eheurkunden."
        ),
        bearbeitungsdauer="Die Zeremonie dauert etwa 30 Minuten.",
        fristen="Die Trauung muss innerhalb von sechs Monaten nach der Anmeldung stattfinden.",
        formulare="Keine.",
        hinweise=(
            "Bitte seien Sie 15 Minuten vor dem Termin da. Fotografieren während der "
            "Zeremonie ist nach Absprache erlaubt."
        ),
        rechtsgrundlagen=(
            "§§ 1310, 1312 Bürgerliches Gesetzbuch (BGB)\n§ 14 Personenstandsgesetz (PStG)"
        ),
        synonyme=("Hochzeit", "Trautermin", "Standesamtliche Trauung", "heiraten"),
        gebuehren=(
            g("Zuschlag Trauung am Samstag", "90.00"),
            g("Zuschlag besonderer Trauort", "150.00"),
            g("Eheurkunde", "12.00"),
        ),
        nachfrage=400,
    ),
    LeistungDemo(
        leika="99059004012000",
        name_buerger="Eheurkunde beantragen",
        name_en="Order a marriage certificate",
        zustaendig="standesamt",
        kurztext="Eheurkunden für Ehen, die in Stralsund geschlossen wurden, bestellen Sie hier.",
        kurztext_en="Order marriage certificates for marriages concluded in Stralsund here.",
        volltext=(
            "Die Eheurkunde weist die Eheschließung und die Namensführung nach. Sie wird vom "
            "Standesamt ausgestellt, in dessen Eheregister die Ehe eingetragen ist. "
            "Berechtigt sind die Ehegatten, ihre Vorfahren und Abkömmlinge sowie Personen mit "
            "rechtlichem Interesse."
        ),
        voraussetzungen="Die Ehe wurde in Stralsund geschlossen.",
        unterlagen="- Personalausweis oder Reisepass\n- gegebenenfalls Vollmacht",
        kosten=_URKUNDEN_KOSTEN,
        verfahrensablauf="Bestellung schriftlich oder persönlich; Versand nach Zahlung.",
        bearbeitungsdauer="In der Regel drei bis fünf Werktage.",
        fristen="Keine.",
        formulare="Bestellung von Personenstandsurkunden (auf www.stralsund.de)",
        hinweise="Eheeinträge, die älter als 80 Jahre sind, verwahrt das Stadtarchiv.",
        rechtsgrundlagen="§§ 55, 57, 62 Personenstandsgesetz (PStG)",
        synonyme=("Heiratsurkunde", "Trauschein", "Heiratsnachweis"),
        gebuehren=_URKUNDEN_GEBUEHREN,
        nachfrage=700,
    ),
    LeistungDemo(
        leika="99101011000000",
        name_buerger="Sterbefall anzeigen",
        name_en="Register a death",
        zustaendig="standesamt",
        kurztext=(
            "Ein Sterbefall in Stralsund muss spätestens am dritten Werktag beim Standesamt "
            "angezeigt werden. Meist übernimmt das das Bestattungsunternehmen."
        ),
        kurztext_en=(
            "A death in Stralsund must be registered with the registry office by the third "
            "working day. Usually the funeral home does this."
        ),
        volltext=(
            "Das Standesamt beurkundet den Tod im Sterberegister und stellt Sterbeurkunden "
            "aus, die Angehörige für Rente, Versicherungen, Banken und Erbschaft brauchen. "
            "Anzeigepflichtig sind Angehörige, Personen, in deren Wohnung der Tod eintrat, "
            "und Einrichtungen wie Krankenhäuser und Heime."
        ),
        voraussetzungen="Die Person ist in Stralsund verstorben.",
        unterlagen=(
            "- Todesbescheinigung der Ärztin oder des Arztes\n"
            "- Personalausweis oder Reisepass der verstorbenen Person\n"
            "- Geburtsurkunde; bei Verheirateten Eheurkunde; bei Geschiedenen "
            "Scheidungsurteil; bei Verwitweten Sterbeurkunde des Ehegatten\n"
            "- Ausweis der anzeigenden Person"
        ),
        kosten=(
            "Die Beurkundung ist gebührenfrei. Sterbeurkunden: erste 12,00 Euro, weitere "
            "6,00 Euro; Urkunden für Rentenzwecke sind gebührenfrei."
        ),
        verfahrensablauf=(
            "Das Bestattungsunternehmen oder die Angehörigen legen die Unterlagen vor. Das "
            "Standesamt beurkundet den Sterbefall und stellt die Sterbeurkunden aus."
        ),
        bearbeitungsdauer="In der Regel ein bis drei Werktage nach Vorlage aller Unterlagen.",
        fristen="Spätestens am dritten auf den Tod folgenden Werktag.",
        formulare="Keine.",
        hinweise=(
            "Die Meldebehörde und die Rentenversicherung werden vom Standesamt benachrichtigt. "
            "Bitte kündigen Sie Verträge und Abonnements selbst."
        ),
        rechtsgrundlagen="§§ 28 bis 31 Personenstandsgesetz (PStG)",
        synonyme=("Tod", "Todesfall", "gestorben", "Sterbefallanzeige"),
        gebuehren=(g("Beurkundung des Sterbefalls", "0.00"), *_URKUNDEN_GEBUEHREN),
        nachfrage=1150,
    ),
    LeistungDemo(
        leika="99101004012000",
        name_buerger="Sterbeurkunde beantragen",
        name_en="Order a death certificate",
        zustaendig="standesamt",
        kurztext=("Sterbeurkunden für in Stralsund beurkundete Sterbefälle bestellen Sie hier."),
        kurztext_en=("Order death certificates for deaths registered in Stralsund here."),
        volltext=(
            "Sterbeurkunden werden für Erbscheinsverfahren, Versicherungen und Banken "
            "benötigt. Berechtigt sind Ehegatten, Vorfahren und Abkömmlinge sowie Personen "
            "mit rechtlichem Interesse, etwa Erben oder Nachlasspfleger."
        ),
        voraussetzungen="Der Sterbefall wurde in Stralsund beurkundet.",
        unterlagen=(
            "- Personalausweis oder Reisepass\n- Nachweis des rechtlichen Interesses, falls nötig"
        ),
        kosten=_URKUNDEN_KOSTEN,
        verfahrensablauf="Bestellung schriftlich oder persönlich; Versand nach Zahlung.",
        bearbeitungsdauer="In der Regel drei bis fünf Werktage.",
        fristen="Keine.",
        formulare="Bestellung von Personenstandsurkunden (auf www.stralsund.de)",
        hinweise="Sterbefälle, die älter als 30 Jahre sind, werden vom Stadtarchiv verwaltet.",
        rechtsgrundlagen="§§ 55, 60, 62 Personenstandsgesetz (PStG)",
        synonyme=("Totenschein", "Todesurkunde", "Sterbenachweis"),
        gebuehren=_URKUNDEN_GEBUEHREN,
        nachfrage=2500,
    ),
    LeistungDemo(
        leika="99133001026000",
        name_buerger="Vaterschaft anerkennen",
        name_en="Acknowledge paternity",
        zustaendig="standesamt",
        kurztext=(
            "Sind die Eltern nicht miteinander verheiratet, kann der Vater die Vaterschaft "
            "vor oder nach der Geburt beim Standesamt anerkennen."
        ),
        kurztext_en=(
            "If the parents are not married to each other, the father can acknowledge "
            "paternity before or after the birth at the registry office."
        ),
        volltext=(
            "Die Anerkennung muss öffentlich beurkundet werden und braucht die Zustimmung der "
            "Mutter. Erst dann ist der Mann rechtlich Vater des Kindes; das ist Grundlage "
            "für Unterhalt, Erbrecht und Namensführung. Zugleich können die Eltern die "
            "gemeinsame elterliche Sorge erklären; diese Erklärung beurkundet das Jugendamt "
            "des Landkreises Vorpommern-Rügen oder ein Notar."
        ),
        voraussetzungen=(
            "Die Mutter ist nicht verheiratet, und kein anderer Mann hat die Vaterschaft "
            "bereits anerkannt."
        ),
        unterlagen=(
            "- Personalausweise oder Reisepässe beider Eltern\n"
            "- Geburtsurkunde des Kindes oder Mutterpass, wenn das Kind noch nicht geboren ist\n"
            "- Geburtsurkunden der Eltern"
        ),
        kosten="Die Beurkundung ist gebührenfrei.",
        verfahrensablauf=(
            f"{_TERMIN} Beide Eltern erklären vor dem Standesamt Anerkennung und Zustimmung."
        ),
        bearbeitungsdauer="Die Beurkundung dauert etwa 30 Minuten.",
        fristen="Keine.",
        formulare="Keine; die Urkunde wird im Termin erstellt.",
        hinweise=(
            "Für die gemeinsame Sorgeerklärung ist das Jugendamt des Landkreises "
            "Vorpommern-Rügen zuständig, nicht die Stadt."
        ),
        rechtsgrundlagen=(
            "§§ 1592, 1594 bis 1598 Bürgerliches Gesetzbuch (BGB)\n§ 44 Personenstandsgesetz (PStG)"
        ),
        synonyme=("Vaterschaftsanerkennung", "Vater eintragen", "unverheiratete Eltern"),
        gebuehren=(g("Beurkundung der Vaterschaftsanerkennung", "0.00"),),
        nachfrage=380,
    ),
    LeistungDemo(
        leika="99079001000000",
        name_buerger="Lebenspartnerschaft in eine Ehe umwandeln",
        name_en="Convert a civil partnership into a marriage",
        zustaendig="standesamt",
        kurztext=(
            "Neue Lebenspartnerschaften werden seit Oktober 2017 nicht mehr begründet. "
            "Bestehende Lebenspartnerschaften können in eine Ehe umgewandelt werden."
        ),
        kurztext_en=(
            "New civil partnerships have not been possible since October 2017. Existing "
            "civil partnerships can be converted into a marriage."
        ),
        volltext=(
            "Seit Einführung der Ehe für alle können gleichgeschlechtliche Paare heiraten. "
            "Eingetragene Lebenspartner können erklären, miteinander eine Ehe auf Lebenszeit "
            "führen zu wollen. Die Ehe gilt dann rückwirkend ab dem Tag der Begründung der "
            "Lebenspartnerschaft. Der Ablauf entspricht der Eheschließung."
        ),
        voraussetzungen=(
            "Sie leben in einer eingetragenen Lebenspartnerschaft, und einer von Ihnen wohnt in "
            "Stralsund."
        ),
        unterlagen=(
            "- Personalausweise oder Reisepässe\n"
            "- Lebenspartnerschaftsurkunde\n"
            "- beglaubigte Abschriften aus dem Geburtenregister"
        ),
        kosten="Wie bei der Anmeldung der Eheschließung: 40,00 Euro.",
        verfahrensablauf=(
            f"{_TERMIN} Nach der Prüfung geben Sie die Erklärung gemeinsam vor dem Standesamt ab."
        ),
        bearbeitungsdauer="Wenige Tage bei vollständigen Unterlagen.",
        fristen="Keine.",
        formulare="Keine.",
        hinweise="Urkunden über Lebenspartnerschaften stellt das Standesamt weiterhin aus.",
        rechtsgrundlagen=(
            "§ 20a Lebenspartnerschaftsgesetz (LPartG)\n§ 1353 Bürgerliches Gesetzbuch (BGB)"
        ),
        synonyme=(
            "Lebenspartnerschaft",
            "Umwandlung in Ehe",
            "Ehe für alle",
            "eingetragene Partnerschaft",
        ),
        gebuehren=(g("Umwandlung in eine Ehe", "40.00"),),
        nachfrage=25,
    ),
    LeistungDemo(
        leika="99073001022000",
        name_buerger="Kirchenaustritt erklären",
        name_en="Leave a church (declaration of withdrawal)",
        zustaendig="standesamt",
        kurztext=(
            "In Mecklenburg-Vorpommern erklären Sie den Austritt aus einer Kirche oder "
            "Religionsgemeinschaft persönlich beim Standesamt."
        ),
        kurztext_en=(
            "In Mecklenburg-Western Pomerania you declare your withdrawal from a church in "
            "person at the registry office."
        ),
        volltext=(
            "Mit dem Austritt endet Ihre Kirchenmitgliedschaft und damit die "
            "Kirchensteuerpflicht. Das Standesamt nimmt die Erklärung auf, stellt eine "
            "Bescheinigung aus und informiert die Kirche und die Meldebehörde. Das "
            "Finanzamt erhält die Information über die Meldedaten."
        ),
        voraussetzungen=(
            "Sie wohnen in Stralsund und sind mindestens 14 Jahre alt. Für Jüngere erklären "
            "die Sorgeberechtigten den Austritt."
        ),
        unterlagen="- Personalausweis oder Reisepass\n- Taufurkunde, falls vorhanden",
        kosten="10,00 Euro.",
        verfahrensablauf=(
            f"{_TERMIN} Sie unterschreiben die Erklärung und erhalten sofort die Bescheinigung."
        ),
        bearbeitungsdauer="Sofort.",
        fristen=(
            "Die Kirchensteuerpflicht endet mit Ablauf des Monats, in dem der Austritt "
            "wirksam wird."
        ),
        formulare="Keine.",
        hinweise="Bewahren Sie die Bescheinigung gut auf; sie wird oft noch Jahre später verlangt.",
        rechtsgrundlagen="Kirchensteuergesetz Mecklenburg-Vorpommern (KiStG M-V)",
        synonyme=("Kirchenaustritt", "aus der Kirche austreten", "Kirchensteuer sparen"),
        gebuehren=(g("Kirchenaustritt", "10.00"),),
        nachfrage=600,
    ),
    LeistungDemo(
        leika="99083001011003",
        name_buerger="Ehenamen nachträglich bestimmen",
        name_en="Choose a married name after the wedding",
        zustaendig="standesamt",
        kurztext=(
            "Ehepaare, die bei der Heirat keinen gemeinsamen Namen gewählt haben, können "
            "den Ehenamen später beim Standesamt bestimmen."
        ),
        kurztext_en=(
            "Married couples who did not choose a common surname at the wedding can do so "
            "later at the registry office."
        ),
        volltext=(
            "Als Ehename kann der Geburtsname oder der zur Zeit der Erklärung geführte Name "
            "eines Ehegatten bestimmt werden. Der Ehegatte, dessen Name nicht Ehename wird, "
            "kann seinen Namen voranstellen oder anfügen. Die Erklärung muss öffentlich "
            "beglaubigt werden; das Standesamt übernimmt das."
        ),
        voraussetzungen="Sie sind verheiratet und führen keinen gemeinsamen Ehenamen.",
        unterlagen=(
            "- Personalausweise oder Reisepässe beider Ehegatten\n"
            "- Eheurkunde\n"
            "- Geburtsurkunden beider Ehegatten"
        ),
        kosten="Beglaubigung der Erklärung 25,00 Euro, Beurkundung 30,00 Euro.",
        verfahrensablauf=f"{_TERMIN} Beide Ehegatten geben die Erklärung gemeinsam ab.",
        bearbeitungsdauer="Sofort; die Änderung wird in den Registern in wenigen Tagen vermerkt.",
        fristen="Keine.",
        formulare="Keine.",
        hinweise="Nach der Namensänderung brauchen Sie einen neuen Personalausweis und Reisepass.",
        rechtsgrundlagen="§ 1355 Bürgerliches Gesetzbuch (BGB)\n§ 41 Personenstandsgesetz (PStG)",
        synonyme=("Namensänderung nach Heirat", "Ehename", "Nachname ändern", "Namenserklärung"),
        gebuehren=(g("Beglaubigung der Namenserklärung", "25.00"), g("Beurkundung", "30.00")),
        nachfrage=150,
    ),
)
