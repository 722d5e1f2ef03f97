"""Read XDatenfelder 1.x/2.0/3.0.0 messages (Stammdatenschema, Datenfeldgruppe) into dataclasses."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree

from .errors import XDatenfelderError
from .genericode import CodelistenVerzeichnis
from .model import (
    Anzahl,
    Bezug,
    Code,
    CodelisteReferenz,
    Datenfeld,
    Datenfeldgruppe,
    Datentyp,
    Ergebnis,
    Feldart,
    Kind,
    Praezisierung,
    Regel,
    Schema,
)
from .safexml import MAX_BYTES, Source, parse_xml, read_bytes

NAMESPACES = {
    "urn:xoev-de:fim:standard:xdatenfelder_3.0.0": "3.0.0",
    "urn:xoev-de:fim:standard:xdatenfelder_2": "2.0",
    "urn:xoev-de:fim:standard:xdatenfelder_1": "1.x",
}
_FREIGABESTATUS_V3 = {str(i) for i in range(1, 8)}
_STATUS_V12 = {"aktiv", "inVorbereitung", "inaktiv"}
_ANZAHL = re.compile(r"^\s*(\d+)\s*:\s*(\d+|\*)\s*$")
_LEIKA = re.compile(r"\b99\d{12}\b")

# Children each element may have: name -> may repeat. Anything else is an error, as in the XSD.
_COMMON = {
    "identifikation": False, "id": False, "version": False, "name": False,
    "beschreibung": False, "definition": False, "bezug": True, "freigabestatus": False,
    "status": False, "statusGesetztAm": False, "statusGesetztDurch": False,
    "versionshinweis": False, "gueltigAb": False, "gueltigBis": False,
    "veroeffentlichungsdatum": False, "letzteAenderung": False, "stichwort": True,
    "fachlicherErsteller": False, "freigabedatum": False, "relation": True,
    "bezeichnungEingabe": False, "bezeichnungAusgabe": False, "schemaelementart": False,
    "hilfetextEingabe": False, "hilfetextAusgabe": False, "regel": True,
}  # fmt: skip
_SCHEMA = {
    **_COMMON, "bezeichnung": False, "hilfetext": False, "dokumentsteckbrief": False,
    "ableitungsmodifikationenStruktur": False, "ableitungsmodifikationenRepraesentation": False,
    "struktur": True,
}  # fmt: skip
_GRUPPE = {**_COMMON, "art": False, "struktur": True}
_FELD = {
    **_COMMON, "feldart": False, "datentyp": False, "praezisierung": False,
    "codelisteReferenz": False, "codeliste": False, "werte": False, "inhalt": False,
    "vorbefuellung": False, "maxSize": False, "mediaType": True,
    "codeKey": False, "nameKey": False, "helpKey": False,
}  # fmt: skip
_REGEL = {
    **_COMMON, "freitextRegel": False, "script": False, "skript": False, "typ": False,
    "param": True, "ziel": True, "fehler": True,
}  # fmt: skip
_STRUKTUR = {"anzahl": False, "bezug": True, "enthaelt": False}
_IDENT = {"id": False, "version": False}
_WERT = {"code": False, "name": False, "hilfe": False}
_CODELISTE_V1 = {**_COMMON, "kennung": False, "langname": False}
_CL_REF = {
    "identifikation": False, "genericodeIdentification": False, "canonicalIdentification": False,
    "version": False, "canonicalVersionUri": False,
}  # fmt: skip
_GC_IDENT = {"canonicalIdentification": False, "version": False, "canonicalVersionUri": False}

Kids = dict[str, list[etree._Element]]


def _path(el: etree._Element) -> str:
    return str(el.getroottree().getpath(el))


def _fail(el: etree._Element, message: str, *, missing: str = "") -> XDatenfelderError:
    """An error for ``el`` (or for its missing child ``missing``) with path and line."""
    path = _path(el)
    if missing:
        prefix = el.prefix
        path = f"{path}/{prefix + ':' if prefix else ''}{missing}"
    line = f" (line {el.sourceline})" if el.sourceline else ""
    return XDatenfelderError(path, f"{message}{line}")


def _is_empty(el: etree._Element) -> bool:
    return not (el.text or "").strip() and len(el) == 0 and not el.attrib


class _Reader:
    def __init__(self, ns: str, codelisten: CodelistenVerzeichnis) -> None:
        self.ns = ns
        self.version = NAMESPACES[ns]
        self.prefix = f"{{{ns}}}"
        self.codelisten = codelisten
        self.warnings: list[str] = []
        self.seen: dict[tuple[str, str], tuple[Datenfeld | Datenfeldgruppe, str]] = {}

    # -- generic helpers -------------------------------------------------------------
    def kids(
        self, el: etree._Element, allowed: dict[str, bool], required: tuple[str, ...] = ()
    ) -> Kids:
        out: Kids = {}
        plen = len(self.prefix)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if not tag.startswith(self.prefix):
                raise _fail(child, f"unexpected element {tag}")
            name = tag[plen:]
            multi = allowed.get(name)
            if multi is None:
                raise _fail(child, f"unexpected element {name!r}")
            lst = out.setdefault(name, [])
            if lst and not multi:
                # An empty placeholder followed by the real value is tolerated (seen in
                # XDF3 exports); any other repetition of a single-valued element is not.
                if _is_empty(lst[0]) and not _is_empty(child):
                    lst[0] = child
                    continue
                raise _fail(child, f"element {name!r} may occur only once")
            lst.append(child)
        for name in required:
            if name not in out:
                raise _fail(el, "missing required element", missing=name)
        return out

    @staticmethod
    def text(kids: Kids, name: str) -> str:
        els = kids.get(name)
        return (els[0].text or "").strip() if els else ""

    @staticmethod
    def code(kids: Kids, name: str) -> str:
        els = kids.get(name)
        if not els:
            return ""
        for c in els[0]:
            if isinstance(c.tag, str) and etree.QName(c).localname == "code":
                return (c.text or "").strip()
        return ""

    def bezuege(self, kids: Kids) -> tuple[Bezug, ...]:
        out = []
        for b in kids.get("bezug", ()):
            t = (b.text or "").strip()
            if t and t != "-":
                out.append(Bezug(text=t, link=b.get("link", "")))
        return tuple(out)

    def ident(self, el: etree._Element, kids: Kids) -> tuple[str, str]:
        if "identifikation" in kids:
            ik = self.kids(kids["identifikation"][0], _IDENT, ("id",))
            id_el = ik["id"][0]
            version = self.text(ik, "version")
        elif "id" in kids:
            id_el, version = kids["id"][0], self.text(kids, "version")
        else:
            raise _fail(el, "missing required element", missing="identifikation")
        ident = (id_el.text or "").strip()
        if not ident:
            raise _fail(id_el, "empty id")
        return ident, version

    def status(self, kids: Kids) -> str:
        if self.version == "3.0.0":
            if "freigabestatus" not in kids:
                return ""
            value = self.code(kids, "freigabestatus")
            if value not in _FREIGABESTATUS_V3:
                raise _fail(kids["freigabestatus"][0], f"unknown freigabestatus {value!r}")
            return value
        if "status" not in kids:
            return ""
        value = self.code(kids, "status")
        if value not in _STATUS_V12:
            raise _fail(kids["status"][0], f"unknown status {value!r}")
        return value

    def required_name(self, el: etree._Element, kids: Kids) -> str:
        if "name" not in kids:
            raise _fail(el, "missing required element", missing="name")
        return self.text(kids, "name")

    # -- elements --------------------------------------------------------------------
    def regel(self, el: etree._Element) -> Regel:
        k = self.kids(el, _REGEL)
        rid, version = self.ident(el, k)
        freitext = self.text(k, "freitextRegel") or (
            self.text(k, "definition") if self.version != "3.0.0" else ""
        )
        return Regel(
            id=rid,
            version=version,
            name=self.required_name(el, k),
            beschreibung=self.text(k, "beschreibung"),
            freitext=freitext,
            script=self.text(k, "skript") or self.text(k, "script"),
            typ=self.code(k, "typ"),
            bezug=self.bezuege(k),
        )

    def regeln(self, kids: Kids) -> tuple[Regel, ...]:
        return tuple(self.regel(r) for r in kids.get("regel", ()))

    def struktur(self, kids: Kids) -> tuple[Kind, ...]:
        out = []
        for s in kids.get("struktur", ()):
            sk = self.kids(s, _STRUKTUR, ("anzahl", "enthaelt"))
            anzahl = self.anzahl(sk["anzahl"][0])
            enthaelt = sk["enthaelt"][0]
            inner = [c for c in enthaelt if isinstance(c.tag, str)]
            if len(inner) != 1:
                raise _fail(enthaelt, "must contain exactly one element")
            c = inner[0]
            if c.tag == f"{self.prefix}datenfeld":
                element: Datenfeld | Datenfeldgruppe = self.datenfeld(c)
            elif c.tag == f"{self.prefix}datenfeldgruppe":
                element = self.datenfeldgruppe(c)
            else:
                raise _fail(c, f"unexpected element {c.tag}")
            out.append(Kind(anzahl=anzahl, element=element, bezug=self.bezuege(sk)))
        return tuple(out)

    def anzahl(self, el: etree._Element) -> Anzahl:
        m = _ANZAHL.match(el.text or "")
        if not m:
            raise _fail(el, f"anzahl {el.text!r} is not 'min:max'")
        lo, hi = int(m.group(1)), None if m.group(2) == "*" else int(m.group(2))
        if hi is not None and hi < lo:
            raise _fail(el, f"anzahl {el.text!r}: max is below min")
        return Anzahl(lo, hi)

    def register(self, el: etree._Element, obj: Datenfeld | Datenfeldgruppe) -> None:
        key = (obj.id, obj.version)
        prev = self.seen.get(key)
        if prev is None:
            self.seen[key] = (obj, _path(el))
        elif prev[0] != obj:
            raise _fail(el, f"{obj.id} version {obj.version!r} conflicts with {prev[1]}")

    def datenfeldgruppe(self, el: etree._Element) -> Datenfeldgruppe:
        k = self.kids(el, _GRUPPE)
        gid, version = self.ident(el, k)
        obj = Datenfeldgruppe(
            id=gid,
            version=version,
            name=self.required_name(el, k),
            bezeichnung_eingabe=self.text(k, "bezeichnungEingabe"),
            bezeichnung_ausgabe=self.text(k, "bezeichnungAusgabe"),
            beschreibung=self.text(k, "beschreibung"),
            definition=self.text(k, "definition"),
            hilfetext_eingabe=self.text(k, "hilfetextEingabe"),
            hilfetext_ausgabe=self.text(k, "hilfetextAusgabe"),
            freigabestatus=self.status(k),
            regeln=self.regeln(k),
            struktur=self.struktur(k),
            bezug=self.bezuege(k),
        )
        self.register(el, obj)
        return obj

    def datenfeld(self, el: etree._Element) -> Datenfeld:
        k = self.kids(el, _FELD, ("feldart", "datentyp"))
        fid, version = self.ident(el, k)
        feldart = self.enum(Feldart, k, "feldart")
        datentyp = self.enum(Datentyp, k, "datentyp")
        werte, ref = self.codes(fid, k)
        obj = Datenfeld(
            id=fid,
            version=version,
            name=self.required_name(el, k),
            feldart=feldart,
            datentyp=datentyp,
            bezeichnung_eingabe=self.text(k, "bezeichnungEingabe"),
            bezeichnung_ausgabe=self.text(k, "bezeichnungAusgabe"),
            beschreibung=self.text(k, "beschreibung"),
            definition=self.text(k, "definition"),
            hilfetext_eingabe=self.text(k, "hilfetextEingabe"),
            hilfetext_ausgabe=self.text(k, "hilfetextAusgabe"),
            freigabestatus=self.status(k),
            praezisierung=self.praezisierung(fid, k),
            werte=werte,
            codeliste=ref,
            inhalt=self.text(k, "inhalt"),
            vorbefuellung=self.code(k, "vorbefuellung"),
            regeln=self.regeln(k),
            bezug=self.bezuege(k),
        )
        self.register(el, obj)
        return obj

    def enum[E: (Feldart, Datentyp)](self, cls: type[E], kids: Kids, name: str) -> E:
        value = self.code(kids, name)
        try:
            return cls(value)
        except ValueError:
            raise _fail(kids[name][0], f"unknown {name} {value!r}") from None

    def praezisierung(self, fid: str, kids: Kids) -> Praezisierung:
        max_size = self.text(kids, "maxSize")
        media = tuple((m.text or "").strip() for m in kids.get("mediaType", ()))
        size = int(max_size) if max_size.isdigit() else None
        els = kids.get("praezisierung")
        if not els:
            return Praezisierung(max_size=size, media_types=media)
        el = els[0]
        values: dict[str, str] = {k: v for k, v in el.attrib.items() if isinstance(k, str)}
        raw = (el.text or "").strip()
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                values.update({str(k): str(v) for k, v in parsed.items() if v is not None})
                raw = ""
            else:
                self.warnings.append(f"{fid}: praezisierung {raw!r} is not JSON, kept as text")
        try:
            return Praezisierung(
                min_length=_int(values.get("minLength")),
                max_length=_int(values.get("maxLength")),
                pattern=values.get("pattern") or None,
                min_value=values.get("minValue") or None,
                max_value=values.get("maxValue") or None,
                raw=raw,
                max_size=size,
                media_types=media,
            )
        except ValueError as exc:
            raise _fail(el, f"praezisierung: {exc}") from None

    def codes(self, fid: str, kids: Kids) -> tuple[tuple[Code, ...], CodelisteReferenz | None]:
        if "werte" in kids:
            werte = []
            for w in kids["werte"][0]:
                if not isinstance(w.tag, str):
                    continue
                wk = self.kids(w, _WERT, ("code",))
                werte.append(
                    Code(self.text(wk, "code"), self.text(wk, "name"), self.text(wk, "hilfe"))
                )
            return tuple(werte), None
        ref = None
        if "codelisteReferenz" in kids:
            ck = self.kids(kids["codelisteReferenz"][0], _CL_REF)
            cid = ""
            if "identifikation" in ck:
                cid = self.text(self.kids(ck["identifikation"][0], _IDENT), "id")
            if "genericodeIdentification" in ck:
                ck = self.kids(ck["genericodeIdentification"][0], _GC_IDENT)
            ref = CodelisteReferenz(
                id=cid,
                canonical_uri=self.text(ck, "canonicalIdentification"),
                version=self.text(ck, "version"),
                canonical_version_uri=self.text(ck, "canonicalVersionUri"),
            )
        elif "codeliste" in kids:
            ck = self.kids(kids["codeliste"][0], _CODELISTE_V1)
            ref = CodelisteReferenz(
                id=self.text(ck, "id"),
                canonical_uri=self.text(ck, "kennung"),
                version=self.text(ck, "version"),
            )
        if ref is None or not ref.label:
            return (), None
        found, hinweis = self.codelisten.resolve(ref)
        if found is None:
            self.warnings.append(f"{fid}: code list {ref.label} not found; the field takes text")
            return (), ref
        if hinweis:
            self.warnings.append(f"{fid}: {hinweis}")
        return found.werte_mit(self.text(kids, "codeKey"), self.text(kids, "nameKey")), ref

    def schema(self, el: etree._Element) -> Schema:
        k = self.kids(el, _SCHEMA)
        sid, version = self.ident(el, k)
        beschreibung = self.text(k, "beschreibung")
        steckbrief = ""
        if "dokumentsteckbrief" in k:
            steckbrief = self.text(self.kids(k["dokumentsteckbrief"][0], _IDENT), "id")
        keys = dict.fromkeys(_LEIKA.findall(f"{beschreibung}\n{self.text(k, 'definition')}"))
        return Schema(
            id=sid,
            version=version,
            name=self.required_name(el, k),
            bezeichnung=self.text(k, "bezeichnung") or self.text(k, "bezeichnungEingabe"),
            beschreibung=beschreibung,
            definition=self.text(k, "definition"),
            hilfetext=self.text(k, "hilfetext"),
            freigabestatus=self.status(k),
            bezug=self.bezuege(k),
            leistungsschluessel=tuple(keys),
            dokumentsteckbrief=steckbrief,
            regeln=self.regeln(k),
            struktur=self.struktur(k),
        )


def _int(value: str | None) -> int | None:
    if value is None or value.strip() == "":
        return None
    return int(value.strip())


def _codelist_dirs(source: Source, extra: tuple[Path, ...]) -> list[Path]:
    dirs = list(extra)
    if not isinstance(source, bytes):
        here = Path(source).resolve().parent
        dirs.append(here)
        for cand in (here / "code_lists", here.parent / "code_lists"):
            if cand.is_dir():
                dirs.append(cand)
    return dirs


def parse(
    source: Source,
    *,
    codelist_dirs: tuple[str | Path, ...] = (),
    max_bytes: int = MAX_BYTES,
) -> Ergebnis:
    """Parse an XDatenfelder message (Stammdatenschema or Datenfeldgruppe, XDF 1.x/2.0/3.0.0).

    The version is taken from the root namespace. Genericode lists are looked up in
    ``codelist_dirs``, next to the file and in a ``code_lists`` folder beside it; a list
    that cannot be found, or only in another version, becomes a warning. Raises
    :class:`XDatenfelderError` naming the element path for anything malformed.
    """
    tree = parse_xml(read_bytes(source, max_bytes=max_bytes))
    root = tree.getroot()
    ns = etree.QName(root).namespace or ""
    if ns not in NAMESPACES:
        raise _fail(root, f"unknown namespace {ns!r}")
    verzeichnis = CodelistenVerzeichnis(_codelist_dirs(source, tuple(map(Path, codelist_dirs))))
    reader = _Reader(ns, verzeichnis)
    kids = reader.kids(root, {"header": False, "stammdatenschema": False, "datenfeldgruppe": False})
    result: Schema | Datenfeldgruppe
    if "stammdatenschema" in kids:
        result = reader.schema(kids["stammdatenschema"][0])
    elif "datenfeldgruppe" in kids:
        result = reader.datenfeldgruppe(kids["datenfeldgruppe"][0])
    else:
        raise _fail(root, "missing required element", missing="stammdatenschema")
    warnings = list(dict.fromkeys(reader.warnings + verzeichnis.problems))
    return Ergebnis(root=result, xdf_version=reader.version, warnings=tuple(warnings))


def parse_schema(
    source: Source,
    *,
    codelist_dirs: tuple[str | Path, ...] = (),
    max_bytes: int = MAX_BYTES,
) -> Ergebnis:
    """Like :func:`parse`, but the message must hold a Stammdatenschema."""
    result = parse(source, codelist_dirs=codelist_dirs, max_bytes=max_bytes)
    if not isinstance(result.root, Schema):
        raise XDatenfelderError("/", "the message holds no stammdatenschema")
    return result
