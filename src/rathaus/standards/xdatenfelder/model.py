"""Frozen dataclasses of an XDatenfelder Stammdatenschema (versions 1.x, 2.0 and 3.0.0)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Feldart(StrEnum):
    INPUT = "input"
    SELECT = "select"
    LABEL = "label"
    HIDDEN = "hidden"
    LOCKED = "locked"


class Datentyp(StrEnum):
    TEXT = "text"
    TEXT_LATIN = "text_latin"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    BOOL = "bool"
    NUM = "num"
    NUM_INT = "num_int"
    NUM_CURRENCY = "num_currency"
    FILE = "file"
    OBJ = "obj"


@dataclass(frozen=True, slots=True)
class Anzahl:
    """Cardinality ``min:max`` of a child; ``max is None`` means unbounded (``*``)."""

    min: int
    max: int | None

    @property
    def repeatable(self) -> bool:
        return self.max is None or self.max > 1

    def __str__(self) -> str:
        return f"{self.min}:{'*' if self.max is None else self.max}"


@dataclass(frozen=True, slots=True)
class Bezug:
    """A legal reference (Rechtsbezug), with its link where the file names one."""

    text: str
    link: str = ""


@dataclass(frozen=True, slots=True)
class Praezisierung:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_value: str | None = None
    max_value: str | None = None
    max_size: int | None = None
    media_types: tuple[str, ...] = ()
    raw: str = ""  # the text as given when it could not be read (XDF1/2 free text)


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    label: str
    hilfe: str = ""
    # Further keys of the same entry from the list's other columns, as (column id, value),
    # e.g. (("iso-3", "DEU"), ("iso-2", "DE")) for 000 Deutschland (genericode.py).
    spalten: tuple[tuple[str, str], ...] = ()

    def spalte(self, name: str) -> str:
        """The value of column ``name`` (case-insensitive), or ""."""
        wanted = name.casefold()
        return next((v for k, v in self.spalten if k.casefold() == wanted), "")


@dataclass(frozen=True, slots=True)
class CodelisteReferenz:
    id: str = ""
    canonical_uri: str = ""
    version: str = ""
    canonical_version_uri: str = ""

    @property
    def label(self) -> str:
        return self.canonical_version_uri or self.canonical_uri or self.id


@dataclass(frozen=True, slots=True)
class Regel:
    id: str
    version: str
    name: str
    beschreibung: str = ""
    freitext: str = ""
    script: str = ""
    typ: str = ""
    bezug: tuple[Bezug, ...] = ()


@dataclass(frozen=True, slots=True)
class Datenfeld:
    id: str
    version: str
    name: str
    feldart: Feldart
    datentyp: Datentyp
    bezeichnung_eingabe: str = ""
    bezeichnung_ausgabe: str = ""
    beschreibung: str = ""
    definition: str = ""
    hilfetext_eingabe: str = ""
    hilfetext_ausgabe: str = ""
    freigabestatus: str = ""
    praezisierung: Praezisierung = field(default_factory=Praezisierung)
    werte: tuple[Code, ...] = ()  # inline values or the resolved genericode list
    codeliste: CodelisteReferenz | None = None
    inhalt: str = ""
    vorbefuellung: str = ""
    regeln: tuple[Regel, ...] = ()
    bezug: tuple[Bezug, ...] = ()


@dataclass(frozen=True, slots=True)
class Kind:
    """One entry of a ``struktur``: the contained element and how often it occurs."""

    anzahl: Anzahl
    element: Datenfeld | Datenfeldgruppe
    bezug: tuple[Bezug, ...] = ()


@dataclass(frozen=True, slots=True)
class Datenfeldgruppe:
    id: str
    version: str
    name: str
    bezeichnung_eingabe: str = ""
    bezeichnung_ausgabe: str = ""
    beschreibung: str = ""
    definition: str = ""
    hilfetext_eingabe: str = ""
    hilfetext_ausgabe: str = ""
    freigabestatus: str = ""
    regeln: tuple[Regel, ...] = ()
    struktur: tuple[Kind, ...] = ()
    bezug: tuple[Bezug, ...] = ()


@dataclass(frozen=True, slots=True)
class Schema:
    id: str
    version: str
    name: str
    bezeichnung: str = ""
    beschreibung: str = ""
    definition: str = ""
    hilfetext: str = ""
    freigabestatus: str = ""
    bezug: tuple[Bezug, ...] = ()
    leistungsschluessel: tuple[str, ...] = ()
    dokumentsteckbrief: str = ""
    regeln: tuple[Regel, ...] = ()
    struktur: tuple[Kind, ...] = ()


Element = Datenfeld | Datenfeldgruppe


@dataclass(frozen=True, slots=True)
class Ergebnis:
    """What a parse returns: the root, the XDF version read and non-fatal findings."""

    root: Schema | Datenfeldgruppe
    xdf_version: str
    warnings: tuple[str, ...] = ()

    @property
    def schema(self) -> Schema:
        if not isinstance(self.root, Schema):
            raise TypeError("this message holds a Datenfeldgruppe, not a Stammdatenschema")
        return self.root


def iter_elements(kinder: tuple[Kind, ...]) -> list[tuple[Kind, tuple[str, ...]]]:
    """All children depth-first with the id path of their ancestors (groups)."""
    out: list[tuple[Kind, tuple[str, ...]]] = []

    def walk(ks: tuple[Kind, ...], path: tuple[str, ...]) -> None:
        for k in ks:
            out.append((k, path))
            if isinstance(k.element, Datenfeldgruppe):
                walk(k.element.struktur, (*path, k.element.id))

    walk(kinder, ())
    return out


def all_regeln(root: Schema | Datenfeldgruppe) -> list[tuple[Regel, tuple[str, ...]]]:
    """Every rule once per distinct (id, version), with the id path of its owner."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Regel, tuple[str, ...]]] = []

    def add(regeln: tuple[Regel, ...], owner: tuple[str, ...]) -> None:
        for r in regeln:
            if (r.id, r.version) not in seen:
                seen.add((r.id, r.version))
                out.append((r, owner))

    base = () if isinstance(root, Schema) else (root.id,)
    add(root.regeln, base)
    for k, path in iter_elements(root.struktur):
        add(k.element.regeln, (*base, *path, k.element.id))
    return out
