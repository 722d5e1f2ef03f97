"""Bar charts as accessible SVG, drawn on the server (no script, no inline style).

Each chart carries a title and a description (`role="img"`, `aria-labelledby`), and the
page shows its data table and a one-sentence summary beside it; the geometry is computed
here, the template only writes the elements.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats

from .datenschutz import KLEIN


def zahl(wert: float | str | None) -> str:
    """A published figure as text in the active language ("–" where none may be shown)."""
    if wert is None:
        return "–"
    if isinstance(wert, str):
        return wert
    if isinstance(wert, float):
        return str(formats.number_format(wert, decimal_pos=1))
    return str(formats.number_format(wert))


BREITE = 640
LABEL = 240
BALKEN_MAX = 300
ZEILE = 30


@dataclass(frozen=True)
class Balken:
    label: str
    wert: int | str | None  # "< 5" or None: shown as text without a bar
    y: int
    breite: int
    text_x: int

    @property
    def anzeige(self) -> str:
        return zahl(self.wert)


@dataclass(frozen=True)
class Diagramm:
    id: str
    titel: str
    beschreibung: str
    spalte: str  # heading of the label column in the data table
    einheit: str  # heading of the value column
    balken: tuple[Balken, ...]
    hoehe: int
    breite: int = BREITE
    label_breite: int = LABEL

    @property
    def leer(self) -> bool:
        return not any(isinstance(b.wert, int) and b.wert > 0 for b in self.balken) and not any(
            b.wert == KLEIN for b in self.balken
        )


def balkendiagramm(
    *,
    id: str,
    titel: str,
    beschreibung: str,
    spalte: str,
    einheit: str,
    werte: list[tuple[str, int | str | None]],
) -> Diagramm:
    zahlen = [w for _l, w in werte if isinstance(w, int)]
    hoechster = max(zahlen, default=0) or 1
    balken = []
    for i, (label, wert) in enumerate(werte):
        breite = round(BALKEN_MAX * wert / hoechster) if isinstance(wert, int) else 0
        balken.append(
            Balken(label=label, wert=wert, y=10 + i * ZEILE, breite=breite,
                   text_x=LABEL + breite + 6)
        )  # fmt: skip
    return Diagramm(
        id=id,
        titel=titel,
        beschreibung=beschreibung,
        spalte=spalte,
        einheit=einheit,
        balken=tuple(balken),
        hoehe=20 + len(werte) * ZEILE,
    )
