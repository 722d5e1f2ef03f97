"""English names of the OZG Themenfelder and Lebenslagen, keyed by the German name.

Keys are the `name` column of ozg_themenfelder.csv / ozg_lebenslagen.csv with surrounding
whitespace removed ("Querschnitt " is keyed as "Querschnitt"). The three test rows of
ozg_lebenslagen.csv ("aaaaaaaaaaaaaaaaa", "aaaaabbbbb", "aaabbbccc") are not names and have
no translation.
"""

from __future__ import annotations

THEMENFELDER_EN: dict[str, str] = {
    "Arbeit & Ruhestand": "Work & Retirement",
    "Bauen & Wohnen": "Building & Housing",
    "Bildung": "Education",
    "Ein- & Auswanderung": "Immigration & Emigration",
    "Engagement & Hobby": "Volunteering & Hobbies",
    "Familie & Kind": "Family & Children",
    "Forschung & Förderung": "Research & Funding",
    "Gesundheit": "Health",
    "Mobilität & Reisen": "Mobility & Travel",
    "Querschnitt": "Cross-cutting Services",
    "Recht & Ordnung": "Law & Order",
    "Steuern & Zoll": "Taxes & Customs",
    "Umwelt": "Environment",
    "Unternehmensführung & -entwicklung": "Business Management & Development",
}

LEBENSLAGEN_EN: dict[str, str] = {
    "(Drohender) Arbeitsplatzverlust & -suche": "(Threatened) Job Loss & Job Search",
    "Abfall & Umweltschutz": "Waste & Environmental Protection",
    "Adoption & Pflegekinder": "Adoption & Foster Children",
    "Altersvorsorge": "Retirement Provision",
    "Anlagen & Stoffe": "Installations & Substances",
    "Arbeitgeber sein": "Being an Employer",
    "Arbeitsplatzwechsel": "Changing Jobs",
    "Arbeitssicherheit": "Occupational Safety",
    "Aus-, Weiterbildung & Sachkunde": "Training, Further Education & Expertise",
    "Auslandsaufenthalt": "Stays Abroad",
    "Auslandsgeschäft": "International Business",
    "Ausschreibungen & öffentliche Aufträge": "Tenders & Public Contracts",
    "Auswanderung": "Emigration",
    "Bauen & Immobilien": "Building & Real Estate",
    "Behinderung": "Disability",
    "Berufsausbildung": "Vocational Training",
    "Bootsbesitz": "Boat Ownership",
    "Eheschließung": "Marriage",
    "Einwanderung": "Immigration",
    "Engagement & Beteiligung": "Volunteering & Participation",
    "Finanzielle Existenzsicherung/Unterstützung bei finanziellen Problemen": (
        "Basic Income Support / Help with Financial Problems"
    ),
    "Finanzierung & Förderung": "Financing & Funding",
    "Fischen & Jagen": "Fishing & Hunting",
    "Forschung & Entwicklung": "Research & Development",
    "Führerschein": "Driving Licence",
    "Geburt": "Birth",
    "Gerichtliche und außergerichtliche Verfahren": "Court and Out-of-Court Proceedings",
    "Geschäftsauflösung & Unternehmensübergang": "Closing or Handing Over a Business",
    "Gesundheitsvorsorge": "Preventive Health Care",
    "Hausbau & Immobilienerwerb": "Building a House & Buying Property",
    "Kfz-Besitz": "Vehicle Ownership",
    "Kinderbetreuung": "Childcare",
    "Krankheit": "Illness",
    "Logistik & Transport": "Logistics & Transport",
    "Naturkatastrophen": "Natural Disasters",
    "Pflege": "Long-term Care",
    "Querschnitt Bürger": "Cross-cutting Services for Citizens",
    "Querschnitt Unternehmen": "Cross-cutting Services for Businesses",
    "Rechtsverstöße - Anzeigen und Hilfen für Opfer": ("Offences – Reporting and Help for Victims"),
    "Rente & Soziale Entschädigung": "Pensions & Social Compensation",
    "Scheidung": "Divorce",
    "Schule": "School",
    "Statistik- & Berichtspflichten": "Statistical & Reporting Obligations",
    "Steuererklärung": "Tax Return",
    "Steuern & Abgaben": "Taxes & Charges",
    "Studium": "University Studies",
    "Tierhaltung": "Keeping Animals",
    "Tod": "Death",
    "Trennung mit Kind": "Separation with Children",
    "Unternehmensstart & Gewerbezulassung": "Starting a Business & Trade Licensing",
    "Veranstaltung durchführen": "Holding an Event",
    "Veranstaltungen": "Events",
    "Weiterbildung": "Further Education",
    "Weitere Leistungen": "Other Services",
    "Wohnen & Umzug": "Housing & Moving",
}
