"""Readers: untrusted xdomea 3.0.0 XML bytes → frozen dataclasses.

Every reader parses safely (no DTD, no entities, no network), checks namespace and
message type, validates against the real XSD and only then maps; anything wrong raises
``XdomeaError`` naming the element path.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from .codes import (
    NACHRICHTENTYP_BY_ELEMENT,
    NAMESPACE,
    Aussonderungsart,
    Bewertungsvorschlag,
    Medium,
    Nachrichtentyp,
    Vertraulichkeitsstufe,
)
from .errors import XdomeaError
from .model import (
    Akte,
    Aktenplaneinheit,
    Anbieteverzeichnis,
    Aufbewahrungsdauer,
    Aussonderung,
    Behoerdenkennung,
    Bewertung,
    Bewertungsverzeichnis,
    Code,
    Dokument,
    Empfangsbestaetigung,
    Format,
    Importbestaetigung,
    Importergebnis,
    Kontakt,
    Nachricht,
    Nachrichtenkopf,
    Primaerdokument,
    SendendesSystem,
    Version,
    Vorgang,
    Zeitraum,
)
from .schema import element_path, parse_xml, validate_tree

# xs:dateTime without an offset is read as German local time: the sending authority's
# clock is the only sensible reference, and the model holds aware datetimes only.
NAIVE_TIMEZONE = ZoneInfo("Europe/Berlin")


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return el.find(_q(name))


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return el.findall(_q(name))


def _fail(el: etree._Element, message: str) -> XdomeaError:
    return XdomeaError(message, path=element_path(el), line=el.sourceline)


def _str(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    child = _child(el, name)
    return None if child is None else (child.text or "")


def _convert[M](el: etree._Element | None, name: str, convert: Callable[[str], M]) -> M | None:
    if el is None:
        return None
    child = _child(el, name)
    if child is None:
        return None
    try:
        return convert((child.text or "").strip())
    except (ValueError, OverflowError) as exc:
        raise _fail(child, f"invalid value {child.text!r}: {exc}") from exc


def _to_bool(text: str) -> bool:
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise ValueError("not a boolean")


def _to_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.utcoffset() is not None else value.replace(tzinfo=NAIVE_TIMEZONE)


def _uuid(el: etree._Element, name: str) -> uuid.UUID:
    value = _convert(el, name, uuid.UUID)
    if value is None:
        raise _fail(el, f"missing {name}")
    return value


def _code(el: etree._Element | None) -> Code | None:
    if el is None:
        return None
    return Code(
        code=(el.findtext("code") or "").strip(),
        name=el.findtext("name"),
        list_uri=el.get("listURI"),
        list_version_id=el.get("listVersionID"),
    )


def _enum[E: StrEnum](el: etree._Element | None, name: str, enum: type[E]) -> E | None:
    if el is None:
        return None
    child = _child(el, name)
    if child is None:
        return None
    text = (child.findtext("code") or "").strip()
    try:
        return enum(text)
    except ValueError as exc:
        raise _fail(child, f"unknown {enum.__name__} code {text!r}") from exc


def _kontakt(el: etree._Element) -> Kontakt:
    bk = _child(el, "Behoerdenkennung")
    inst = _child(el, "Institution")
    return Kontakt(
        behoerdenkennung=None
        if bk is None
        else Behoerdenkennung(
            behoerdenschluessel=_code(_child(bk, "Behoerdenschluessel")),
            praefix=_code(_child(bk, "Praefix")),
        ),
        institution=_str(inst, "Name"),
        institution_kurzbezeichnung=_str(inst, "Kurzbezeichnung"),
        organisationseinheit=_str(_child(el, "Organisationseinheit"), "Name"),
    )


def _kopf(root: etree._Element) -> Nachrichtenkopf:
    kopf = _child(root, "Kopf")
    if kopf is None:
        raise _fail(root, "missing Kopf")
    system = _child(kopf, "SendendesSystem")
    typ = _enum(kopf, "Nachrichtentyp", Nachrichtentyp)
    zeit = _convert(kopf, "Erstellungszeitpunkt", _to_datetime)
    absender, empfaenger = _child(kopf, "Absender"), _child(kopf, "Empfaenger")
    if typ is None or zeit is None or absender is None or empfaenger is None:
        raise _fail(kopf, "incomplete Kopf")
    return Nachrichtenkopf(
        prozess_id=_uuid(kopf, "ProzessID"),
        nachrichtentyp=typ,
        erstellungszeitpunkt=zeit,
        absender=_kontakt(absender),
        empfaenger=_kontakt(empfaenger),
        sendendes_system=None
        if system is None
        else SendendesSystem(
            instanz_id=_str(system, "InstanzID"),
            produktname=_str(system, "Produktname"),
            version=_str(system, "Version"),
        ),
        hinweis=_str(kopf, "Hinweis"),
    )


def _common(el: etree._Element) -> dict[str, object]:
    """Identifikation and AllgemeineMetadaten, shared by Akte, Vorgang and Dokument."""
    ident = _child(el, "Identifikation")
    if ident is None:
        raise _fail(el, "missing Identifikation")
    meta = _child(el, "AllgemeineMetadaten")
    ape = None if meta is None else _child(meta, "Aktenplaneinheit")
    return {
        "id": _uuid(ident, "ID"),
        "nummer_im_container": _convert(ident, "NummerImUebergeordnetenContainer", int),
        "betreff": _str(meta, "Betreff"),
        "kennzeichen": _str(meta, "Kennzeichen"),
        "federfuehrung": _str(meta, "Federfuehrung"),
        "vertraulichkeitsstufe": _enum(meta, "Vertraulichkeitsstufe", Vertraulichkeitsstufe),
        "bemerkung": _str(meta, "Bemerkung"),
        "medium": _enum(meta, "Medium", Medium),
        "aktenplaneinheit": None
        if ape is None
        else Aktenplaneinheit(
            kennzeichen=_str(ape, "Kennzeichen"), inhaltsangabe=_str(ape, "Inhaltsangabe")
        ),
        "typ": _str(el, "Typ"),
    }


def _aussonderungsart(el: etree._Element | None) -> dict[str, object]:
    art = None if el is None else _child(el, "Aussonderungsart")
    return {
        "aussonderungsart": _enum(art, "Aussonderungsart", Aussonderungsart),
        "aussonderungsart_konfigurierbar": _str(art, "AussonderungsartKonfigurierbar"),
    }


def _aussonderbar(el: etree._Element) -> dict[str, object]:
    """ArchivspezifischeMetadaten, Laufzeit and zdA of Akte and Vorgang."""
    meta = _child(el, "ArchivspezifischeMetadaten")
    dauer = None if meta is None else _child(meta, "Aufbewahrungsdauer")
    aufbewahrungsdauer = None
    if dauer is not None:
        aufbewahrungsdauer = Aufbewahrungsdauer(jahre=_convert(dauer, "AnzahlJahre", int))
    laufzeit = _child(el, "Laufzeit")
    return {
        **_common(el),
        **_aussonderungsart(meta),
        "aufbewahrungsdauer": aufbewahrungsdauer,
        "archivkennung": _str(meta, "Kennung"),
        "bewertungsvorschlag": _enum(meta, "Bewertungsvorschlag", Bewertungsvorschlag),
        "aufbewahrungsende": _convert(meta, "Aufbewahrungsende", date.fromisoformat),
        "laufzeit": None
        if laufzeit is None
        else Zeitraum(
            beginn=_convert(laufzeit, "Beginn", date.fromisoformat),
            ende=_convert(laufzeit, "Ende", date.fromisoformat),
        ),
        "zda": _convert(el, "ZdA", _to_bool),
        "zda_datum": _convert(el, "ZdADatum", date.fromisoformat),
    }


def _format(el: etree._Element) -> Format:
    name, prim = _child(el, "Name"), _child(el, "Primaerdokument")
    if name is None or prim is None:
        raise _fail(el, "incomplete Format")
    return Format(
        dateiformat=(name.findtext("code") or "").strip(),
        dateiformat_list_version=name.get("listVersionID", ""),
        sonstiger_name=_str(el, "SonstigerName"),
        dateiformat_version=_str(el, "Version") or "",
        primaerdokument=Primaerdokument(
            dateiname=_str(prim, "Dateiname") or "",
            dateiname_original=_str(prim, "DateinameOriginal"),
            ersteller=_str(prim, "Ersteller"),
            datum_uhrzeit=_convert(prim, "DatumUhrzeit", _to_datetime),
        ),
    )


def _dokument(el: etree._Element) -> Dokument:
    return Dokument(
        **_common(el),  # type: ignore[arg-type]
        posteingangsdatum=_convert(el, "Posteingangsdatum", date.fromisoformat),
        postausgangsdatum=_convert(el, "Postausgangsdatum", date.fromisoformat),
        datum_des_schreibens=_convert(el, "DatumDesSchreibens", date.fromisoformat),
        bearbeiter=_str(el, "Bearbeiter"),
        versionen=tuple(
            Version(
                nummer=_str(v, "Nummer") or "",
                formate=tuple(_format(f) for f in _children(v, "Format")),
            )
            for v in _children(el, "Version")
        ),
    )


def _vorgang(el: etree._Element) -> Vorgang:
    return Vorgang(
        **_aussonderbar(el),  # type: ignore[arg-type]
        aktenbetreff=_str(el, "Aktenbetreff"),
        dokumente=tuple(_dokument(d) for d in _children(el, "Dokument")),
        teilvorgaenge=tuple(_vorgang(v) for v in _children(el, "Teilvorgang")),
    )


def _akte(el: etree._Element) -> Akte:
    inhalt = _child(el, "Akteninhalt")
    parts = (lambda name: []) if inhalt is None else (lambda name: _children(inhalt, name))
    return Akte(
        **_aussonderbar(el),  # type: ignore[arg-type]
        dokumente=tuple(_dokument(d) for d in parts("Dokument")),
        vorgaenge=tuple(_vorgang(v) for v in parts("Vorgang")),
        teilakten=tuple(_akte(a) for a in parts("Teilakte")),
    )


def _schriftgutobjekte(root: etree._Element) -> tuple[Akte | Vorgang | Dokument, ...]:
    result: list[Akte | Vorgang | Dokument] = []
    for wrapper in _children(root, "Schriftgutobjekt"):
        if (akte := _child(wrapper, "Akte")) is not None:
            result.append(_akte(akte))
        elif (vorgang := _child(wrapper, "Vorgang")) is not None:
            result.append(_vorgang(vorgang))
        elif (dokument := _child(wrapper, "Dokument")) is not None:
            result.append(_dokument(dokument))
        else:
            raise _fail(wrapper, "Schriftgutobjekt without Akte, Vorgang or Dokument")
    return tuple(result)


def _flag(root: etree._Element, name: str) -> bool:
    return bool(_convert(_child(root, "Kopf"), name, _to_bool))


def _read_0501(root: etree._Element) -> Anbieteverzeichnis:
    return Anbieteverzeichnis(
        kopf=_kopf(root),
        schriftgutobjekte=_schriftgutobjekte(root),
        empfangsbestaetigung=_flag(root, "Empfangsbestaetigung"),
    )


def _read_0502(root: etree._Element) -> Bewertungsverzeichnis:
    bewertungen = []
    for el in _children(root, "BewertetesObjekt"):
        try:
            bewertungen.append(Bewertung(id=_uuid(el, "ID"), **_aussonderungsart(el)))  # type: ignore[arg-type]
        except XdomeaError as exc:
            if exc.path is None:
                raise _fail(el, str(exc)) from exc
            raise
    return Bewertungsverzeichnis(
        kopf=_kopf(root),
        bewertungen=tuple(bewertungen),
        empfangsbestaetigung=_flag(root, "Empfangsbestaetigung"),
    )


def _read_0503(root: etree._Element) -> Aussonderung:
    return Aussonderung(
        kopf=_kopf(root),
        schriftgutobjekte=_schriftgutobjekte(root),
        rueckmeldung_archivkennung=_flag(root, "RueckmeldungArchivkennung"),
        empfangsbestaetigung=_flag(root, "Empfangsbestaetigung"),
    )


def _read_receipt(root: etree._Element) -> Empfangsbestaetigung:
    return Empfangsbestaetigung(typ=message_type(root), kopf=_kopf(root))


def _read_0506(root: etree._Element) -> Importbestaetigung:
    ergebnisse = []
    for el in _children(root, "AusgesondertesSGO"):
        codes = [_code(c) for c in _children(el, "FehlermeldungCode")]
        ergebnisse.append(
            Importergebnis(
                id=_uuid(el, "IDSGO"),
                erfolgreich=bool(_convert(el, "Erfolgreich", _to_bool)),
                fehlermeldungen=tuple(c.text or "" for c in _children(el, "Fehlermeldung")),
                fehlermeldung_codes=tuple(c for c in codes if c is not None),
                archivkennung=_str(el, "Archivkennung"),
            )
        )
    return Importbestaetigung(kopf=_kopf(root), ergebnisse=tuple(ergebnisse))


_READERS: dict[Nachrichtentyp, Callable[[etree._Element], Nachricht]] = {
    Nachrichtentyp.ANBIETEVERZEICHNIS: _read_0501,
    Nachrichtentyp.BEWERTUNGSVERZEICHNIS: _read_0502,
    Nachrichtentyp.AUSSONDERUNG: _read_0503,
    Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN: _read_receipt,
    Nachrichtentyp.BEWERTUNG_EMPFANG_BESTAETIGEN: _read_receipt,
    Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN: _read_0506,
    Nachrichtentyp.AUSSONDERUNG_EMPFANG_BESTAETIGEN: _read_receipt,
}


def message_type(root: etree._Element) -> Nachrichtentyp:
    """The message type named by the root element; ``XdomeaError`` if foreign."""
    qname = etree.QName(root)
    if qname.namespace != NAMESPACE:
        raise XdomeaError(
            f"not an xdomea 3.0.0 message: root element {qname.text} "
            f"(expected namespace {NAMESPACE})",
            path=f"/{qname.localname}",
            line=root.sourceline,
        )
    typ = NACHRICHTENTYP_BY_ELEMENT.get(qname.localname)
    if typ is None:
        raise XdomeaError(
            f"unsupported xdomea message {qname.localname}; supported: "
            + ", ".join(sorted(NACHRICHTENTYP_BY_ELEMENT)),
            path=f"/xdomea:{qname.localname}",
            line=root.sourceline,
        )
    return typ


def read_message(xml_bytes: bytes, *, schema_dir: Path | None = None) -> Nachricht:
    """Read any supported Aussonderung message (0501–0507) into its dataclass."""
    tree = parse_xml(xml_bytes)
    root = tree.getroot()
    typ = message_type(root)
    validate_tree(tree, schema_dir)
    return _READERS[typ](root)


def _read_as[M](xml_bytes: bytes, cls: type[M], schema_dir: Path | None) -> M:
    msg = read_message(xml_bytes, schema_dir=schema_dir)
    if not isinstance(msg, cls):
        raise XdomeaError(f"expected {cls.__name__}, got {type(msg).__name__}", path="/")
    return msg


def read_anbieteverzeichnis_0501(
    xml_bytes: bytes, *, schema_dir: Path | None = None
) -> Anbieteverzeichnis:
    """Read a 0501 and refuse any other message type."""
    return _read_as(xml_bytes, Anbieteverzeichnis, schema_dir)


def read_bewertungsverzeichnis_0502(
    xml_bytes: bytes, *, schema_dir: Path | None = None
) -> Bewertungsverzeichnis:
    """Read a 0502 and refuse any other message type."""
    return _read_as(xml_bytes, Bewertungsverzeichnis, schema_dir)


def read_aussonderung_0503(xml_bytes: bytes, *, schema_dir: Path | None = None) -> Aussonderung:
    """Read the XML of a 0503 (see ``read_aussonderung_zip`` for the container)."""
    return _read_as(xml_bytes, Aussonderung, schema_dir)


def read_importbestaetigung_0506(
    xml_bytes: bytes, *, schema_dir: Path | None = None
) -> Importbestaetigung:
    """Read a 0506 and refuse any other message type."""
    return _read_as(xml_bytes, Importbestaetigung, schema_dir)


def read_empfangsbestaetigung(
    xml_bytes: bytes, *, schema_dir: Path | None = None
) -> Empfangsbestaetigung:
    """Read a receipt 0504, 0505 or 0507; its type is ``result.typ``."""
    return _read_as(xml_bytes, Empfangsbestaetigung, schema_dir)
