"""Builders for xdomea test messages."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from rathaus.standards.xdomea import (
    Akte,
    Aktenplaneinheit,
    Anbieteverzeichnis,
    Aufbewahrungsdauer,
    Aussonderung,
    Aussonderungsart,
    Behoerdenkennung,
    Bewertung,
    Bewertungsverzeichnis,
    Bewertungsvorschlag,
    Code,
    Dokument,
    Empfangsbestaetigung,
    Format,
    Importbestaetigung,
    Importergebnis,
    Kontakt,
    Medium,
    Nachrichtenkopf,
    Nachrichtentyp,
    Primaerdokument,
    SendendesSystem,
    Version,
    Vertraulichkeitsstufe,
    Vorgang,
    Zeitraum,
)

PROZESS_ID = uuid.UUID("3f2b8c1e-6a4d-4e7b-9c2a-1d5e8f7a6b90")
STADT = Kontakt(
    behoerdenkennung=Behoerdenkennung(
        behoerdenschluessel=Code(code="13073088", name="Hansestadt Stralsund"),
        praefix=Code(code="ags", name="Amtlicher Gemeindeschlüssel"),
    ),
    institution="Hansestadt Stralsund",
    institution_kurzbezeichnung="HST",
    organisationseinheit="Bürgerbüro",
)
ARCHIV = Kontakt(institution="Stadtarchiv Stralsund")


def kopf(typ: Nachrichtentyp, *, von: Kontakt = STADT, an: Kontakt = ARCHIV) -> Nachrichtenkopf:
    return Nachrichtenkopf(
        prozess_id=PROZESS_ID,
        nachrichtentyp=typ,
        erstellungszeitpunkt=datetime(2026, 3, 2, 9, 30, 0, tzinfo=UTC),
        absender=von,
        empfaenger=an,
        sendendes_system=SendendesSystem(
            instanz_id="rathaus-test", produktname="Rathaus", version="0.1.0"
        ),
        hinweis="Aussonderung 2026",
    )


def dokument(n: int, *, dateiname: str | None = None, dateien: bool = True) -> Dokument:
    doc_id = uuid.uuid5(PROZESS_ID, f"dokument-{n}")
    name = dateiname or f"{uuid.uuid5(PROZESS_ID, f'datei-{n}')}.pdf"
    return Dokument(
        id=doc_id,
        nummer_im_container=n,
        betreff=f"Bescheid {n}",
        kennzeichen=f"32.10-{n}",
        posteingangsdatum=date(2014, 5, 1),
        postausgangsdatum=date(2014, 5, 3),
        bearbeiter="M. Muster",
        versionen=(
            Version(
                nummer="1",
                formate=(
                    Format(
                        dateiformat="018",
                        dateiformat_version="1.7",
                        primaerdokument=Primaerdokument(
                            dateiname=name,
                            dateiname_original=f"bescheid-{n}.pdf",
                            ersteller="Rathaus",
                            datum_uhrzeit=datetime(2014, 5, 3, 10, 0, tzinfo=UTC),
                        ),
                    ),
                ),
            ),
        )
        if dateien
        else (),
    )


def vorgang(n: int, *, dokumente: int = 1, dateien: bool = True) -> Vorgang:
    return Vorgang(
        id=uuid.uuid5(PROZESS_ID, f"vorgang-{n}"),
        betreff=f"Gewerbeanmeldung {n}",
        kennzeichen=f"32.10.01-{n}",
        aussonderungsart=Aussonderungsart.ARCHIVIEREN,
        aufbewahrungsdauer=Aufbewahrungsdauer(jahre=10),
        laufzeit=Zeitraum(beginn=date(2014, 1, 1), ende=date(2014, 12, 31)),
        zda=True,
        zda_datum=date(2015, 1, 10),
        dokumente=tuple(dokument(n * 100 + i, dateien=dateien) for i in range(dokumente)),
    )


def akte(n: int, *, vorgaenge: int = 1, dokumente: int = 1, dateien: bool = True) -> Akte:
    return Akte(
        id=uuid.uuid5(PROZESS_ID, f"akte-{n}"),
        betreff=f"Gewerbeakte {n}",
        kennzeichen=f"STR-32.10-{n:04d}",
        vertraulichkeitsstufe=Vertraulichkeitsstufe.OFFEN,
        medium=Medium.ELEKTRONISCH,
        aktenplaneinheit=Aktenplaneinheit(kennzeichen="32.10", inhaltsangabe="Gewerbe"),
        typ="Sachakte",
        aufbewahrungsdauer=Aufbewahrungsdauer(jahre=10),
        aussonderungsart=Aussonderungsart.BEWERTEN,
        bewertungsvorschlag=Bewertungsvorschlag.ARCHIVIEREN,
        aufbewahrungsende=date(2025, 12, 31),
        laufzeit=Zeitraum(beginn=date(2014, 1, 1), ende=date(2015, 12, 31)),
        zda=True,
        zda_datum=date(2015, 12, 31),
        vorgaenge=tuple(
            vorgang(n * 10 + i, dokumente=dokumente, dateien=dateien) for i in range(vorgaenge)
        ),
    )


def anbieteverzeichnis(n_akten: int = 2) -> Anbieteverzeichnis:
    # 0501 carries no primary documents.
    akten = tuple(akte(i, dateien=False) for i in range(n_akten))
    return Anbieteverzeichnis(
        kopf=kopf(Nachrichtentyp.ANBIETEVERZEICHNIS),
        schriftgutobjekte=(
            *akten,
            Vorgang(
                id=uuid.uuid5(PROZESS_ID, "lose"), aufbewahrungsdauer=Aufbewahrungsdauer(jahre=None)
            ),
        ),
        empfangsbestaetigung=True,
    )


def bewertungsverzeichnis(ids: list[uuid.UUID]) -> Bewertungsverzeichnis:
    arten = [Aussonderungsart.ARCHIVIEREN, Aussonderungsart.VERNICHTEN]
    return Bewertungsverzeichnis(
        kopf=kopf(Nachrichtentyp.BEWERTUNGSVERZEICHNIS, von=ARCHIV, an=STADT),
        bewertungen=tuple(
            Bewertung(id=i, aussonderungsart=arten[n % 2]) for n, i in enumerate(ids)
        ),
    )


def aussonderung(n_akten: int = 2, *, dokumente: int = 1) -> Aussonderung:
    return Aussonderung(
        kopf=kopf(Nachrichtentyp.AUSSONDERUNG),
        schriftgutobjekte=tuple(akte(i, dokumente=dokumente) for i in range(n_akten)),
        rueckmeldung_archivkennung=True,
    )


def empfangsbestaetigung(typ: Nachrichtentyp) -> Empfangsbestaetigung:
    return Empfangsbestaetigung(typ=typ, kopf=kopf(typ, von=ARCHIV, an=STADT))


def importbestaetigung(ids: list[uuid.UUID]) -> Importbestaetigung:
    return Importbestaetigung(
        kopf=kopf(Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN, von=ARCHIV, an=STADT),
        ergebnisse=tuple(
            Importergebnis(id=i, erfolgreich=True, archivkennung=f"StadtA HST Rep. 32 Nr. {n}")
            if n % 3
            else Importergebnis(
                id=i,
                erfolgreich=False,
                fehlermeldungen=("Datei beschädigt",),
                fehlermeldung_codes=(
                    Code(
                        code="0631",
                        list_uri="urn:xoev-de:xdomea:codeliste:fehler",
                        list_version_id="1.0",
                    ),
                ),
            )
            for n, i in enumerate(ids)
        ),
    )


def primary_files(msg: Aussonderung) -> dict[str, bytes]:
    return {name: b"%PDF-1.7 " + name.encode() for name in msg.dateinamen()}
