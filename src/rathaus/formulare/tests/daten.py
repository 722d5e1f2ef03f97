# ruff: noqa: E501 - XML fragments are clearer on one line
"""Test data: a small synthetic XDF3 schema with every field type, and the real FIM files."""

from __future__ import annotations

import csv
from pathlib import Path
from xml.sax.saxutils import escape

from rathaus.standards.xdatenfelder.tests._data import (
    FIM,
    XDF1_FILES,
    XDF2_FILES,
    XDF3_FILES,
    needs_data,
)

__all__ = ["FIM", "XDF1_FILES", "XDF2_FILES", "XDF3_FILES", "needs_data"]

NS = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
# The second XDF2 file of S00000094 is another export of the same id and version.
XDF2_EXPORT = [p for p in XDF2_FILES if "export" in p.name]
ALLE_DATEIEN = [*XDF3_FILES, *[p for p in XDF2_FILES if p not in XDF2_EXPORT], *XDF1_FILES]


def grosse_formulare(n: int = 5) -> list[Path]:
    """The ``n`` largest real XDF3 schemas by the size MANIFEST.csv gives."""
    manifest = FIM / "xdf3" / "MANIFEST.csv"
    with manifest.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("xml_present") == "yes"]
    rows.sort(key=lambda r: int(r["bytes"]), reverse=True)
    return [FIM / "xdf3" / r["fim_id"] / "schema.xdf.xml" for r in rows[:n]]


def _ident(id_: str, version: str = "1.0.0") -> str:
    return f"<xdf:identifikation><xdf:id>{id_}</xdf:id><xdf:version>{version}</xdf:version></xdf:identifikation>"


def feld(
    fid: str,
    name: str,
    datentyp: str,
    *,
    feldart: str = "input",
    anzahl: str = "0:1",
    werte: list[tuple[str, str]] | None = None,
    praezisierung: str = "",
    inhalt: str = "",
    hilfe: str = "",
    bezug: str = "",
    referenz: tuple[str, str] | None = None,
) -> str:
    teile = [
        _ident(fid),
        f"<xdf:name>{escape(name)}</xdf:name>",
        f"<xdf:bezeichnungEingabe>{escape(name)}</xdf:bezeichnungEingabe>",
        f"<xdf:feldart><code>{feldart}</code></xdf:feldart>",
        f"<xdf:datentyp><code>{datentyp}</code></xdf:datentyp>",
    ]
    if hilfe:
        teile.append(f"<xdf:hilfetextEingabe>{escape(hilfe)}</xdf:hilfetextEingabe>")
    if bezug:
        teile.append(
            f'<xdf:bezug link="https://www.gesetze-im-internet.de/">{escape(bezug)}</xdf:bezug>'
        )
    if praezisierung:
        teile.append(f"<xdf:praezisierung {praezisierung}/>")
    if inhalt:
        teile.append(f"<xdf:inhalt>{escape(inhalt)}</xdf:inhalt>")
    if werte:
        items = "".join(
            f"<xdf:wert><xdf:code>{c}</xdf:code><xdf:name>{escape(n)}</xdf:name></xdf:wert>"
            for c, n in werte
        )
        teile.append(f"<xdf:werte>{items}</xdf:werte>")
    if referenz:  # (canonical URI, version) of a genericode list
        uri, version = referenz
        teile.append(
            f"<xdf:codelisteReferenz><xdf:canonicalIdentification>{uri}</xdf:canonicalIdentification>"
            f"<xdf:version>{version}</xdf:version><xdf:canonicalVersionUri>{uri}_{version}</xdf:canonicalVersionUri></xdf:codelisteReferenz>"
        )
    inner = "".join(teile)
    return f"<xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>{inner}</xdf:datenfeld></xdf:enthaelt></xdf:struktur>"


def regel(rid: str, text: str) -> str:
    return f"<xdf:regel>{_ident(rid)}<xdf:name>Regel {rid}</xdf:name><xdf:freitextRegel>{escape(text)}</xdf:freitextRegel></xdf:regel>"


def gruppe(gid: str, name: str, kinder: str, *, anzahl: str = "1:1", regeln: str = "") -> str:
    inner = f"{_ident(gid)}<xdf:name>{escape(name)}</xdf:name><xdf:bezeichnungEingabe>{escape(name)}</xdf:bezeichnungEingabe>{regeln}{kinder}"
    return f"<xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>{inner}</xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>"


LAENDER = [
    (f"{i:02d}", n)
    for i, n in enumerate(
        [
            "Schleswig-Holstein",
            "Hamburg",
            "Niedersachsen",
            "Bremen",
            "Nordrhein-Westfalen",
            "Hessen",
            "Rheinland-Pfalz",
            "Baden-Württemberg",
            "Bayern",
            "Saarland",
            "Berlin",
            "Brandenburg",
            "Mecklenburg-Vorpommern",
        ],
        start=1,
    )
]

AKTIVIERE = (
    'WENN Datenfeld F99000000020 "Abweichende Anschrift" = JA, DANN aktiviere Datenfeldgruppe '
    'G99000000003 "Abweichende Anschrift". WENN Datenfeld F99000000020 "Abweichende Anschrift" '
    '= NEIN, DANN deaktiviere Datenfeldgruppe G99000000003 "Abweichende Anschrift".'
)
UNLESBAR = "Die Sachbearbeitung prüft die Angaben nach pflichtgemäßem Ermessen."


def schema_xml(
    version: str = "1.0.0", *, sid: str = "S99000000001", titel: str = "Testantrag"
) -> bytes:
    person = "".join(
        [
            feld(
                "F99000000001",
                "Familienname",
                "text",
                anzahl="1:1",
                praezisierung='maxLength="20"',
                hilfe="Wie im Ausweis",
                bezug="§ 1 Testgesetz",
            ),
            feld("F99000000002", "Vorname", "text_latin"),
            feld("F99000000003", "Geburtsdatum", "date", anzahl="1:1"),
            feld(
                "F99000000004",
                "Anzahl Kinder",
                "num_int",
                praezisierung='minValue="0" maxValue="20"',
            ),
            feld("F99000000005", "Betrag", "num_currency"),
            feld("F99000000006", "Gewicht", "num"),
            feld("F99000000007", "Uhrzeit", "time"),
            feld("F99000000008", "Termin", "datetime"),
            feld(
                "F99000000009",
                "Staatsangehörigkeit",
                "text",
                feldart="select",
                anzahl="1:1",
                werte=[("000", "deutsch"), ("100", "andere EU"), ("200", "sonstige")],
            ),
            feld("F99000000010", "Bundesland", "text", feldart="select", werte=LAENDER),
            feld("F99000000011", "Verheiratet", "bool", anzahl="1:1"),
            feld("F99000000012", "Newsletter", "bool"),
            feld(
                "F99000000013",
                "Hinweis",
                "text",
                feldart="label",
                inhalt="Bitte vollständig ausfüllen.",
            ),
            feld(
                "F99000000014",
                "Art des Antrags",
                "text",
                feldart="locked",
                anzahl="1:1",
                inhalt="privat",
            ),
            feld("F99000000015", "Intern", "text", feldart="hidden", inhalt="X"),
            feld("F99000000016", "Nachweis", "file"),
        ]
    )
    weitere = "".join(
        [
            feld("F99000000020", "Abweichende Anschrift", "bool", anzahl="1:1"),
            gruppe(
                "G99000000003",
                "Abweichende Anschrift",
                feld("F99000000021", "Ort", "text", anzahl="1:1"),
                anzahl="0:1",
            ),
            gruppe(
                "G99000000004",
                "Kind",
                feld("F99000000022", "Vorname des Kindes", "text", anzahl="1:1"),
                anzahl="0:3",
            ),
        ]
    )
    struktur = gruppe("G99000000001", "Angaben zur Person", person) + gruppe(
        "G99000000002", "Weitere Angaben", weitere, regeln=regel("R99000000001", AKTIVIERE)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{NS}">'
        f"<xdf:header><xdf:nachrichtID>1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>"
        f"<xdf:stammdatenschema>{_ident(sid, version)}<xdf:name>{titel}</xdf:name>"
        f"<xdf:bezeichnung>{titel}</xdf:bezeichnung>"
        f"<xdf:beschreibung>Leistung 99123456789012</xdf:beschreibung>"
        f"{regel('R99000000002', UNLESBAR)}{struktur}</xdf:stammdatenschema>"
        f"</xdf:xdatenfelder.stammdatenschema.0102>"
    )
    return xml.encode()


AKTIVIERE_MAIL = (
    'WENN Datenfeld F99000000060 "Antwort per E-Mail" = JA, DANN aktiviere Datenfeldgruppe '
    'G99000000053 "Kommunikation". WENN Datenfeld F99000000060 "Antwort per E-Mail" = NEIN, '
    'DANN deaktiviere Datenfeldgruppe G99000000053 "Kommunikation".'
)


def person_schema_xml() -> bytes:
    """Two steps around the applicant (ids of the FIM Baukasten): person and address, and
    an e-mail address the rules show only when "Antwort per E-Mail" is "Ja"."""
    person = gruppe(
        "G99000000050",
        "Angaben zur antragstellenden Person",
        feld("F60000000228", "Vornamen", "text", anzahl="1:1", praezisierung='maxLength="80"')
        + feld(
            "F60000000227", "Familienname", "text", anzahl="1:1", praezisierung='maxLength="120"'
        )
        + feld("F60000000230", "Geburtsname", "text")
        + feld("F05000016340", "Geburtsdatum", "date", anzahl="1:1")
        + gruppe(
            "G99000000051",
            "Anschrift Inland Straßenanschrift",
            feld("F60000000243", "Straße", "text", anzahl="1:1")
            + feld("F60000000244", "Hausnummer", "text", praezisierung='maxLength="11"')
            + feld("F60000000246", "Postleitzahl", "text", anzahl="1:1")
            + feld("F60000000247", "Ort", "text", anzahl="1:1"),
        ),
    )
    kontakt = gruppe(
        "G99000000052",
        "Kontakt des Antragstellers",
        feld("F99000000060", "Antwort per E-Mail", "bool", anzahl="1:1")
        + gruppe(
            "G99000000053",
            "Kommunikation",
            feld("F60000000242", "E-Mail", "text", anzahl="1:1"),
            anzahl="0:1",
        ),
        regeln=regel("R99000000050", AKTIVIERE_MAIL),
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{NS}">'
        f"<xdf:header><xdf:nachrichtID>1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>"
        f"<xdf:stammdatenschema>{_ident('S99000000050')}<xdf:name>Antrag mit Person</xdf:name>{person}{kontakt}</xdf:stammdatenschema>"
        f"</xdf:xdatenfelder.stammdatenschema.0102>"
    ).encode()


AKTIVIERE_VOLLMACHT = (
    'WENN Datenfeld F99000000073 "Vertreten" = JA, DANN aktiviere Datenfeldgruppe '
    'G99000000074 "Vertretung". WENN Datenfeld F99000000073 "Vertreten" = NEIN, DANN '
    'deaktiviere Datenfeldgruppe G99000000074 "Vertretung".'
)


def nachweise_schema_xml() -> bytes:
    """One step "Nachweise" (G99000000070) of file fields: a required single file
    (F99000000071), up to two photos (F99000000072), and a power of attorney (F99000000075)
    in a group the rules show only when "Vertreten" (F99000000073) is "Ja"."""
    kinder = (
        feld("F99000000071", "Meldebescheinigung", "file", anzahl="1:1")
        + feld("F99000000072", "Fotos", "file", anzahl="0:2")
        + feld("F99000000073", "Vertreten", "bool", anzahl="1:1")
        + gruppe(
            "G99000000074",
            "Vertretung",
            feld("F99000000075", "Vollmacht", "file", anzahl="1:1"),
            anzahl="0:1",
        )
    )
    struktur = gruppe(
        "G99000000070", "Nachweise", kinder, regeln=regel("R99000000070", AKTIVIERE_VOLLMACHT)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{NS}">'
        f"<xdf:header><xdf:nachrichtID>1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>"
        f"<xdf:stammdatenschema>{_ident('S99000000070')}<xdf:name>Nachweise</xdf:name>"
        f"<xdf:bezeichnung>Nachweise</xdf:bezeichnung>{struktur}</xdf:stammdatenschema>"
        f"</xdf:xdatenfelder.stammdatenschema.0102>"
    )
    return xml.encode()
