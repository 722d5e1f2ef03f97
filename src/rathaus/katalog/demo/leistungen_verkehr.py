"""Sample services of the Kfz-Zulassungsstelle and the Straßenverkehrsbehörde."""

from __future__ import annotations

from .typen import LeistungDemo, g

_TERMIN_KFZ = "Vereinbaren Sie einen Termin bei der Kfz-Zulassungsstelle (Telefon 03831 253 781)."
_KEIN_FUEHRERSCHEIN = (
    "Führerscheine sind Aufgabe der Fahrerlaubnisbehörde des Landkreises "
    "Vorpommern-Rügen, nicht der Stadt."
)
_FAHRZEUG_UNTERLAGEN = (
    "- Personalausweis oder Reisepass (bei Firmen: Gewerbeanmeldung oder "
    "Handelsregisterauszug)\n"
    "- Zulassungsbescheinigung Teil I und Teil II\n"
    "- elektronische Versicherungsbestätigung (eVB-Nummer)\n"
    "- Nachweis der Hauptuntersuchung\n"
    "- SEPA-Lastschriftmandat für die Kfz-Steuer\n"
    "- bisherige Kennzeichen, falls vorhanden"
)

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99036008007000",
        name_buerger="Fahrzeug zulassen",
        name_en="Register a vehicle",
        zustaendig="kfz-zulassungsstelle",
        kurztext=(
            "Neue und gebrauchte Fahrzeuge lassen Sie bei der Kfz-Zulassungsstelle zu, wenn "
            "Sie in Stralsund wohnen."
        ),
        kurztext_en=(
            "Register new and used vehicles at the Vehicle Registration Office if you live in "
            "Stralsund."
        ),
        volltext=(
            "Ein Kraftfahrzeug darf auf öffentlichen Straßen nur fahren, wenn es zugelassen "
            "ist. Bei der Zulassung erhalten Sie Kennzeichen und Zulassungsbescheinigung. "
            "Für Neufahrzeuge brauchen Sie die Übereinstimmungsbescheinigung (COC) des "
            "Herstellers; Fahrzeuge aus dem Ausland brauchen gegebenenfalls zusätzliche "
            "Nachweise."
        ),
        voraussetzungen=(
            "Sie wohnen in Stralsund oder haben hier Ihren Firmensitz. Das Fahrzeug ist "
            "versichert und verkehrssicher."
        ),
        unterlagen=(
            f"{_FAHRZEUG_UNTERLAGEN}\n- bei Neufahrzeugen: Übereinstimmungsbescheinigung (COC)"
        ),
        kosten=(
            "Etwa 27,00 bis 40,00 Euro je nach Fall, zuzüglich Kennzeichenschilder beim "
            "Schilderhersteller. Wunschkennzeichen 12,80 Euro zusätzlich."
        ),
        verfahrensablauf=(
            f"{_TERMIN_KFZ} Die Zulassungsstelle prüft die Unterlagen, teilt das Kennzeichen "
            "zu und versieht die Schilder mit Stempelplaketten."
        ),
        bearbeitungsdauer="Vor Ort sofort.",
        fristen="Keine; ohne Zulassung darf das Fahrzeug nicht gefahren werden.",
        formulare="SEPA-Lastschriftmandat für die Kfz-Steuer\nVollmacht bei Vertretung",
        hinweise=f"Die Kfz-Steuer erhebt das Hauptzollamt. {_KEIN_FUEHRERSCHEIN}",
        rechtsgrundlagen=(
            "Fahrzeug-Zulassungsverordnung (FZV)\n"
            "Gebührenordnung für Maßnahmen im Straßenverkehr (GebOSt)"
        ),
        synonyme=(
            "Auto anmelden",
            "Kfz-Zulassung",
            "Kraftfahrzeug Zulassung",
            "Neuzulassung",
            "Auto zulassen",
            "Motorrad anmelden",
        ),
        gebuehren=(g("Zulassung", "27.00", "40.00"), g("Wunschkennzeichen", "12.80")),
        nachfrage=6200,
    ),
    LeistungDemo(
        leika="99036008007001",
        name_buerger="Fahrzeug umschreiben (Halterwechsel)",
        name_en="Transfer vehicle registration to a new owner",
        zustaendig="kfz-zulassungsstelle",
        kurztext=(
            "Wer ein gebrauchtes, zugelassenes Fahrzeug kauft, schreibt es auf sich um. "
            "Das bisherige Kennzeichen kann oft weitergeführt werden."
        ),
        kurztext_en=(
            "If you buy a used, registered vehicle, transfer the registration to your name. "
            "The existing number plate can often be kept."
        ),
        volltext=(
            "Bei einem Halterwechsel wird das Fahrzeug auf die neue Halterin oder den neuen "
            "Halter zugelassen. Der Verkäufer sollte den Verkauf der Versicherung und der "
            "Zulassungsstelle melden. Ob Sie das bisherige Kennzeichen weiterführen können, "
            "klärt die Zulassungsstelle beim Termin."
        ),
        voraussetzungen="Sie haben das Fahrzeug erworben und wohnen in Stralsund.",
        unterlagen=f"{_FAHRZEUG_UNTERLAGEN}\n- Kaufvertrag (empfohlen)",
        kosten="Etwa 27,00 bis 35,00 Euro, zuzüglich neuer Kennzeichenschilder falls nötig.",
        verfahrensablauf=(
            f"{_TERMIN_KFZ} Die Zulassungsstelle ändert die Halterdaten und stellt eine neue "
            "Zulassungsbescheinigung Teil I aus."
        ),
        bearbeitungsdauer="Vor Ort sofort.",
        fristen="Die Umschreibung muss unverzüglich nach dem Kauf erfolgen.",
        formulare="SEPA-Lastschriftmandat für die Kfz-Steuer",
        hinweise=_KEIN_FUEHRERSCHEIN,
        rechtsgrundlagen="§ 13 Fahrzeug-Zulassungsverordnung (FZV)",
        synonyme=("Auto ummelden", "Halterwechsel", "Gebrauchtwagen anmelden", "Umschreibung"),
        gebuehren=(g("Umschreibung", "27.00", "35.00"),),
        nachfrage=5100,
    ),
    LeistungDemo(
        leika="99036008070002",
        name_buerger="Fahrzeug außer Betrieb setzen (abmelden)",
        name_en="Deregister a vehicle",
        zustaendig="kfz-zulassungsstelle",
        kurztext=(
            "Ein Fahrzeug, das Sie nicht mehr nutzen, verkaufen ins Ausland oder verschrotten, "
            "melden Sie bei der Kfz-Zulassungsstelle ab."
        ),
        kurztext_en=("Deregister a vehicle you no longer use, export or scrap, at the office."),
        volltext=(
            "Bei der Außerbetriebsetzung werden die Stempelplaketten entfernt und die "
            "Zulassung beendet. Kfz-Steuer und Versicherung enden automatisch. Das Kennzeichen "
            "kann auf Wunsch bis zu zwölf Monate reserviert werden."
        ),
        voraussetzungen="Das Fahrzeug ist in Stralsund zugelassen.",
        unterlagen=(
            "- Zulassungsbescheinigung Teil I\n"
            "- beide Kennzeichenschilder\n"
            "- bei Verschrottung: Verwertungsnachweis"
        ),
        kosten="Etwa 6,50 Euro.",
        verfahrensablauf=(
            f"{_TERMIN_KFZ} Die Zulassungsstelle entwertet die Plaketten und vermerkt die "
            "Außerbetriebsetzung in der Zulassungsbescheinigung."
        ),
        bearbeitungsdauer="Sofort.",
        fristen="Keine.",
        formulare="Keine Formulare nötig.",
        hinweise="Eine Abmeldung ist auch ohne Termin am Schalter für Kurzanliegen möglich.",
        rechtsgrundlagen="§ 14 Fahrzeug-Zulassungsverordnung (FZV)",
        synonyme=(
            "Auto abmelden",
            "Abmeldung Kfz",
            "Stilllegung",
            "Fahrzeug stilllegen",
            "Außerbetriebsetzung",
        ),
        gebuehren=(g("Außerbetriebsetzung", "6.50"),),
        nachfrage=3200,
    ),
    LeistungDemo(
        leika="99036009069007",
        name_buerger="Wunschkennzeichen reservieren",
        name_en="Reserve a personalised number plate",
        zustaendig="kfz-zulassungsstelle",
        kurztext=(
            "Ihr Wunschkennzeichen mit dem Unterscheidungszeichen HST reservieren Sie bei der "
            "Kfz-Zulassungsstelle und erhalten es bei der Zulassung."
        ),
        kurztext_en=(
            "Reserve a personalised number plate with the HST prefix and receive it "
            "when you register your vehicle."
        ),
        volltext=(
            "Sie wählen Buchstaben und Ziffern im Rahmen der Vorschriften aus und "
            "reservieren die freie Kombination telefonisch oder vor Ort. Die Reservierung gilt "
            "90 Tage. "
            "Die Zuteilung erfolgt bei der Zulassung oder Umschreibung Ihres Fahrzeugs."
        ),
        voraussetzungen="Die gewünschte Kombination ist frei und zulässig.",
        unterlagen="- Reservierungsbestätigung\n- Unterlagen für die Zulassung",
        kosten="2,60 Euro Reservierung und 10,20 Euro Zuteilung, zusammen 12,80 Euro.",
        verfahrensablauf="Reservierung telefonisch oder vor Ort; Zuteilung beim Zulassungstermin.",
        bearbeitungsdauer="Reservierung sofort.",
        fristen="Die Reservierung verfällt nach 90 Tagen.",
        formulare="Keine Formulare nötig.",
        hinweise=(
            "Die Kennzeichenschilder prägen Schilderhersteller in der Nähe der Zulassungsstelle."
        ),
        rechtsgrundlagen="§ 8 Fahrzeug-Zulassungsverordnung (FZV)\nGebOSt Nr. 221.01",
        synonyme=(
            "Nummernschild",
            "Kennzeichen",
            "Kraftfahrzeugkennzeichen",
            "Wunschnummer",
            "HST Kennzeichen",
        ),
        gebuehren=(g("Reservierung", "2.60"), g("Zuteilung Wunschkennzeichen", "10.20")),
        nachfrage=2600,
    ),
    LeistungDemo(
        leika="99036013000000",
        name_buerger="Anschrift in den Fahrzeugpapieren ändern",
        name_en="Change the address in your vehicle documents",
        zustaendig="kfz-zulassungsstelle",
        kurztext=(
            "Nach einem Umzug muss die neue Anschrift in der Zulassungsbescheinigung "
            "eingetragen werden. Das Kennzeichen dürfen Sie behalten."
        ),
        kurztext_en=(
            "After moving, your new address must be entered in the registration certificate. "
            "You may keep your number plate."
        ),
        volltext=(
            "Seit 2015 können Sie Ihr bisheriges Kennzeichen bei einem Umzug innerhalb "
            "Deutschlands mitnehmen. Die Zulassungsstelle trägt die neue Anschrift in die "
            "Zulassungsbescheinigung Teil I ein. Ein Umzug innerhalb Stralsunds wird "
            "ebenso eingetragen."
        ),
        voraussetzungen=(
            "Sie sind nach Stralsund oder innerhalb Stralsunds umgezogen und haben sich umgemeldet."
        ),
        unterlagen="- Personalausweis mit neuer Anschrift\n- Zulassungsbescheinigung Teil I",
        kosten="Etwa 11,00 bis 13,00 Euro.",
        verfahrensablauf=f"{_TERMIN_KFZ} Die Änderung wird sofort eingetragen.",
        bearbeitungsdauer="Sofort.",
        fristen="Unverzüglich nach dem Umzug.",
        formulare="Keine.",
        hinweise="Möchten Sie ein neues Kennzeichen mit HST, bringen Sie die alten Schilder mit.",
        rechtsgrundlagen="§ 15 Fahrzeug-Zulassungsverordnung (FZV)",
        synonyme=(
            "Umzug Auto",
            "Kennzeichen mitnehmen",
            "Kraftfahrzeugkennzeichen",
            "Adressänderung Fahrzeugschein",
        ),
        gebuehren=(g("Änderung der Anschrift", "11.00", "13.00"),),
        nachfrage=1800,
    ),
    LeistungDemo(
        leika="99108001001000",
        name_buerger="Bewohnerparkausweis beantragen",
        name_en="Residents' parking permit",
        zustaendig="strassenverkehrsbehoerde",
        kurztext=(
            "Wer in einer Bewohnerparkzone der Altstadt wohnt, kann einen Parkausweis "
            "beantragen und dort ohne Parkschein parken."
        ),
        kurztext_en=(
            "If you live in a residents' parking zone of the old town, you can apply for a "
            "permit and park there without a ticket."
        ),
        volltext=(
            "In der Altstadt und auf dem Hafenareal gibt es Bewohnerparkzonen. Der Ausweis "
            "berechtigt zum Parken in der eigenen Zone, garantiert aber keinen Stellplatz. "
            "Je Person wird ein Ausweis für ein auf sie zugelassenes oder dauerhaft "
            "überlassenes Fahrzeug ausgestellt."
        ),
        voraussetzungen=(
            "Sie sind mit Haupt- oder Nebenwohnsitz in der Bewohnerparkzone gemeldet, und "
            "das Fahrzeug ist auf Sie zugelassen oder wird Ihnen dauerhaft überlassen."
        ),
        unterlagen=(
            "- Personalausweis\n"
            "- Zulassungsbescheinigung Teil I\n"
            "- bei Firmen- oder Fremdfahrzeugen: Bestätigung über die dauerhafte Überlassung"
        ),
        kosten="30,70 Euro für ein Jahr.",
        verfahrensablauf=(
            "Sie stellen den Antrag per Post oder persönlich. Nach Prüfung und Zahlung wird der "
            "Ausweis zugeschickt."
        ),
        bearbeitungsdauer="Etwa eine Woche.",
        fristen="Der Ausweis gilt ein Jahr; die Verlängerung beantragen Sie rechtzeitig vorher.",
        formulare="Antrag auf Bewohnerparkausweis (auf www.stralsund.de)",
        hinweise="Besucherinnen und Besucher parken in den Parkhäusern am Rand der Altstadt.",
        rechtsgrundlagen="§ 45 Abs. 1b Nr. 2a Straßenverkehrs-Ordnung (StVO)",
        synonyme=(
            "Anwohnerparkausweis",
            "Anwohnerparken",
            "Parkausweis Altstadt",
            "Bewohnerparken",
        ),
        gebuehren=(g("Bewohnerparkausweis für ein Jahr", "30.70"),),
        nachfrage=1500,
    ),
    LeistungDemo(
        leika="99108009012000",
        name_buerger="Parkausweis für Menschen mit Behinderung",
        name_en="Disabled parking permit",
        zustaendig="strassenverkehrsbehoerde",
        kurztext=(
            "Menschen mit bestimmten Merkzeichen im Schwerbehindertenausweis erhalten einen "
            "Parkausweis für Behindertenparkplätze oder Parkerleichterungen."
        ),
        kurztext_en=(
            "People with certain disability markings receive a permit for disabled parking "
            "spaces or other parking concessions."
        ),
        volltext=(
            "Der blaue EU-Parkausweis erlaubt das Parken auf Behindertenparkplätzen; ihn "
            "erhalten Menschen mit Merkzeichen aG oder Bl. Der orange Ausweis gewährt "
            "Parkerleichterungen, aber nicht auf Behindertenparkplätzen. Der Ausweis gilt "
            "für die Person, nicht für ein bestimmtes Fahrzeug."
        ),
        voraussetzungen=(
            "Sie wohnen in Stralsund und haben einen Schwerbehindertenausweis mit den "
            "entsprechenden Merkzeichen."
        ),
        unterlagen=(
            "- Schwerbehindertenausweis und Feststellungsbescheid des Landesamtes für Gesundheit "
            "und Soziales\n"
            "- ein Passbild\n"
            "- Personalausweis"
        ),
        kosten="Gebührenfrei.",
        verfahrensablauf=(
            "Sie stellen den Antrag persönlich oder per Post. Der Ausweis wird ausgestellt, "
            "sobald die Voraussetzungen geprüft sind."
        ),
        bearbeitungsdauer="Wenige Tage.",
        fristen=(
            "Der Ausweis ist befristet, höchstens bis zum Ablauf des Schwerbehindertenausweises."
        ),
        formulare="Antrag auf Parkerleichterung (auf www.stralsund.de)",
        hinweise="Eine Person, die Sie fährt, darf den Ausweis nutzen, wenn Sie mitfahren.",
        rechtsgrundlagen="§ 46 Abs. 1 Nr. 11 Straßenverkehrs-Ordnung (StVO)",
        synonyme=(
            "Schwerbehindertenparkausweis",
            "Behindertenparkausweis",
            "Parkausweis für Schwerbehinderte",
            "blauer Parkausweis",
        ),
        gebuehren=(g("Parkausweis für Menschen mit Behinderung", "0.00"),),
        nachfrage=320,
    ),
    LeistungDemo(
        leika="99108011153000",
        name_buerger="Halteverbotszone für Umzug einrichten",
        name_en="No-parking zone for moving house",
        zustaendig="strassenverkehrsbehoerde",
        kurztext=(
            "Für Umzug, Möbellieferung oder Container können Sie ein vorübergehendes "
            "Halteverbot vor dem Haus beantragen."
        ),
        kurztext_en=(
            "For moving house, furniture delivery or a skip you can apply for a temporary "
            "no-parking zone in front of the building."
        ),
        volltext=(
            "Die Straßenverkehrsbehörde ordnet das Halteverbot an. Die Schilder stellen Sie "
            "selbst oder ein Verkehrssicherungsunternehmen auf, spätestens 72 Stunden vor "
            "Beginn, damit Parkende rechtzeitig informiert sind. Danach muss die Aufstellung "
            "protokolliert werden."
        ),
        voraussetzungen="Sie brauchen den Platz für einen begrenzten Zeitraum für Ladearbeiten.",
        unterlagen=(
            "- Angaben zu Ort, Datum, Uhrzeit und Länge der Fläche\n"
            "- Skizze, wenn die Lage nicht eindeutig ist"
        ),
        kosten="30,00 bis 100,00 Euro je nach Aufwand, zuzüglich Kosten der Beschilderung.",
        verfahrensablauf=(
            "Sie stellen den Antrag per E-Mail oder schriftlich. Sie erhalten die Anordnung mit "
            "Auflagen, stellen die Schilder auf und melden die Aufstellung."
        ),
        bearbeitungsdauer="Etwa eine Woche.",
        fristen=(
            "Stellen Sie den Antrag mindestens zwei Wochen vorher; Schilder 72 Stunden vorher "
            "aufstellen."
        ),
        formulare="Antrag auf verkehrsrechtliche Anordnung (auf www.stralsund.de)",
        hinweise=(
            "Wird zusätzlich Gehweg oder Fahrbahn belegt, etwa mit einem Container, brauchen "
            "Sie eine Sondernutzungserlaubnis."
        ),
        rechtsgrundlagen="§ 45 Abs. 1 und 6 Straßenverkehrs-Ordnung (StVO)",
        synonyme=("Halteverbot", "Umzug Parkplatz", "Parkverbot Umzug", "Verkehrszeichen Umzug"),
        gebuehren=(g("verkehrsrechtliche Anordnung", "30.00", "100.00"),),
        nachfrage=700,
    ),
    LeistungDemo(
        leika="99108004001000",
        name_buerger="Ausnahmegenehmigung im Straßenverkehr",
        name_en="Traffic exemption permit",
        zustaendig="strassenverkehrsbehoerde",
        kurztext=(
            "Für die Zufahrt in gesperrte Bereiche der Altstadt oder andere Ausnahmen von "
            "Verkehrsregeln brauchen Sie eine Genehmigung."
        ),
        kurztext_en=(
            "You need a permit to drive into restricted areas of the old town or for other "
            "exemptions from traffic rules."
        ),
        volltext=(
            "Die Straßenverkehrsbehörde kann in begründeten Einzelfällen Ausnahmen von "
            "Verboten und Beschränkungen zulassen, etwa Zufahrt zur Fußgängerzone für "
            "Handwerker und Lieferdienste oder Parken im eingeschränkten Halteverbot. Die "
            "Genehmigung wird befristet und meist mit Auflagen erteilt."
        ),
        voraussetzungen="Sie haben ein besonderes Interesse, das die Ausnahme rechtfertigt.",
        unterlagen=(
            "- Begründung des Antrags\n"
            "- Kennzeichen der Fahrzeuge\n"
            "- bei Betrieben: Gewerbeanmeldung"
        ),
        kosten="10,20 bis 767,00 Euro je nach Umfang und Dauer.",
        verfahrensablauf=("Sie stellen den Antrag schriftlich und erhalten einen Bescheid."),
        bearbeitungsdauer="Etwa zwei Wochen.",
        fristen="Stellen Sie den Antrag mindestens zwei Wochen vor dem Bedarf.",
        formulare="Antrag auf Ausnahmegenehmigung nach § 46 StVO",
        hinweise="Führen Sie die Genehmigung im Original gut sichtbar im Fahrzeug mit.",
        rechtsgrundlagen="§ 46 Straßenverkehrs-Ordnung (StVO)\nGebOSt Nr. 264",
        synonyme=("Durchfahrtsgenehmigung", "Altstadt Zufahrt", "Handwerkerparkausweis"),
        gebuehren=(g("Ausnahmegenehmigung", "10.20", "767.00"),),
        nachfrage=600,
    ),
)
