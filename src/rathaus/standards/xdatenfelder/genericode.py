"""Read OASIS genericode 1.0 code lists and find the ones a schema refers to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import XDatenfelderError
from .model import Code, CodelisteReferenz
from .safexml import parse_xml, read_bytes

GC_NS = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
_GC = f"{{{GC_NS}}}"


@dataclass(frozen=True, slots=True)
class Codeliste:
    canonical_uri: str
    version: str
    canonical_version_uri: str
    name: str
    werte: tuple[Code, ...]
    path: str = ""
    rows: tuple[dict[str, str], ...] = ()

    def werte_mit(self, code_key: str = "", name_key: str = "") -> tuple[Code, ...]:
        """The values, read from the columns a Datenfeld names (codeKey/nameKey) if given."""
        if not code_key and not name_key:
            return self.werte
        if not self.rows or (code_key and code_key not in self.rows[0]):
            return self.werte
        return tuple(
            Code(
                code=r.get(code_key, "") if code_key else w.code,
                label=r.get(name_key, "") if name_key else w.label,
            )
            for r, w in zip(self.rows, self.werte, strict=True)
        )


def _label_column(columns: list[str], code_col: str) -> str:
    rest = [c for c in columns if c != code_col]
    for c in rest:
        if c.lower() in {"name", "wert", "bezeichnung", "beschreibung"}:
            return c
    for c in rest:
        if "name" in c.lower():
            return c
    return rest[0] if rest else code_col


def read_genericode(data: bytes, *, path: str = "") -> Codeliste:
    """One genericode document; code = first key column, label = the name-like column."""
    root = parse_xml(data).getroot()
    if root.tag != f"{_GC}CodeList":
        raise XDatenfelderError(f"/{root.tag}", "not a genericode CodeList")
    ident = root.find(f"{_GC}Identification")
    if ident is None:
        raise XDatenfelderError("/gc:CodeList/Identification", "missing required element")
    columns = [c.get("Id", "") for c in root.iterfind(f"{_GC}ColumnSet/{_GC}Column")]
    key_ref = root.find(f"{_GC}ColumnSet/{_GC}Key/{_GC}ColumnRef")
    code_col = key_ref.get("Ref", "") if key_ref is not None else (columns[0] if columns else "")
    label_col = _label_column(columns, code_col)
    werte: list[Code] = []
    rows: list[dict[str, str]] = []
    for row in root.iterfind(f"{_GC}SimpleCodeList/{_GC}Row"):
        values = {
            v.get("ColumnRef", ""): (v.findtext(f"{_GC}SimpleValue") or "").strip()
            for v in row.iterfind(f"{_GC}Value")
        }
        rows.append(values)
        werte.append(Code(code=values.get(code_col, ""), label=values.get(label_col, "")))
    return Codeliste(
        canonical_uri=(ident.findtext(f"{_GC}CanonicalUri") or "").strip(),
        version=(ident.findtext(f"{_GC}Version") or "").strip(),
        canonical_version_uri=(ident.findtext(f"{_GC}CanonicalVersionUri") or "").strip(),
        name=(ident.findtext(f"{_GC}ShortName") or "").strip(),
        werte=tuple(werte),
        path=path,
        rows=tuple(rows),
    )


class CodelistenVerzeichnis:
    """Genericode files found in some directories, indexed lazily on first lookup."""

    def __init__(self, dirs: list[Path]) -> None:
        self._dirs = dirs
        self._lists: list[Codeliste] | None = None
        self.problems: list[str] = []

    def _load(self) -> list[Codeliste]:
        if self._lists is None:
            self._lists = []
            for d in self._dirs:
                for p in sorted(d.glob("*.xml")):
                    try:
                        head = p.open("rb").read(2048)
                    except OSError:
                        continue
                    if GC_NS.encode() not in head:
                        continue
                    try:
                        self._lists.append(read_genericode(read_bytes(p), path=str(p)))
                    except XDatenfelderError as exc:
                        self.problems.append(f"{p.name}: {exc}")
        return self._lists

    def find(self, ref: CodelisteReferenz) -> Codeliste | None:
        lists = self._load()
        for cl in lists:
            if ref.canonical_version_uri and cl.canonical_version_uri == ref.canonical_version_uri:
                return cl
        for cl in lists:
            same_version = not ref.version or cl.version == ref.version
            if ref.canonical_uri and cl.canonical_uri == ref.canonical_uri and same_version:
                return cl
        for cl in lists:
            if ref.id and Path(cl.path).name.startswith(f"{ref.id}_"):
                return cl
        return None
