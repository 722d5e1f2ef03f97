"""Import of the OZG/LeiKa catalogue (NRW OZG-Datenbank CSV export).

Reads all four files completely and checks them before anything is written; the write is
one transaction, so a malformed file changes nothing. Rows are matched by their source id,
so a second run of the same files changes nothing. Data that is messy on purpose (a
missing, invalid or duplicate LeiKa key, a dangling reference) is imported and reported.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from rathaus.core.services import Actor, protokoll_write_many

from ..models import LEIKA_RE, OZG_ID_RE, Lebenslage, Leistung, OzgLeistung, Themenfeld
from ..search import suchindex_update

FILES = {
    "themenfelder": "ozg_themenfelder.csv",
    "lebenslagen": "ozg_lebenslagen.csv",
    "ozg_leistungen": "ozg_leistungen.csv",
    "leistungen": "leika_leistungen_nrw_ozgdb.csv",
}
REQUIRED_COLUMNS = {
    "themenfelder": {"id", "name"},
    "lebenslagen": {"id", "subject_id", "name"},
    "ozg_leistungen": {"id", "situation_id", "service_key", "name"},
    "leistungen": {"id", "name", "service_system_id", "service_key", "service_type"},
}
SOURCE = "nrw-ozgdb"
MAX_FIELD = 100_000


class ImportFehler(Exception):
    """A file cannot be imported; names the file and the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Bericht:
    """What an import did: counts per entity and the irregularities it handled."""

    gelesen: Counter[str] = field(default_factory=Counter)
    angelegt: Counter[str] = field(default_factory=Counter)
    geaendert: Counter[str] = field(default_factory=Counter)
    unveraendert: Counter[str] = field(default_factory=Counter)
    hinweise: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.angelegt.values()) + sum(self.geaendert.values()))


Row = dict[str, str]
Progress = Callable[[str, int, int], None]


def _read(path: Path, kind: str) -> list[tuple[int, Row]]:
    if not path.is_file():
        raise ImportFehler(path, None, "Datei fehlt")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = set(reader.fieldnames or [])
            missing = REQUIRED_COLUMNS[kind] - header
            if missing:
                raise ImportFehler(path, 1, f"Spalten fehlen: {', '.join(sorted(missing))}")
            rows: list[tuple[int, Row]] = []
            for row in reader:
                line = reader.line_num
                if None in row or any(v is None for v in row.values()):
                    raise ImportFehler(path, line, "falsche Anzahl von Feldern")
                if any(len(v) > MAX_FIELD for v in row.values()):
                    raise ImportFehler(path, line, "Feld zu lang")
                rows.append((line, {k: v.strip() for k, v in row.items()}))
    except UnicodeDecodeError as exc:
        raise ImportFehler(path, None, f"keine gültige UTF-8-Datei ({exc.reason})") from exc
    except csv.Error as exc:
        raise ImportFehler(path, None, f"kein gültiges CSV: {exc}") from exc
    return rows


def _opt_int(path: Path, line: int, row: Row, column: str) -> int | None:
    return None if row[column] == "" else _int(path, line, row, column)


def _int(path: Path, line: int, row: Row, column: str) -> int:
    value = row[column]
    if not value.isdigit() or len(value) > 9:
        raise ImportFehler(path, line, f"Spalte {column}: keine gültige Zahl: {value[:40]!r}")
    return int(value)


def _name(path: Path, line: int, row: Row) -> str:
    name = " ".join(row["name"].split())
    if not name:
        raise ImportFehler(path, line, "Spalte name: leer")
    if len(name) > 300:
        raise ImportFehler(path, line, "Spalte name: länger als 300 Zeichen")
    return name


class _Slugs:
    """Unique, stable slugs: an existing object keeps its slug."""

    def __init__(self, taken: set[str], limit: int) -> None:
        self.taken, self.limit = taken, limit

    def make(self, name: str, source_id: int) -> str:
        base = slugify(name)[: self.limit - 8] or "eintrag"
        slug = base if base not in self.taken else f"{base}-{source_id}"
        self.taken.add(slug)
        return slug


def _upsert(
    model: type[Any],
    key: str,
    wanted: dict[Any, dict[str, Any]],
    slugs: _Slugs | None,
    bericht: Bericht,
    label: str,
    changes: list[tuple[Any, dict[str, Any]]],
) -> dict[Any, Any]:
    existing: dict[Any, Any] = {getattr(o, key): o for o in model.objects.all()}
    create: list[Any] = []
    update: list[Any] = []
    fields_changed: set[str] = set()
    for source_key, values in wanted.items():
        obj = existing.get(source_key)
        if obj is None:
            extra = {"slug": slugs.make(values["name"], values["_id"])} if slugs else {}
            obj = model(
                **{key: source_key}, **{k: v for k, v in values.items() if k != "_id"}, **extra
            )
            create.append(obj)
            continue
        diff = {
            k: v
            for k, v in values.items()
            if k != "_id" and k not in _editorial_fields(obj) and getattr(obj, k) != v
        }
        if diff:
            for k, v in diff.items():
                setattr(obj, k, v)
            fields_changed.update(diff)
            update.append(obj)
            changes.append((obj, {"aktion": "geändert", "felder": sorted(diff)}))
        else:
            bericht.unveraendert[label] += 1
    model.objects.bulk_create(create, batch_size=500)
    if update:
        model.objects.bulk_update(update, sorted(fields_changed), batch_size=500)
    created = {
        getattr(o, key): o
        for o in model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in create]})
    }
    changes.extend((o, {"aktion": "angelegt"}) for o in created.values())
    bericht.angelegt[label] += len(create)
    bericht.geaendert[label] += len(update)
    existing.update(created)
    return existing


# Fields the city's editors may improve on a Leistung; the catalogue import fills them only
# while nobody has described the Leistung yet, so a re-import never undoes editorial work.
EDITORIAL_FIELDS = frozenset({"rechtsgrundlagen", "gesetze"})


def _editorial_fields(obj: Any) -> frozenset[str]:
    if isinstance(obj, Leistung) and obj.ist_beschrieben:
        return EDITORIAL_FIELDS
    return frozenset()


def _english_names() -> tuple[dict[str, str], dict[str, str]]:
    try:
        from ..demo.namen_en import LEBENSLAGEN_EN, THEMENFELDER_EN
    except ImportError:
        return {}, {}
    return THEMENFELDER_EN, LEBENSLAGEN_EN


def _leika_keys(
    path: Path, rows: list[tuple[int, Row]], bericht: Bericht
) -> dict[int, tuple[str | None, str]]:
    """Decide per row which LeiKa key it gets: (usable key or None, raw value if unusable)."""
    seen: dict[str, int] = {}
    result: dict[int, tuple[str | None, str]] = {}
    missing = invalid = duplicate = 0
    for line, row in rows:
        raw = row["service_key"]
        if raw in ("", "nicht im LeiKa"):
            result[line] = (None, raw)
            missing += 1
        elif not LEIKA_RE.fullmatch(raw):
            result[line] = (None, raw)
            invalid += 1
            bericht.hinweise.append(
                f"{path.name}:{line}: ungültiger LeiKa-Schlüssel {raw!r} "
                "– ohne Schlüssel übernommen"
            )
        elif raw in seen:
            result[line] = (None, raw)
            duplicate += 1
            bericht.hinweise.append(
                f"{path.name}:{line}: LeiKa-Schlüssel {raw} doppelt (zuerst Zeile {seen[raw]}) "
                "– ohne Schlüssel übernommen"
            )
        else:
            seen[raw] = line
            result[line] = (raw, "")
    if missing:
        bericht.hinweise.append(
            f"{path.name}: {missing} Zeilen ohne LeiKa-Schlüssel ('nicht im LeiKa' oder leer) "
            "– ohne Schlüssel übernommen"
        )
    bericht.gelesen["LeiKa-Schlüssel ungültig"] = invalid
    bericht.gelesen["LeiKa-Schlüssel doppelt"] = duplicate
    bericht.gelesen["LeiKa-Schlüssel fehlt"] = missing
    return result


def _chunked_progress[T](rows: list[T], kind: str, progress: Progress | None) -> Iterator[T]:
    for i, item in enumerate(rows, start=1):
        if progress and (i % 1000 == 0 or i == len(rows)):
            progress(kind, i, len(rows))
        yield item


def ozg_import(*, directory: Path, actor: Actor, progress: Progress | None = None) -> Bericht:
    """Import the four catalogue files of `directory`; raises ImportFehler, writing nothing."""
    bericht = Bericht()
    paths = {kind: directory / name for kind, name in FILES.items()}
    data = {kind: _read(path, kind) for kind, path in paths.items()}
    for kind, rows in data.items():
        bericht.gelesen[kind] = len(rows)
    themen_en, lagen_en = _english_names()

    themenfelder: dict[Any, dict[str, Any]] = {}
    for line, row in data["themenfelder"]:
        source_id = _int(paths["themenfelder"], line, row, "id")
        name = _name(paths["themenfelder"], line, row)
        themenfelder[source_id] = {
            "_id": source_id,
            "name": name,
            "name_en": themen_en.get(name, ""),
        }

    lebenslagen_rows: dict[int, tuple[int, Row, int]] = {}
    for line, row in data["lebenslagen"]:
        source_id = _int(paths["lebenslagen"], line, row, "id")
        subject = _int(paths["lebenslagen"], line, row, "subject_id")
        if subject not in themenfelder:
            raise ImportFehler(paths["lebenslagen"], line, f"unbekanntes Themenfeld {subject}")
        lebenslagen_rows[source_id] = (line, row, subject)

    ozg_rows: dict[int, tuple[int, Row, int | None]] = {}
    ozg_ids: dict[str, int] = {}
    for line, row in data["ozg_leistungen"]:
        source_id = _int(paths["ozg_leistungen"], line, row, "id")
        key = row["service_key"]
        if not OZG_ID_RE.fullmatch(key):
            raise ImportFehler(
                paths["ozg_leistungen"], line, f"OZG-ID nicht fünfstellig: {key[:20]!r}"
            )
        if key in ozg_ids:
            raise ImportFehler(
                paths["ozg_leistungen"], line, f"OZG-ID {key} doppelt (Zeile {ozg_ids[key]})"
            )
        ozg_ids[key] = line
        situation = _opt_int(paths["ozg_leistungen"], line, row, "situation_id")
        if situation is not None and situation not in lebenslagen_rows:
            bericht.hinweise.append(
                f"{paths['ozg_leistungen'].name}:{line}: unbekannte Lebenslage {situation}"
            )
            situation = None
        ozg_rows[source_id] = (line, row, situation)

    keys = _leika_keys(paths["leistungen"], data["leistungen"], bericht)
    leistungen_rows: list[tuple[int, Row, int, int | None]] = []
    for line, row in data["leistungen"]:
        source_id = _int(paths["leistungen"], line, row, "id")
        system = _opt_int(paths["leistungen"], line, row, "service_system_id")
        if system is not None and system not in ozg_rows:
            bericht.hinweise.append(
                f"{paths['leistungen'].name}:{line}: unbekannte OZG-Leistung {system}"
            )
            system = None
        leistungen_rows.append((line, row, source_id, system))

    with transaction.atomic():
        changes: list[tuple[Any, dict[str, Any]]] = []
        tf = _upsert(
            Themenfeld,
            "quelle_id",
            themenfelder,
            _Slugs(set(Themenfeld.objects.values_list("slug", flat=True)), 100),
            bericht,
            "Themenfelder",
            changes,
        )
        lebenslagen = {}
        for source_id, (line, row, subject) in lebenslagen_rows.items():
            name = _name(paths["lebenslagen"], line, row)
            lebenslagen[source_id] = {
                "_id": source_id,
                "name": name,
                "name_en": lagen_en.get(name, ""),
                "themenfeld_id": tf[subject].pk,
            }
        ll = _upsert(
            Lebenslage,
            "quelle_id",
            lebenslagen,
            _Slugs(set(Lebenslage.objects.values_list("slug", flat=True)), 120),
            bericht,
            "Lebenslagen",
            changes,
        )
        ozg = {}
        for source_id, (line, row, situation) in ozg_rows.items():
            ozg[source_id] = {
                "_id": source_id,
                "ozg_id": row["service_key"],
                "name": _name(paths["ozg_leistungen"], line, row),
                "lebenslage_id": ll[situation].pk if situation is not None else None,
                "beschreibung": row.get("description", "")
                if row.get("description") != "Test"
                else "",
            }
        ozg_objects = _upsert(
            OzgLeistung, "quelle_id", ozg, None, bericht, "OZG-Leistungen", changes
        )

        wanted: dict[str, dict[str, Any]] = {}
        for line, row, source_id, system in _chunked_progress(
            leistungen_rows, "LeiKa-Leistungen", progress
        ):
            leika, raw = keys[line]
            wanted[f"{SOURCE}:{source_id}"] = {
                "_id": source_id,
                "name": _name(paths["leistungen"], line, row),
                "leika_schluessel": leika,
                "leika_schluessel_quelle": raw,
                "ozg_leistung_id": ozg_objects[system].pk if system is not None else None,
                "typisierung": row["service_type"][:20],
                "rechtsgrundlagen": row.get("legal_basis", ""),
                "gesetze": "; ".join(
                    filter(None, [row.get("laws", ""), row.get("law_shortcuts", "")])
                ),
            }
        # A key that another Leistung (e.g. one created by hand) already holds stays there.
        held = dict(
            Leistung.objects.exclude(quelle__startswith=f"{SOURCE}:")
            .exclude(leika_schluessel=None)
            .values_list("leika_schluessel", "quelle")
        )
        for quelle, values in wanted.items():
            if values["leika_schluessel"] in held:
                bericht.hinweise.append(
                    f"LeiKa-Schlüssel {values['leika_schluessel']} gehört bereits zu "
                    f"{held[values['leika_schluessel']]} – {quelle} ohne Schlüssel übernommen"
                )
                values["leika_schluessel_quelle"] = values["leika_schluessel"]
                values["leika_schluessel"] = None
        _upsert(
            Leistung,
            "quelle",
            wanted,
            _Slugs(set(Leistung.objects.values_list("slug", flat=True)), 140),
            bericht,
            "Leistungen",
            changes,
        )
        if changes:
            protokoll_write_many(actor=actor, action="katalog.import", entries=changes)
            changed_ids = [o.pk for o, _ in changes if isinstance(o, Leistung)]
            suchindex_update(leistung_ids=changed_ids)
    return bericht
