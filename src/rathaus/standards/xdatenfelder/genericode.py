"""Read OASIS genericode 1.0 code lists and find the ones a schema refers to.

Two shapes occur (see ``../shared/data/fim/codelisten/README.md``): XRepository originals
have a ``gc:CodeList`` root whose children are unqualified, as the genericode XSD defines
them; FIM-portal exports prefix every element with ``gc:``. Children are therefore matched
by local name, whatever their namespace.

The code is the first ``Key``'s column. The text shown for a code is the column of a
``Key`` with the Id ``codenameKey``; lists without one (the Destatis and XUnternehmen
originals) name their display column in :data:`ANZEIGE_SPALTE`, keyed by canonical URI,
and anything else falls back to a name-like column (``name``, ``Bezeichnung`` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from .errors import XDatenfelderError
from .model import Code, CodelisteReferenz
from .safexml import parse_xml, read_bytes

GC_NS = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
# The largest real list (Kreis) is about 0.5 MB and 517 rows; a list past these bounds is
# no select field anyone could use, and is refused rather than stored in every form.
MAX_BYTES = 8 * 1024 * 1024
MAX_ZEILEN = 20_000

_DESTATIS = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel"
#: Display column of the lists that mark none with a ``codenameKey`` (README, "Which
#: column to show"). Used only where the list has that column (``rechtsformen`` 2 has not).
ANZEIGE_SPALTE: dict[str, str] = {
    f"{_DESTATIS}:staat": "staatenname-kurz",
    # "Hier muss die 3. Spalte der Codeliste (Staatsangehörigkeit) angezeigt werden"
    f"{_DESTATIS}:staatsangehoerigkeit": "Staatsangehoerigkeit",
    f"{_DESTATIS}:staatsgebiete": "Gebietsbezeichnung-kurz",
    f"{_DESTATIS}:kreis": "Bezeichnung",
    f"{_DESTATIS}:bundesland": "Bezeichnung",
    # always filled; Bezeichnung-kurz-1 is often empty
    "urn:xoev-de:xunternehmen:codeliste:rechtsformen": "Bezeichnung-lang",
    "urn:xoev-de:xunternehmen:codeliste:registergerichte": "Registergericht",
}
_NAMENSSPALTEN = ("name", "bezeichnung", "wert", "beschreibung")
# Columns holding another standard's key for the same entry (ISO 3166-1 alpha-2/-3 in the
# Destatis lists: "iso-2", "ISO-3", "iso-3166-alpha-2"): kept with every Code, so a value
# from elsewhere (an identity's country) can be mapped onto the list.
_SCHLUESSELSPALTE = re.compile(r"^iso[-_ ]?(?:3166[-_ ]?(?:1[-_ ]?)?)?(?:alpha[-_ ]?)?[23]$", re.I)
_GLOB_KOPF = 4096


@dataclass(frozen=True, slots=True)
class Codeliste:
    """One genericode list: identification, the codes to offer, and every row's columns."""

    canonical_uri: str
    version: str
    canonical_version_uri: str
    name: str
    werte: tuple[Code, ...]
    path: str = ""
    rows: tuple[dict[str, str], ...] = ()
    spalten: tuple[str, ...] = ()  # column ids in file order
    code_spalte: str = ""
    anzeige_spalte: str = ""

    def werte_mit(self, code_key: str = "", name_key: str = "") -> tuple[Code, ...]:
        """The values, read from the columns a Datenfeld names (codeKey/nameKey) if given."""
        if not code_key and not name_key:
            return self.werte
        code_col = code_key if code_key in self.spalten else self.code_spalte
        name_col = name_key if name_key in self.spalten else self.anzeige_spalte
        if (code_col, name_col) == (self.code_spalte, self.anzeige_spalte):
            return self.werte
        return _codes(self.rows, code_col, name_col, self.spalten)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _kinder(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _kind(el: etree._Element, name: str, path: str) -> etree._Element:
    found = _kinder(el, name)
    if not found:
        raise XDatenfelderError(f"{path}/{name}", "missing required element")
    if len(found) > 1:
        raise XDatenfelderError(f"{path}/{name}[2]", f"element {name!r} may occur only once")
    return found[0]


def _text(el: etree._Element, name: str) -> str:
    found = _kinder(el, name)
    return (found[0].text or "").strip() if found else ""


def _anzeige(spalten: list[str], code_col: str, canonical_uri: str, codename: str) -> str:
    if codename:
        return codename
    table = ANZEIGE_SPALTE.get(canonical_uri)
    if table in spalten:
        return table
    rest = [c for c in spalten if c != code_col]
    for wanted in _NAMENSSPALTEN:
        for c in rest:
            if c.lower() == wanted:
                return c
    for c in rest:
        if "name" in c.lower() or "bezeichnung" in c.lower():
            return c
    return rest[0] if rest else code_col


def _codes(
    rows: tuple[dict[str, str], ...], code_col: str, name_col: str, spalten: tuple[str, ...]
) -> tuple[Code, ...]:
    """Codes with their display text; a text that recurs in the list gets its code
    appended ("Rosenheim (09163)", "Rosenheim (09187)"), so every choice reads differently."""
    labels = [r.get(name_col, "") for r in rows]
    seen: dict[str, int] = {}
    for text in labels:
        seen[text] = seen.get(text, 0) + 1
    extra = tuple(c for c in spalten if _SCHLUESSELSPALTE.match(c))
    out = []
    for r, text in zip(rows, labels, strict=True):
        code = r.get(code_col, "")
        if text and seen[text] > 1 and name_col != code_col:
            text = f"{text} ({code})"
        schluessel = tuple((c, r[c]) for c in extra if r.get(c))
        out.append(Code(code=code, label=text, spalten=schluessel))
    return tuple(out)


def _columns(column_set: etree._Element, path: str) -> list[str]:
    spalten: list[str] = []
    for i, col in enumerate(_kinder(column_set, "Column"), 1):
        cid = (col.get("Id") or "").strip()
        if not cid:
            raise XDatenfelderError(f"{path}/Column[{i}]/@Id", "missing column id")
        if cid in spalten:
            raise XDatenfelderError(f"{path}/Column[{i}]/@Id", f"column {cid!r} declared twice")
        spalten.append(cid)
    if not spalten:
        raise XDatenfelderError(f"{path}/Column", "missing required element")
    return spalten


def _keys(column_set: etree._Element, spalten: list[str], path: str) -> tuple[str, str]:
    """(code column, column of a ``codenameKey`` or "")."""
    keys: list[tuple[str, str]] = []
    for i, key in enumerate(_kinder(column_set, "Key"), 1):
        refs = _kinder(key, "ColumnRef")
        where = f"{path}/Key[{i}]/ColumnRef"
        if not refs:
            raise XDatenfelderError(where, "missing required element")
        ref = (refs[0].get("Ref") or "").strip()
        if ref not in spalten:
            raise XDatenfelderError(where, f"key names column {ref!r}, which is not declared")
        keys.append(((key.get("Id") or "").strip(), ref))
    codename = next((ref for kid, ref in keys if kid == "codenameKey"), "")
    code_col = next((ref for kid, ref in keys if kid == "codeKey"), "") or next(
        (ref for kid, ref in keys if kid != "codenameKey"), spalten[0]
    )
    return code_col, codename


def _rows(liste: etree._Element, spalten: list[str], code_col: str, path: str) -> list[dict]:
    rows: list[dict[str, str]] = []
    first: dict[str, int] = {}
    for i, row in enumerate(_kinder(liste, "Row"), 1):
        where = f"{path}/Row[{i}]"
        if i > MAX_ZEILEN:
            raise XDatenfelderError(path, f"more than {MAX_ZEILEN} rows")
        values: dict[str, str] = {}
        pos = -1
        for j, v in enumerate(_kinder(row, "Value"), 1):
            ref = v.get("ColumnRef")
            # genericode: a Value without ColumnRef belongs to the column after the last one
            pos = spalten.index(ref) if ref in spalten else pos + 1
            if ref is not None and ref not in spalten:
                raise XDatenfelderError(f"{where}/Value[{j}]", f"unknown column {ref!r}")
            if pos >= len(spalten):
                raise XDatenfelderError(f"{where}/Value[{j}]", "more values than columns")
            if spalten[pos] in values:
                raise XDatenfelderError(f"{where}/Value[{j}]", f"column {spalten[pos]!r} twice")
            values[spalten[pos]] = _text(v, "SimpleValue")
        code = values.get(code_col, "")
        if not code:
            raise XDatenfelderError(where, f"no value in the code column {code_col!r}")
        if code in first:
            raise XDatenfelderError(
                where, f"code {code!r} occurs again (first in Row[{first[code]}])"
            )
        first[code] = i
        rows.append(values)
    return rows


def read_genericode(data: bytes, *, path: str = "") -> Codeliste:
    """One genericode document, in either shape; raises :class:`XDatenfelderError` naming
    the element path for anything a select field could not be built from."""
    root = parse_xml(data).getroot()
    if etree.QName(root).namespace != GC_NS or _local(root) != "CodeList":
        raise XDatenfelderError(f"/{root.tag}", "not a genericode CodeList")
    top = "/CodeList"
    ident = _kind(root, "Identification", top)
    where = f"{top}/Identification"
    for required in ("CanonicalUri", "CanonicalVersionUri"):
        if not _text(ident, required):
            raise XDatenfelderError(f"{where}/{required}", "missing required element")
    canonical_uri = _text(ident, "CanonicalUri")
    column_set = _kind(root, "ColumnSet", top)
    spalten = _columns(column_set, f"{top}/ColumnSet")
    code_col, codename = _keys(column_set, spalten, f"{top}/ColumnSet")
    anzeige = _anzeige(spalten, code_col, canonical_uri, codename)
    liste = _kind(root, "SimpleCodeList", top)
    rows = tuple(_rows(liste, spalten, code_col, f"{top}/SimpleCodeList"))
    return Codeliste(
        canonical_uri=canonical_uri,
        version=_text(ident, "Version"),
        canonical_version_uri=_text(ident, "CanonicalVersionUri"),
        name=_text(ident, "ShortName"),
        werte=_codes(rows, code_col, anzeige, tuple(spalten)),
        path=path,
        rows=rows,
        spalten=tuple(spalten),
        code_spalte=code_col,
        anzeige_spalte=anzeige,
    )


# -- versions ------------------------------------------------------------------------------


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order "2" < "2.3" < "2.4" < "14" and "2023-02-24" < "2024-08-01"."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[-._]", version))


def _datum(version: str) -> date | None:
    try:
        return date.fromisoformat(version)
    except ValueError:
        return None


def _naechste(lists: list[Codeliste], version: str) -> Codeliste:
    """The version nearest to ``version``: for dates the fewest days apart (the newer on a
    tie), otherwise the next newer one, else the newest older one."""
    gesucht = _datum(version)
    tage = {cl.version: _datum(cl.version) for cl in lists}
    if gesucht is not None and all(tage.values()):

        def abstand(cl: Codeliste) -> tuple[int, bool]:
            am = tage[cl.version] or gesucht
            return abs((am - gesucht).days), am < gesucht

        return min(lists, key=abstand)
    key = _version_key(version)
    neuer = sorted((cl for cl in lists if _version_key(cl.version) > key), key=_versions)
    return neuer[0] if neuer else max(lists, key=_versions)


def _versions(cl: Codeliste) -> tuple[tuple[int, int | str], ...]:
    return _version_key(cl.version)


# -- looking lists up ----------------------------------------------------------------------

_CACHE: dict[tuple[str, int, int], Codeliste | XDatenfelderError] = {}
_CACHE_MAX = 256


def _read_file(p: Path) -> Codeliste:
    """A file's list, read once per (path, mtime, size): an import of many schemas reads
    each list once."""
    st = p.stat()
    key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(key)
    if hit is None:
        try:
            hit = read_genericode(read_bytes(p, max_bytes=MAX_BYTES), path=str(p))
        except XDatenfelderError as exc:
            hit = exc
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[key] = hit
    if isinstance(hit, XDatenfelderError):
        raise hit
    return hit


def _is_genericode(p: Path) -> bool:
    try:
        with p.open("rb") as fh:
            return GC_NS.encode() in fh.read(_GLOB_KOPF)
    except OSError:
        return False


class CodelistenVerzeichnis:
    """Genericode files found in some directories, indexed lazily on first lookup.

    A file that is no usable list is named in :attr:`problems` (with its element path)
    and otherwise ignored.
    """

    def __init__(self, dirs: list[Path]) -> None:
        self._dirs = list(dict.fromkeys(dirs))
        self._lists: list[Codeliste] | None = None
        self.problems: list[str] = []

    @property
    def listen(self) -> list[Codeliste]:
        """Every usable list of the directories, read on first use."""
        if self._lists is None:
            self._lists = []
            for d in self._dirs:
                for p in sorted(d.glob("*.xml")) if d.is_dir() else ():
                    if not _is_genericode(p):
                        continue
                    try:
                        self._lists.append(_read_file(p))
                    except (XDatenfelderError, OSError) as exc:
                        self.problems.append(f"code list file {p.name}: {exc}")
        return self._lists

    def resolve(self, ref: CodelisteReferenz) -> tuple[Codeliste | None, str]:
        """The list ``ref`` names, and a warning when another version stands in for it.

        In this order: the exact ``canonicalVersionUri``; the same canonical URI and
        version; for an unversioned reference the newest version of its canonical URI;
        a list file named after the reference's id (XDF 2 exports); for a versioned
        reference whose version is missing, the nearest version of the same canonical
        URI, with a warning naming both versions.
        """
        lists = self.listen
        vuri = ref.canonical_version_uri
        for cl in lists:
            if vuri and cl.canonical_version_uri == vuri:
                return cl, ""
        uri = ref.canonical_uri
        version = ref.version
        if not uri and vuri and version and vuri.endswith(f"_{version}"):
            uri = vuri[: -len(version) - 1]
        gleiche = [cl for cl in lists if uri and cl.canonical_uri == uri]
        if version:
            for cl in gleiche:
                if cl.version == version:
                    return cl, ""
        elif gleiche and (not vuri or vuri == uri):
            return max(gleiche, key=_versions), ""
        for cl in lists:
            if ref.id and Path(cl.path).name.startswith(f"{ref.id}_"):
                return cl, ""
        if version and gleiche:
            cl = _naechste(gleiche, version)
            return cl, (
                f"code list {uri} version {version} not found; the nearest version "
                f"{cl.version} ({cl.canonical_version_uri}) is used instead"
            )
        return None, ""

    def find(self, ref: CodelisteReferenz) -> Codeliste | None:
        return self.resolve(ref)[0]
