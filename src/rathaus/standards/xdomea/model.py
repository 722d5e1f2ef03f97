"""Frozen dataclasses for what the xdomea 3.0.0 Aussonderung messages carry.

The model is flatter than the XSD: ``AllgemeineMetadaten`` and
``ArchivspezifischeMetadaten`` are folded into the Schriftgutobjekt, and only the parts
an authority's records management needs are kept. Elements the model does not know
(HistorienProtokollInformation, Kontakt, Verweis, Anschreiben ...) are ignored by the
reader and never written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from .codes import (
    DATEIFORMAT_LIST_VERSION,
    Aussonderungsart,
    Bewertungsvorschlag,
    Medium,
    Nachrichtentyp,
    Vertraulichkeitsstufe,
)
from .errors import XdomeaError


def _require_aware(value: datetime | None, what: str) -> None:
    if value is not None and value.utcoffset() is None:
        raise XdomeaError(f"{what} must be timezone-aware, got naive {value.isoformat()}")


@dataclass(frozen=True, kw_only=True)
class Code:
    """A generic XÖV code (``xoev-code:Code``): code, optional name and list identifiers."""

    code: str
    name: str | None = None
    list_uri: str | None = None
    list_version_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Behoerdenkennung:
    """Behördenkennung: Behördenschlüssel (the Kennung) and its Präfix, both XÖV codes."""

    behoerdenschluessel: Code | None = None
    praefix: Code | None = None


@dataclass(frozen=True, kw_only=True)
class Kontakt:
    """Sender or receiver of a message (subset of ``KontaktType``)."""

    behoerdenkennung: Behoerdenkennung | None = None
    institution: str | None = None
    institution_kurzbezeichnung: str | None = None
    organisationseinheit: str | None = None


@dataclass(frozen=True, kw_only=True)
class SendendesSystem:
    """The product that wrote the message."""

    instanz_id: str | None = None
    produktname: str | None = None
    version: str | None = None


@dataclass(frozen=True, kw_only=True)
class Nachrichtenkopf:
    """The head every message carries (``NkBasisType``).

    ``nachrichtentyp`` is the code found in or written to ``Kopf/Nachrichtentyp``; writers
    insist that it matches the message, readers report it as found (the public templates
    carry wrong codes there).
    """

    prozess_id: uuid.UUID
    nachrichtentyp: Nachrichtentyp
    erstellungszeitpunkt: datetime
    absender: Kontakt
    empfaenger: Kontakt
    sendendes_system: SendendesSystem | None = None
    hinweis: str | None = None

    def __post_init__(self) -> None:
        _require_aware(self.erstellungszeitpunkt, "Kopf/Erstellungszeitpunkt")


@dataclass(frozen=True, kw_only=True)
class Zeitraum:
    """Laufzeit: begin and end date, each optional."""

    beginn: date | None = None
    ende: date | None = None


@dataclass(frozen=True, kw_only=True)
class Aufbewahrungsdauer:
    """Retention period in years; ``jahre=None`` means unbefristet (kept forever)."""

    jahre: int | None

    def __post_init__(self) -> None:
        if self.jahre is not None and not 0 <= self.jahre <= 65535:
            raise XdomeaError(f"Aufbewahrungsdauer/AnzahlJahre out of range: {self.jahre}")


@dataclass(frozen=True, kw_only=True)
class Aktenplaneinheit:
    """The file-plan unit a record belongs to."""

    kennzeichen: str | None = None
    inhaltsangabe: str | None = None


@dataclass(frozen=True, kw_only=True)
class Primaerdokument:
    """A content file. ``dateiname`` is the name inside the 0503 container (UUID-based).

    xdomea 3.0.0 has no checksum element; integrity is left to the transport.
    """

    dateiname: str
    dateiname_original: str | None = None
    ersteller: str | None = None
    datum_uhrzeit: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware(self.datum_uhrzeit, "Primaerdokument/DatumUhrzeit")


@dataclass(frozen=True, kw_only=True)
class Format:
    """One rendition of a Version: Dateiformat code (see ``dateiformat_for_mime``)."""

    dateiformat: str
    primaerdokument: Primaerdokument
    dateiformat_version: str = ""
    sonstiger_name: str | None = None
    dateiformat_list_version: str = DATEIFORMAT_LIST_VERSION


@dataclass(frozen=True, kw_only=True)
class Version:
    """A version of a Dokument with one or more formats."""

    nummer: str
    formate: tuple[Format, ...]


@dataclass(frozen=True, kw_only=True)
class _Schriftgutobjekt:
    """Fields common to Akte, Vorgang and Dokument (Identifikation, AllgemeineMetadaten)."""

    id: uuid.UUID
    nummer_im_container: int | None = None
    betreff: str | None = None
    kennzeichen: str | None = None
    federfuehrung: str | None = None
    vertraulichkeitsstufe: Vertraulichkeitsstufe | None = None
    bemerkung: str | None = None
    medium: Medium | None = None
    aktenplaneinheit: Aktenplaneinheit | None = None
    typ: str | None = None


@dataclass(frozen=True, kw_only=True)
class _Aussonderbar(_Schriftgutobjekt):
    """Akte and Vorgang also carry ArchivspezifischeMetadaten, Laufzeit and zdA."""

    aufbewahrungsdauer: Aufbewahrungsdauer | None = None
    aussonderungsart: Aussonderungsart | None = None
    aussonderungsart_konfigurierbar: str | None = None
    archivkennung: str | None = None
    bewertungsvorschlag: Bewertungsvorschlag | None = None
    aufbewahrungsende: date | None = None
    laufzeit: Zeitraum | None = None
    zda: bool | None = None
    zda_datum: date | None = None


@dataclass(frozen=True, kw_only=True)
class Dokument(_Schriftgutobjekt):
    """A Dokument with its Versionen (and through them the primary files)."""

    posteingangsdatum: date | None = None
    postausgangsdatum: date | None = None
    datum_des_schreibens: date | None = None
    bearbeiter: str | None = None
    versionen: tuple[Version, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Vorgang(_Aussonderbar):
    """A Vorgang; ``aktenbetreff`` is the subject of the Akte it belongs to."""

    aktenbetreff: str | None = None
    dokumente: tuple[Dokument, ...] = ()
    teilvorgaenge: tuple[Vorgang, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Akte(_Aussonderbar):
    """An Akte; ``kennzeichen`` is its Aktenzeichen."""

    dokumente: tuple[Dokument, ...] = ()
    vorgaenge: tuple[Vorgang, ...] = ()
    teilakten: tuple[Akte, ...] = ()


Schriftgutobjekt = Akte | Vorgang | Dokument


def iter_schriftgutobjekte(objekte: tuple[Schriftgutobjekt, ...]) -> list[Schriftgutobjekt]:
    """All objects of a tree, depth first, the given ones included."""
    result: list[Schriftgutobjekt] = []
    for obj in objekte:
        result.append(obj)
        if isinstance(obj, Akte):
            result += iter_schriftgutobjekte((*obj.dokumente, *obj.vorgaenge, *obj.teilakten))
        elif isinstance(obj, Vorgang):
            result += iter_schriftgutobjekte((*obj.dokumente, *obj.teilvorgaenge))
    return result


def iter_primaerdokumente(objekte: tuple[Schriftgutobjekt, ...]) -> list[Primaerdokument]:
    """All primary documents referenced anywhere in the tree."""
    return [
        fmt.primaerdokument
        for obj in iter_schriftgutobjekte(objekte)
        if isinstance(obj, Dokument)
        for version in obj.versionen
        for fmt in version.formate
    ]


@dataclass(frozen=True, kw_only=True)
class Anbieteverzeichnis:
    """0501: the authority offers records whose retention period has ended (no files)."""

    kopf: Nachrichtenkopf
    schriftgutobjekte: tuple[Schriftgutobjekt, ...]
    empfangsbestaetigung: bool = False

    def ids(self) -> frozenset[uuid.UUID]:
        """IDs of every object offered, at any depth."""
        return frozenset(obj.id for obj in iter_schriftgutobjekte(self.schriftgutobjekte))


@dataclass(frozen=True, kw_only=True)
class Bewertung:
    """The archive's decision on one offered record (``RueckgabeparameterAnbietungType``)."""

    id: uuid.UUID
    aussonderungsart: Aussonderungsart | None = None
    aussonderungsart_konfigurierbar: str | None = None

    def __post_init__(self) -> None:
        if (self.aussonderungsart is None) == (self.aussonderungsart_konfigurierbar is None):
            raise XdomeaError(
                "Bewertung needs exactly one of aussonderungsart, aussonderungsart_konfigurierbar"
            )


@dataclass(frozen=True, kw_only=True)
class Bewertungsverzeichnis:
    """0502: the archive's decision per offered record (A archivieren / V vernichten)."""

    kopf: Nachrichtenkopf
    bewertungen: tuple[Bewertung, ...]
    empfangsbestaetigung: bool = False


@dataclass(frozen=True, kw_only=True)
class Aussonderung:
    """0503: the records to hand over, with their primary documents in the container."""

    kopf: Nachrichtenkopf
    schriftgutobjekte: tuple[Schriftgutobjekt, ...]
    rueckmeldung_archivkennung: bool = True
    empfangsbestaetigung: bool = False

    def ids(self) -> frozenset[uuid.UUID]:
        """IDs of every object handed over, at any depth."""
        return frozenset(obj.id for obj in iter_schriftgutobjekte(self.schriftgutobjekte))

    def dateinamen(self) -> tuple[str, ...]:
        """Names of all primary files the message references, in document order."""
        return tuple(p.dateiname for p in iter_primaerdokumente(self.schriftgutobjekte))


@dataclass(frozen=True, kw_only=True)
class Empfangsbestaetigung:
    """0504 / 0505 / 0507: a bare receipt (head only) for 0501, 0502 or 0503 respectively.

    ``typ`` is the message (root element) type; it must equal ``kopf.nachrichtentyp`` when
    writing, while a read message reports both as found.
    """

    typ: Nachrichtentyp
    kopf: Nachrichtenkopf


@dataclass(frozen=True, kw_only=True)
class Importergebnis:
    """The archive's answer for one handed-over record.

    (``ErfolgOderMisserfolgAussonderungType``; ``erfolgreich`` = taken over.)
    """

    id: uuid.UUID
    erfolgreich: bool
    fehlermeldungen: tuple[str, ...] = ()
    fehlermeldung_codes: tuple[Code, ...] = ()
    archivkennung: str | None = None


@dataclass(frozen=True, kw_only=True)
class Importbestaetigung:
    """0506: what the archive took over (only then may the authority delete)."""

    kopf: Nachrichtenkopf
    ergebnisse: tuple[Importergebnis, ...] = field(default=())


Nachricht = (
    Anbieteverzeichnis
    | Bewertungsverzeichnis
    | Aussonderung
    | Empfangsbestaetigung
    | Importbestaetigung
)
