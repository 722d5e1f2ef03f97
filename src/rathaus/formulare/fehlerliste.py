"""The error summary of a form step: one line per message, in the order of the page.

A message that occurs more than once (two "Postleitzahl" fields in two address groups)
names the group of its field, so each line says which field it is about.
"""

from __future__ import annotations

from .ansicht import Knoten
from .pfade import html_id


def knoten_folge(knoten: list[Knoten]) -> list[str]:
    out: list[str] = []
    for k in knoten:
        out.append(k.name)
        out.extend(knoten_folge(k.kinder))
        out.extend(knoten_folge(k.instanzen))
    return out


def _gruppen_der_felder(
    knoten: list[Knoten], pfad: tuple[str, ...] = (), out: dict[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Input name → the titles of the groups it stands in, outermost first (numbered where
    a group repeats)."""
    out = {} if out is None else out
    for k in knoten:
        out[k.name] = pfad
        titel = k.label + (f" ({k.index + 1})" if k.index is not None else "")
        _gruppen_der_felder(k.kinder, (*pfad, titel) if k.typ == "gruppe" else pfad, out)
        _gruppen_der_felder(k.instanzen, pfad, out)
    return out


def _unterscheidend(pfade: list[tuple[str, ...]]) -> list[str]:
    """The shortest tail of each group path that tells the paths apart."""
    laenge = max((len(p) for p in pfade), default=0)
    for n in range(1, laenge + 1):
        kurz = [" › ".join(p[-n:]) for p in pfade]
        if len(set(kurz)) == len(kurz):
            return kurz
    return [" › ".join(p) for p in pfade]


def fehlerliste(knoten: list[Knoten], fehler: dict[str, list[str]]) -> list[tuple[str, str]]:
    folge = knoten_folge(knoten)
    rang = {name: i for i, name in enumerate(folge)}
    namen = sorted(fehler, key=lambda n: rang.get(n, len(rang)))
    liste = [
        ["#" + html_id(n) if n in rang else "#schritt-titel", text, n]
        for n in namen
        for text in fehler[n]
    ]
    # Two "Postleitzahl" fields in two address groups gave two identical lines: where a
    # message occurs more than once, each line names the group of its field.
    gruppen = _gruppen_der_felder(knoten)
    gleiche: dict[str, list[list[str]]] = {}
    for zeile in liste:
        gleiche.setdefault(zeile[1], []).append(zeile)
    for text, zeilen in gleiche.items():
        if len(zeilen) < 2:
            continue
        for zeile, gruppe in zip(
            zeilen, _unterscheidend([gruppen.get(z[2], ()) for z in zeilen]), strict=True
        ):
            if gruppe:
                zeile[1] = (
                    text.replace("“", f"“ ({gruppe})", 1) if "“" in text else f"{text} ({gruppe})"
                )
    return [(ziel, text) for ziel, text, _ in liste]
