"""Checks of the archival and accessibility properties of the PDFs the system makes.

No full PDF/A validator (veraPDF) is available to this project: it is a Java program
that neither Debian nor PyPI ships. These functions check, with pypdf, the properties
that a PDF/A-3b and a tagged PDF must have and that a change of template, font or
renderer could break:

- `pdfa_befunde`: the PDF/A identification in the XMP metadata (part, conformance), an
  sRGB output intent with its ICC profile, every font embedded, a file identifier, no
  encryption, no JavaScript or other actions that run code, no LZW compression, and the
  title of the document information equal to the XMP ``dc:title``.
- `tags_befunde`: a tagged PDF (``/MarkInfo /Marked``, a structure tree), the document
  language and a title that viewers show (``/DisplayDocTitle``).

They return findings (an empty list: nothing found); they do not prove conformance with
every clause of ISO 19005-3 (e.g. colour spaces inside images, the XMP schema extension
rules, glyph widths) or of PDF/UA.

They parse in the calling process without limits, so they are for the PDFs this system
renders itself (Bescheid, receipt), as in the tests. A PDF from outside is read only in
the limited process of `rathaus.akten.sandbox`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from lxml import etree
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_FONTDATEI = ("/FontFile", "/FontFile2", "/FontFile3")
# Keys that make a PDF run code or act on its own (ISO 19005-3, 6.6: actions).
_CODE = ("/JS", "/JavaScript", "/AA", "/Launch")


def _objekte(wurzel: Any) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream dictionary) reachable from ``wurzel``, each once."""
    gesehen: set[tuple[int, int]] = set()
    stapel = [wurzel]
    while stapel:
        objekt = stapel.pop()
        if isinstance(objekt, IndirectObject):
            schluessel = (objekt.idnum, objekt.generation)
            if schluessel in gesehen:
                continue
            gesehen.add(schluessel)
            objekt = objekt.get_object()
        if isinstance(objekt, DictionaryObject):
            yield objekt
            stapel.extend(objekt.values())
        elif isinstance(objekt, ArrayObject):
            stapel.extend(objekt)


def _wurzel(reader: PdfReader) -> Any:
    """The document catalog (typed loosely: pypdf's objects are dictionaries at run time)."""
    return reader.trailer["/Root"].get_object()


def _xmp(reader: PdfReader) -> etree._Element | None:
    metadaten = _wurzel(reader).get("/Metadata")
    if metadaten is None:
        return None
    daten = metadaten.get_object().get_data()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(daten, parser)


def _xmp_wert(xmp: etree._Element, name: str) -> str | None:
    """A pdfaid property, written as attribute or as element (both are valid RDF)."""
    schluessel = f"{{{_NS['pdfaid']}}}{name}"
    for beschreibung in xmp.iter(f"{{{_NS['rdf']}}}Description"):
        if schluessel in beschreibung.attrib:
            return beschreibung.attrib[schluessel]
        element = beschreibung.find(f"pdfaid:{name}", _NS)
        if element is not None:
            return (element.text or "").strip()
    return None


def _xmp_titel(xmp: etree._Element) -> str | None:
    element = xmp.find(".//dc:title/rdf:Alt/rdf:li", _NS)
    return None if element is None else (element.text or "")


def _schriften_befunde(reader: PdfReader) -> list[str]:
    befunde = []
    for objekt in _objekte(_wurzel(reader)):
        if objekt.get("/Type") != "/Font" or objekt.get("/Subtype") in ("/Type0", "/Type3"):
            continue  # a Type0 font's glyphs are in its descendant (visited on its own)
        beschreibung = objekt.get("/FontDescriptor")
        beschreibung = beschreibung.get_object() if beschreibung is not None else None
        if beschreibung is None or not any(k in beschreibung for k in _FONTDATEI):
            befunde.append(f"Schrift nicht eingebettet: {objekt.get('/BaseFont')}")
    return befunde


def _ausgabe_befunde(root: Any) -> list[str]:
    intents = root.get("/OutputIntents")
    intents = intents.get_object() if intents is not None else []
    pdfa = [i.get_object() for i in intents if i.get_object().get("/S") == "/GTS_PDFA1"]
    if not pdfa:
        return ["keine Output Intent /GTS_PDFA1"]
    profil = pdfa[0].get("/DestOutputProfile")
    profil = profil.get_object() if profil is not None else None
    if not isinstance(profil, StreamObject) or not profil.get_data():
        return ["Output Intent ohne ICC-Profil"]
    return []


def pdfa_befunde(pdf: bytes, *, teil: int = 3, konformitaet: str = "B") -> list[str]:
    """What in ``pdf`` contradicts a PDF/A claim of ``teil`` and ``konformitaet`` (see the
    module docstring for what is checked and what is not)."""
    befunde = []
    kopf = pdf[:32].split(b"\n")
    if not kopf[0].startswith(b"%PDF-1.") and not kopf[0].startswith(b"%PDF-2."):
        befunde.append("kein PDF-Kopf")
    if len(kopf) < 2 or not kopf[1].startswith(b"%") or sum(b > 127 for b in kopf[1][:6]) < 4:
        befunde.append("kein Binärkommentar nach dem Kopf")
    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted or "/Encrypt" in reader.trailer:
        return [*befunde, "verschlüsselt"]
    if "/ID" not in reader.trailer:
        befunde.append("keine Dateikennung (/ID)")
    root = _wurzel(reader)
    xmp = _xmp(reader)
    if xmp is None:
        befunde.append("keine XMP-Metadaten")
    else:
        if _xmp_wert(xmp, "part") != str(teil):
            befunde.append(f"pdfaid:part ist {_xmp_wert(xmp, 'part')!r}, nicht {teil}")
        if (_xmp_wert(xmp, "conformance") or "").upper() != konformitaet.upper():
            befunde.append(f"pdfaid:conformance ist {_xmp_wert(xmp, 'conformance')!r}")
        info_titel = reader.metadata.title if reader.metadata else None
        if info_titel is not None and str(info_titel) != _xmp_titel(xmp):
            befunde.append("Titel in Dokumentinformation und XMP verschieden")
    befunde += _ausgabe_befunde(root)
    befunde += _schriften_befunde(reader)
    for objekt in _objekte(reader.trailer):
        for schluessel in _CODE:
            if schluessel in objekt:
                befunde.append(f"verbotener Eintrag {schluessel}")
        if objekt.get("/S") in ("/JavaScript", "/Launch"):
            befunde.append(f"verbotene Aktion {objekt.get('/S')}")
        filter_ = objekt.get("/Filter")
        filter_ = filter_.get_object() if filter_ is not None else None
        filterliste = filter_ if isinstance(filter_, ArrayObject) else [filter_]
        if "/LZWDecode" in filterliste:
            befunde.append("LZW-Kompression")
    return sorted(set(befunde))


def tags_befunde(pdf: bytes, *, sprache: str) -> list[str]:
    """What in ``pdf`` contradicts a tagged PDF in ``sprache`` with a shown title."""
    reader = PdfReader(io.BytesIO(pdf))
    root = _wurzel(reader)
    befunde = []
    markiert = root.get("/MarkInfo")
    if markiert is None or not markiert.get_object().get("/Marked"):
        befunde.append("nicht als getaggt markiert (/MarkInfo)")
    baum = root.get("/StructTreeRoot")
    if baum is None or not baum.get_object().get("/K"):
        befunde.append("kein Strukturbaum")
    if str(root.get("/Lang", "")).lower() != sprache.lower():
        befunde.append(f"Dokumentsprache ist {root.get('/Lang')!r}, nicht {sprache!r}")
    titel = reader.metadata.title if reader.metadata else None
    if not titel or not str(titel).strip():
        befunde.append("kein Titel")
    anzeige = root.get("/ViewerPreferences")
    if anzeige is None or not anzeige.get_object().get("/DisplayDocTitle"):
        befunde.append("Titel wird nicht angezeigt (/DisplayDocTitle)")
    return befunde


def struktur_tags(pdf: bytes) -> list[str]:
    """The structure types of the tagged PDF in reading order (e.g. "H1", "P", "Table")."""
    reader = PdfReader(io.BytesIO(pdf))
    baum = _wurzel(reader).get("/StructTreeRoot")
    if baum is None:
        return []
    typen: list[str] = []
    stapel: list[Any] = [baum.get_object().get("/K")]
    while stapel:
        element = stapel.pop(0)
        element = element.get_object() if isinstance(element, IndirectObject) else element
        if isinstance(element, ArrayObject):
            stapel[:0] = list(element)
        elif isinstance(element, DictionaryObject):
            if "/S" in element:
                typen.append(str(element["/S"]).lstrip("/"))
            if "/K" in element:
                stapel.insert(0, element["/K"])
    return typen
