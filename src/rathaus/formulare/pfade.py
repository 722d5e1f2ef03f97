"""Names of form inputs and the paths of values in a form's data.

A value's name is its path in the data joined by dots: element ids, and for repeatable
elements the index of the occurrence (``G1.G2.0.F3``). The same name is the HTML input
name, the key of errors, and (with ``f-`` and dashes) the HTML id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Kind

MAX_WIEDERHOLUNGEN = 50  # for "0:*": more occurrences than anyone will enter by hand


def join(prefix: str, *teile: object) -> str:
    rest = ".".join(str(t) for t in teile)
    return f"{prefix}.{rest}" if prefix else rest


def ohne_index(name: str) -> str:
    """The element ids of a name without its occurrence numbers (``G1.0.F3`` → ``G1.F3``)."""
    return ".".join(t for t in name.split(".") if not t.isdigit())


def html_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


def obergrenze(kind: Kind) -> int:
    return min(kind.anzahl.max or MAX_WIEDERHOLUNGEN, MAX_WIEDERHOLUNGEN)


def gefuellt(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, dict):
        return any(gefuellt(v) for v in value.values())
    if isinstance(value, list):
        return any(gefuellt(v) for v in value)
    return True


def instanzen(kind: Kind, value: Any) -> list[Any]:
    """The occurrences of a child's value (a repeatable child holds a list)."""
    if value is None:
        return []
    if kind.anzahl.repeatable:
        return list(value) if isinstance(value, list) else [value]
    return [value]


def statische_pfade(kinder: tuple[Kind, ...]) -> dict[str, str]:
    """Each element id → the name of its first occurrence (index 0 where repeatable)."""
    out: dict[str, str] = {}

    def walk(ks: tuple[Kind, ...], prefix: str) -> None:
        for k in ks:
            el = k.element
            name = join(prefix, el.id, 0) if k.anzahl.repeatable else join(prefix, el.id)
            out.setdefault(el.id, name)
            if isinstance(el, Datenfeldgruppe):
                walk(el.struktur, name)

    walk(kinder, "")
    return out


def felder_mit_wert(
    kinder: tuple[Kind, ...], daten: dict[str, Any], prefix: str = ""
) -> Iterator[tuple[str, Datenfeld, Any]]:
    """Every field occurrence present in ``daten``: (name, field, value)."""
    for k in kinder:
        el = k.element
        value = daten.get(el.id) if isinstance(daten, dict) else None
        if value is None:
            continue
        for i, v in enumerate(instanzen(k, value)):
            name = join(prefix, el.id, i) if k.anzahl.repeatable else join(prefix, el.id)
            if isinstance(el, Datenfeldgruppe):
                if isinstance(v, dict):
                    yield from felder_mit_wert(el.struktur, v, name)
            else:
                yield name, el, v


def entferne_ausgeblendete(
    kinder: tuple[Kind, ...], daten: dict[str, Any], sichtbar: set[str], behalten: set[str]
) -> dict[str, Any]:
    """A copy of ``daten`` without the elements the rules hide (except ``behalten``)."""
    out: dict[str, Any] = {}
    by_id = {k.element.id: k for k in kinder}
    for key, value in daten.items():
        k = by_id.get(key)
        if k is None:
            continue  # not part of the schema here: dropped
        if key not in sichtbar and key not in behalten:
            continue
        el = k.element
        if isinstance(el, Datenfeldgruppe):
            inst = [
                entferne_ausgeblendete(el.struktur, v, sichtbar, behalten)
                for v in instanzen(k, value)
                if isinstance(v, dict)
            ]
            inst = [v for v in inst if gefuellt(v)]
            if not inst:
                continue
            out[key] = inst if k.anzahl.repeatable else inst[0]
        else:
            out[key] = value
    return out
