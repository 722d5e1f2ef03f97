"""Writers: dataclasses → xdomea 3.0.0 XML bytes, each validated against the real XSD."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from lxml import etree

from .codes import DATEIFORMAT_LIST_URI, LIST_URIS, NAMESPACE, Nachrichtentyp
from .errors import XdomeaError
from .model import (
    Akte,
    Aktenplaneinheit,
    Anbieteverzeichnis,
    Aussonderung,
    Bewertungsverzeichnis,
    Code,
    Dokument,
    Empfangsbestaetigung,
    Importbestaetigung,
    Kontakt,
    Nachricht,
    Nachrichtenkopf,
    Schriftgutobjekt,
    Vorgang,
    _Aussonderbar,
    _Schriftgutobjekt,
    iter_primaerdokumente,
)
from .schema import parse_xml, validate_tree

_NSMAP = {"xdomea": NAMESPACE}


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _text(parent: etree._Element, name: str, value: Any) -> etree._Element | None:
    """Append ``<xdomea:name>value</xdomea:name>`` unless value is None."""
    if value is None:
        return None
    el = etree.SubElement(parent, _q(name))
    if isinstance(value, bool):
        el.text = "1" if value else "0"
    elif isinstance(value, datetime | date):
        el.text = value.isoformat()
    else:
        el.text = str(value)
    return el


def _code(parent: etree._Element, name: str, value: Code | None) -> None:
    if value is None:
        return
    el = etree.SubElement(parent, _q(name))
    if value.list_uri is not None:
        el.set("listURI", value.list_uri)
    if value.list_version_id is not None:
        el.set("listVersionID", value.list_version_id)
    etree.SubElement(el, "code").text = value.code
    if value.name is not None:
        etree.SubElement(el, "name").text = value.name


def _enum_code(parent: etree._Element, name: str, value: StrEnum | None) -> None:
    if value is None:
        return
    uri, version = LIST_URIS[type(value)]
    _code(parent, name, Code(code=value.value, list_uri=uri, list_version_id=version))


def _kontakt(parent: etree._Element, name: str, kontakt: Kontakt) -> None:
    el = etree.SubElement(parent, _q(name))
    if kontakt.behoerdenkennung is not None:
        bk = etree.SubElement(el, _q("Behoerdenkennung"))
        _code(bk, "Behoerdenschluessel", kontakt.behoerdenkennung.behoerdenschluessel)
        _code(bk, "Praefix", kontakt.behoerdenkennung.praefix)
    if kontakt.institution is not None or kontakt.institution_kurzbezeichnung is not None:
        inst = etree.SubElement(el, _q("Institution"))
        _text(inst, "Name", kontakt.institution)
        _text(inst, "Kurzbezeichnung", kontakt.institution_kurzbezeichnung)
    if kontakt.organisationseinheit is not None:
        oe = etree.SubElement(el, _q("Organisationseinheit"))
        _text(oe, "Name", kontakt.organisationseinheit)


def _kopf(root: etree._Element, kopf: Nachrichtenkopf, expected: Nachrichtentyp) -> etree._Element:
    if kopf.nachrichtentyp != expected:
        raise XdomeaError(
            f"Kopf.nachrichtentyp is {kopf.nachrichtentyp.value}, this writer writes "
            f"{expected.value}",
            path=f"/xdomea:{expected.element_name}/xdomea:Kopf/xdomea:Nachrichtentyp",
        )
    el = etree.SubElement(root, _q("Kopf"))
    _text(el, "ProzessID", kopf.prozess_id)
    _enum_code(el, "Nachrichtentyp", kopf.nachrichtentyp)
    _text(el, "Erstellungszeitpunkt", kopf.erstellungszeitpunkt)
    _kontakt(el, "Absender", kopf.absender)
    _kontakt(el, "Empfaenger", kopf.empfaenger)
    if kopf.sendendes_system is not None:
        system = etree.SubElement(el, _q("SendendesSystem"))
        _text(system, "InstanzID", kopf.sendendes_system.instanz_id)
        _text(system, "Produktname", kopf.sendendes_system.produktname)
        _text(system, "Version", kopf.sendendes_system.version)
    _text(el, "Hinweis", kopf.hinweis)
    return el


def _aktenplaneinheit(parent: etree._Element, value: Aktenplaneinheit | None) -> None:
    if value is None:
        return
    el = etree.SubElement(parent, _q("Aktenplaneinheit"))
    _text(el, "Kennzeichen", value.kennzeichen)
    _text(el, "Inhaltsangabe", value.inhaltsangabe)


def _identifikation_und_metadaten(el: etree._Element, obj: _Schriftgutobjekt) -> None:
    ident = etree.SubElement(el, _q("Identifikation"))
    _text(ident, "ID", obj.id)
    _text(ident, "NummerImUebergeordnetenContainer", obj.nummer_im_container)
    values = (
        obj.betreff,
        obj.kennzeichen,
        obj.federfuehrung,
        obj.vertraulichkeitsstufe,
        obj.bemerkung,
        obj.medium,
        obj.aktenplaneinheit,
    )
    if all(v is None for v in values):
        return
    meta = etree.SubElement(el, _q("AllgemeineMetadaten"))
    _text(meta, "Betreff", obj.betreff)
    _text(meta, "Kennzeichen", obj.kennzeichen)
    _text(meta, "Federfuehrung", obj.federfuehrung)
    _enum_code(meta, "Vertraulichkeitsstufe", obj.vertraulichkeitsstufe)
    _text(meta, "Bemerkung", obj.bemerkung)
    _enum_code(meta, "Medium", obj.medium)
    _aktenplaneinheit(meta, obj.aktenplaneinheit)


def _archivmetadaten(el: etree._Element, obj: _Aussonderbar) -> None:
    values = (
        obj.aufbewahrungsdauer,
        obj.aussonderungsart,
        obj.aussonderungsart_konfigurierbar,
        obj.archivkennung,
        obj.bewertungsvorschlag,
        obj.aufbewahrungsende,
    )
    if all(v is None for v in values):
        return
    meta = etree.SubElement(el, _q("ArchivspezifischeMetadaten"))
    if obj.aufbewahrungsdauer is not None:
        dauer = etree.SubElement(meta, _q("Aufbewahrungsdauer"))
        if obj.aufbewahrungsdauer.jahre is None:
            _text(dauer, "Unbefristet", True)
        else:
            _text(dauer, "AnzahlJahre", obj.aufbewahrungsdauer.jahre)
    _aussonderungsart(meta, obj.aussonderungsart, obj.aussonderungsart_konfigurierbar)
    _text(meta, "Kennung", obj.archivkennung)
    _enum_code(meta, "Bewertungsvorschlag", obj.bewertungsvorschlag)
    _text(meta, "Aufbewahrungsende", obj.aufbewahrungsende)


def _aussonderungsart(parent: etree._Element, art: StrEnum | None, konfig: str | None) -> None:
    if art is None and konfig is None:
        return
    el = etree.SubElement(parent, _q("Aussonderungsart"))
    if art is not None:
        _enum_code(el, "Aussonderungsart", art)
    else:
        _text(el, "AussonderungsartKonfigurierbar", konfig)


def _laufzeit(el: etree._Element, obj: _Aussonderbar) -> None:
    if obj.laufzeit is None:
        return
    lz = etree.SubElement(el, _q("Laufzeit"))
    _text(lz, "Beginn", obj.laufzeit.beginn)
    _text(lz, "Ende", obj.laufzeit.ende)


def _dokument(parent: etree._Element, name: str, dok: Dokument) -> None:
    el = etree.SubElement(parent, _q(name))
    _identifikation_und_metadaten(el, dok)
    _text(el, "Posteingangsdatum", dok.posteingangsdatum)
    _text(el, "Postausgangsdatum", dok.postausgangsdatum)
    _text(el, "DatumDesSchreibens", dok.datum_des_schreibens)
    _text(el, "Bearbeiter", dok.bearbeiter)
    _text(el, "Typ", dok.typ)
    for version in dok.versionen:
        v_el = etree.SubElement(el, _q("Version"))
        _text(v_el, "Nummer", version.nummer)
        for fmt in version.formate:
            f_el = etree.SubElement(v_el, _q("Format"))
            name_el = etree.SubElement(f_el, _q("Name"))
            name_el.set("listURI", DATEIFORMAT_LIST_URI)
            name_el.set("listVersionID", fmt.dateiformat_list_version)
            etree.SubElement(name_el, "code").text = fmt.dateiformat
            _text(f_el, "SonstigerName", fmt.sonstiger_name)
            _text(f_el, "Version", fmt.dateiformat_version)
            prim = fmt.primaerdokument
            p_el = etree.SubElement(f_el, _q("Primaerdokument"))
            _text(p_el, "Dateiname", prim.dateiname)
            _text(p_el, "DateinameOriginal", prim.dateiname_original)
            _text(p_el, "Ersteller", prim.ersteller)
            _text(p_el, "DatumUhrzeit", prim.datum_uhrzeit)


def _vorgang(parent: etree._Element, name: str, vorgang: Vorgang) -> None:
    el = etree.SubElement(parent, _q(name))
    _identifikation_und_metadaten(el, vorgang)
    _archivmetadaten(el, vorgang)
    _text(el, "Aktenbetreff", vorgang.aktenbetreff)
    _text(el, "Typ", vorgang.typ)
    _text(el, "ZdA", vorgang.zda)
    _text(el, "ZdADatum", vorgang.zda_datum)
    _laufzeit(el, vorgang)
    for dok in vorgang.dokumente:
        _dokument(el, "Dokument", dok)
    for teil in vorgang.teilvorgaenge:
        _vorgang(el, "Teilvorgang", teil)


def _akte(parent: etree._Element, name: str, akte: Akte) -> None:
    el = etree.SubElement(parent, _q(name))
    _identifikation_und_metadaten(el, akte)
    _archivmetadaten(el, akte)
    _text(el, "Typ", akte.typ)
    _laufzeit(el, akte)
    if akte.dokumente or akte.vorgaenge or akte.teilakten:
        inhalt = etree.SubElement(el, _q("Akteninhalt"))
        for dok in akte.dokumente:
            _dokument(inhalt, "Dokument", dok)
        for vorgang in akte.vorgaenge:
            _vorgang(inhalt, "Vorgang", vorgang)
        for teil in akte.teilakten:
            _akte(inhalt, "Teilakte", teil)
    _text(el, "ZdA", akte.zda)
    _text(el, "ZdADatum", akte.zda_datum)


def _schriftgutobjekte(root: etree._Element, objekte: tuple[Schriftgutobjekt, ...]) -> None:
    if not objekte:
        raise XdomeaError(
            "at least one Schriftgutobjekt is required",
            path=f"/xdomea:{etree.QName(root).localname}/xdomea:Schriftgutobjekt",
        )
    for obj in objekte:
        wrapper = etree.SubElement(root, _q("Schriftgutobjekt"))
        if isinstance(obj, Akte):
            _akte(wrapper, "Akte", obj)
        elif isinstance(obj, Vorgang):
            _vorgang(wrapper, "Vorgang", obj)
        else:
            _dokument(wrapper, "Dokument", obj)


def _finish(root: etree._Element, schema_dir: Path | None) -> bytes:
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    # Re-parse the serialised bytes so exactly what leaves the system is validated.
    validate_tree(parse_xml(data), schema_dir)
    return data


def _root(typ: Nachrichtentyp) -> etree._Element:
    return etree.Element(_q(typ.element_name), nsmap=_NSMAP)


def write_anbieteverzeichnis_0501(
    msg: Anbieteverzeichnis, *, schema_dir: Path | None = None
) -> bytes:
    """Write a 0501 Anbieteverzeichnis (metadata only, no primary files); XSD-validated."""
    root = _root(Nachrichtentyp.ANBIETEVERZEICHNIS)
    kopf = _kopf(root, msg.kopf, Nachrichtentyp.ANBIETEVERZEICHNIS)
    _text(kopf, "Empfangsbestaetigung", msg.empfangsbestaetigung)
    if iter_primaerdokumente(msg.schriftgutobjekte):
        raise XdomeaError(
            "an Anbieteverzeichnis carries no primary documents (Dokument.versionen)",
            path="/xdomea:Aussonderung.Anbieteverzeichnis.0501/xdomea:Schriftgutobjekt",
        )
    _schriftgutobjekte(root, msg.schriftgutobjekte)
    return _finish(root, schema_dir)


def write_bewertungsverzeichnis_0502(
    msg: Bewertungsverzeichnis, *, schema_dir: Path | None = None
) -> bytes:
    """Write a 0502 Bewertungsverzeichnis (archive side, for tests/simulation)."""
    root = _root(Nachrichtentyp.BEWERTUNGSVERZEICHNIS)
    kopf = _kopf(root, msg.kopf, Nachrichtentyp.BEWERTUNGSVERZEICHNIS)
    _text(kopf, "Empfangsbestaetigung", msg.empfangsbestaetigung)
    for bewertung in msg.bewertungen:
        el = etree.SubElement(root, _q("BewertetesObjekt"))
        _text(el, "ID", bewertung.id)
        _aussonderungsart(el, bewertung.aussonderungsart, bewertung.aussonderungsart_konfigurierbar)
    return _finish(root, schema_dir)


def write_aussonderung_0503(msg: Aussonderung, *, schema_dir: Path | None = None) -> bytes:
    """Write the XML of a 0503 Aussonderung; pack it with ``build_aussonderung_zip``."""
    root = _root(Nachrichtentyp.AUSSONDERUNG)
    kopf = _kopf(root, msg.kopf, Nachrichtentyp.AUSSONDERUNG)
    _text(kopf, "Importbestaetigung", True)
    _text(kopf, "RueckmeldungArchivkennung", msg.rueckmeldung_archivkennung)
    _text(kopf, "Empfangsbestaetigung", msg.empfangsbestaetigung)
    _schriftgutobjekte(root, msg.schriftgutobjekte)
    return _finish(root, schema_dir)


_RECEIPTS = (
    Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN,
    Nachrichtentyp.BEWERTUNG_EMPFANG_BESTAETIGEN,
    Nachrichtentyp.AUSSONDERUNG_EMPFANG_BESTAETIGEN,
)


def write_empfangsbestaetigung(
    msg: Empfangsbestaetigung, *, schema_dir: Path | None = None
) -> bytes:
    """Write a bare receipt 0504, 0505 or 0507, chosen by ``msg.typ``."""
    typ = msg.typ
    if typ not in _RECEIPTS:
        raise XdomeaError(
            f"{typ.value} is not a receipt message (0504, 0505, 0507)",
            path="/xdomea:Kopf/xdomea:Nachrichtentyp",
        )
    root = _root(typ)
    _kopf(root, msg.kopf, typ)
    return _finish(root, schema_dir)


def write_bestaetigung_0504(msg: Empfangsbestaetigung, *, schema_dir: Path | None = None) -> bytes:
    """Write 0504 AnbietungEmpfangBestaetigen: the archive confirms it received the 0501."""
    if msg.typ != Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN:
        raise XdomeaError(
            "write_bestaetigung_0504 needs typ 0504", path="/xdomea:Kopf/xdomea:Nachrichtentyp"
        )
    return write_empfangsbestaetigung(msg, schema_dir=schema_dir)


def write_importbestaetigung_0506(
    msg: Importbestaetigung, *, schema_dir: Path | None = None
) -> bytes:
    """Write 0506 AussonderungImportBestaetigen: per record taken over or not (+ Archivkennung)."""
    root = _root(Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN)
    _kopf(root, msg.kopf, Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN)
    for ergebnis in msg.ergebnisse:
        el = etree.SubElement(root, _q("AusgesondertesSGO"))
        _text(el, "IDSGO", ergebnis.id)
        _text(el, "Erfolgreich", ergebnis.erfolgreich)
        for text in ergebnis.fehlermeldungen:
            _text(el, "Fehlermeldung", text)
        for code in ergebnis.fehlermeldung_codes:
            _code(el, "FehlermeldungCode", code)
        _text(el, "Archivkennung", ergebnis.archivkennung)
    return _finish(root, schema_dir)


_WRITERS: dict[type, Callable[..., bytes]] = {
    Anbieteverzeichnis: write_anbieteverzeichnis_0501,
    Bewertungsverzeichnis: write_bewertungsverzeichnis_0502,
    Aussonderung: write_aussonderung_0503,
    Empfangsbestaetigung: write_empfangsbestaetigung,
    Importbestaetigung: write_importbestaetigung_0506,
}


def write_message(msg: Nachricht, *, schema_dir: Path | None = None) -> bytes:
    """Write any supported message; dispatches on its dataclass."""
    return _WRITERS[type(msg)](msg, schema_dir=schema_dir)
