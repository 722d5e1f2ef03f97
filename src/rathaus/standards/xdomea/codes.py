"""xdomea 3.0.0 code lists used by the Aussonderung messages, and a file-format helper."""

from __future__ import annotations

from enum import StrEnum

NAMESPACE = "urn:xoev-de:xdomea:schema:3.0.0"


class Nachrichtentyp(StrEnum):
    """Code list ``urn:xoev-de:xdomea:codeliste:nachrichtentyp`` 2.0, Aussonderung part."""

    ANBIETEVERZEICHNIS = "0501"
    BEWERTUNGSVERZEICHNIS = "0502"
    AUSSONDERUNG = "0503"
    ANBIETUNG_EMPFANG_BESTAETIGEN = "0504"
    BEWERTUNG_EMPFANG_BESTAETIGEN = "0505"
    AUSSONDERUNG_IMPORT_BESTAETIGEN = "0506"
    AUSSONDERUNG_EMPFANG_BESTAETIGEN = "0507"

    @property
    def element_name(self) -> str:
        """Local name of the message's root element, e.g. ``Aussonderung.Aussonderung.0503``."""
        return f"{_ROOT_NAMES[self]}.{self.value}"


_ROOT_NAMES = {
    Nachrichtentyp.ANBIETEVERZEICHNIS: "Aussonderung.Anbieteverzeichnis",
    Nachrichtentyp.BEWERTUNGSVERZEICHNIS: "Aussonderung.Bewertungsverzeichnis",
    Nachrichtentyp.AUSSONDERUNG: "Aussonderung.Aussonderung",
    Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN: "Aussonderung.AnbietungEmpfangBestaetigen",
    Nachrichtentyp.BEWERTUNG_EMPFANG_BESTAETIGEN: "Aussonderung.BewertungEmpfangBestaetigen",
    Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN: "Aussonderung.AussonderungImportBestaetigen",
    Nachrichtentyp.AUSSONDERUNG_EMPFANG_BESTAETIGEN: "Aussonderung.AussonderungEmpfangBestaetigen",
}

NACHRICHTENTYP_BY_ELEMENT = {typ.element_name: typ for typ in Nachrichtentyp}


class Aussonderungsart(StrEnum):
    """Code list ``aussonderungsart`` 1.0: the archive's decision on a record."""

    ARCHIVIEREN = "A"  # archivwürdig
    BEWERTEN = "B"  # zum Bewerten markiert
    VERNICHTEN = "V"  # zum Vernichten markiert


class Bewertungsvorschlag(StrEnum):
    """Code list ``bewertungsvorschlag`` 1.0: the authority's proposal."""

    ARCHIVIEREN = "A"
    VERNICHTEN = "V"


class Vertraulichkeitsstufe(StrEnum):
    """Code list ``vertraulichkeitsstufe`` 1.0."""

    GEHEIM = "001"
    NFD = "002"
    OFFEN = "003"
    STRENG_GEHEIM = "004"
    VERTRAULICH = "005"


class Medium(StrEnum):
    """Code list ``medium`` 1.0."""

    ELEKTRONISCH = "001"
    HYBRID = "002"
    PAPIER = "003"


LIST_URIS = {
    Nachrichtentyp: ("urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"),
    Aussonderungsart: ("urn:xoev-de:xdomea:codeliste:aussonderungsart", "1.0"),
    Bewertungsvorschlag: ("urn:xoev-de:xdomea:codeliste:bewertungsvorschlag", "1.0"),
    Vertraulichkeitsstufe: ("urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe", "1.0"),
    Medium: ("urn:xoev-de:xdomea:codeliste:medium", "1.0"),
}

DATEIFORMAT_LIST_URI = "urn:xoev-de:xdomea:codeliste:dateiformat"
DATEIFORMAT_LIST_VERSION = "1.0"
DATEIFORMAT_SONSTIGES = "100"

# Code list ``dateiformat`` 1.0 by MIME type. PDF/A ("044") cannot be told from the MIME
# type; callers that know a file is PDF/A pass ``pdfa=True``.
_DATEIFORMAT_BY_MIME = {
    "image/bmp": "001",
    "text/csv": "002",
    "application/msword": "003",
    "message/rfc822": "006",
    "text/html": "008",
    "image/jpeg": "011",
    "application/vnd.ms-outlook": "012",
    "application/vnd.oasis.opendocument.presentation": "013",
    "application/vnd.oasis.opendocument.spreadsheet": "014",
    "application/vnd.oasis.opendocument.text": "015",
    "application/pdf": "018",
    "image/png": "019",
    "application/vnd.ms-powerpoint": "020",
    "application/postscript": "021",
    "application/rtf": "022",
    "text/rtf": "022",
    "image/tiff": "024",
    "application/vnd.ms-excel": "028",
    "application/xml": "030",
    "text/xml": "030",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "035",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "036",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "037",
    "text/plain": "045",
}


def dateiformat_for_mime(mime_type: str, *, pdfa: bool = False) -> str:
    """Map a MIME type to the xdomea Dateiformat code; ``"100"`` (Sonstiges) if unknown."""
    mime = mime_type.split(";", 1)[0].strip().lower()
    if mime == "application/pdf" and pdfa:
        return "044"
    return _DATEIFORMAT_BY_MIME.get(mime, DATEIFORMAT_SONSTIGES)
