"""The runtime view of a published Formular: decoded schema, steps, rules and validator.

A published Formular never changes, so its definition is built once per process and kept
in a small LRU cache keyed by (pk, quelle_sha256).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Kind, Schema
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.regeln import Regelwerk

from . import struktur
from .pfade import statische_pfade

if TYPE_CHECKING:
    from .models import Formular

_CACHE_SIZE = 32


def label(element: Datenfeld | Datenfeldgruppe | Schema) -> str:
    if isinstance(element, Schema):
        return element.bezeichnung or element.name
    return element.bezeichnung_eingabe or element.name


@dataclass(frozen=True, slots=True)
class Schritt:
    """One step of the form: a top-level group, or a run of top-level fields."""

    nr: int
    titel: str
    kinder: tuple[Kind, ...]
    ids: frozenset[str]
    # The single non-repeatable group this step shows (its children render directly).
    gruppe: Datenfeldgruppe | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    pk: int
    schema: Schema | Datenfeldgruppe
    regelwerk: Regelwerk
    schritte: tuple[Schritt, ...]
    validator: Draft202012Validator
    labels: dict[str, str]
    pfade: dict[str, str]
    regeln_json: dict[str, Any]
    felder: dict[str, Datenfeld] = field(default_factory=dict)  # by id
    # path of ids (no occurrence numbers) → HTML autocomplete token of the applicant's fields
    autocomplete: dict[str, str] = field(default_factory=dict)

    def schritt(self, nr: int) -> Schritt:
        if not 1 <= nr <= len(self.schritte):
            raise IndexError(nr)
        return self.schritte[nr - 1]

    def schritt_of(self, fim_id: str) -> int | None:
        for s in self.schritte:
            if fim_id in s.ids:
                return s.nr
        return None


def _ids(kinder: tuple[Kind, ...]) -> frozenset[str]:
    return frozenset(k.element.id for k, _ in iter_elements(kinder))


def schritte_of(root: Schema | Datenfeldgruppe) -> tuple[Schritt, ...]:
    out: list[Schritt] = []
    lose: list[Kind] = []

    def flush() -> None:
        if lose:
            kinder = tuple(lose)
            out.append(Schritt(len(out) + 1, _("Allgemeine Angaben"), kinder, _ids(kinder)))
            lose.clear()

    for kind in root.struktur:
        el = kind.element
        if isinstance(el, Datenfeld):
            lose.append(kind)
            continue
        flush()
        gruppe = None if kind.anzahl.repeatable else el
        out.append(Schritt(len(out) + 1, label(el), (kind,), _ids((kind,)), gruppe))
    flush()
    return tuple(out)


def build(formular: Formular) -> Definition:
    # vorbefuellung reads steps (this module) through eingabe: imported here, not above
    from .vorbefuellung import autocomplete_of

    schema = struktur.decode(formular.struktur)
    elemente = [k.element for k, _ in iter_elements(schema.struktur)]
    labels = {el.id: label(el) for el in elemente}
    return Definition(
        pk=formular.pk,
        schema=schema,
        regelwerk=Regelwerk(schema, land=settings.RATHAUS_LAND),
        schritte=schritte_of(schema),
        validator=Draft202012Validator(formular.json_schema),
        labels=labels,
        pfade=statische_pfade(schema.struktur),
        regeln_json=formular.regeln,
        felder={el.id: el for el in elemente if isinstance(el, Datenfeld)},
        autocomplete=autocomplete_of(schema),
    )


_cache: OrderedDict[tuple[int, str], Definition] = OrderedDict()
_lock = threading.Lock()


def definition(formular: Formular) -> Definition:
    """The (cached) runtime definition of a saved Formular."""
    key = (formular.pk, formular.quelle_sha256)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = build(formular)
    with _lock:
        _cache[key] = built
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built
