"""Sample opening hours and closure days of the Stralsund offices."""

from __future__ import annotations

from datetime import time

from rathaus.organisation.services import Zeitfenster


def _woche(
    tage: tuple[int, ...], *intervalle: tuple[int, int, int, int], termin: bool = False
) -> list[Zeitfenster]:
    return [
        Zeitfenster(tag, time(h1, m1), time(h2, m2), termin)
        for tag in tage
        for h1, m1, h2, m2 in intervalle
    ]


MO, DI, MI, DO, FR, SA = 0, 1, 2, 3, 4, 5

_ORDNUNGSAMT = [
    *_woche((MO, MI, FR), (8, 0, 12, 0), termin=True),
    *_woche((DI, DO), (8, 0, 12, 0), (13, 0, 18, 0), termin=True),
]
_VERWALTUNG = [
    *_woche((MO, MI, FR), (9, 0, 12, 0)),
    *_woche((DI,), (9, 0, 12, 0), (13, 0, 16, 0)),
    *_woche((DO,), (9, 0, 12, 0), (13, 0, 18, 0)),
]

OEFFNUNGSZEITEN: dict[str, list[Zeitfenster]] = {
    "stadtverwaltung": _VERWALTUNG,
    "hauptamt": _VERWALTUNG,
    "wahlbuero": _VERWALTUNG,
    "ordnungsamt": _ORDNUNGSAMT,
    "buergerbuero": [*_ORDNUNGSAMT, *_woche((SA,), (9, 0, 12, 0), termin=True)],
    "kfz-zulassungsstelle": [
        *_woche((MO, MI, FR), (7, 30, 12, 0), termin=True),
        *_woche((DI, DO), (7, 30, 12, 0), (13, 0, 17, 30), termin=True),
    ],
    "gewerbeamt": _ORDNUNGSAMT,
    "strassenverkehrsbehoerde": _ORDNUNGSAMT,
    "allgemeine-ordnung": _ORDNUNGSAMT,
    "fundbuero": [
        *_woche((MO, MI, FR), (8, 0, 12, 0)),
        *_woche((DI, DO), (8, 0, 12, 0), (13, 0, 18, 0)),
    ],
    "standesamt": [
        *_woche((MO, MI), (8, 30, 12, 0), termin=True),
        *_woche((DI, DO), (8, 30, 12, 0), (13, 0, 17, 0), termin=True),
        *_woche((FR,), (8, 30, 12, 0), termin=True),
    ],
    "amt-fuer-finanzen": _VERWALTUNG,
    "steuern": _VERWALTUNG,
    "bauamt": _VERWALTUNG,
    "bauaufsicht": _woche((DI, DO), (9, 0, 12, 0), (13, 0, 17, 0), termin=True),
    "denkmalpflege": _woche((DI, DO), (9, 0, 12, 0), (13, 0, 16, 0), termin=True),
    "strassen-und-stadtgruen": _VERWALTUNG,
    "sozialamt": _VERWALTUNG,
    "wohngeldstelle": [
        *_woche((MO, FR), (8, 30, 12, 0)),
        *_woche((DI,), (8, 30, 12, 0), (13, 0, 17, 30)),
        *_woche((DO,), (8, 30, 12, 0), (13, 0, 16, 0)),
    ],
    "kulturamt": _VERWALTUNG,
    "stadtarchiv": [
        *_woche((DI, MI), (9, 0, 12, 0), (13, 0, 16, 0), termin=True),
        *_woche((DO,), (9, 0, 12, 0), (13, 0, 18, 0), termin=True),
    ],
    "stadtbibliothek": [
        *_woche((DI, MI, DO, FR), (10, 0, 18, 0)),
        *_woche((SA,), (10, 0, 13, 0)),
    ],
}

# Extra opening days beside the holidays (date ISO string, reason, intervals).
SONDEROEFFNUNGEN: dict[str, list[tuple[str, str, list[tuple[time, time]]]]] = {
    "buergerbuero": [
        (
            "2026-06-20",
            "Ausweis-Samstag vor den Sommerferien: zusätzliche Termine",
            [(time(9, 0), time(13, 0))],
        ),
    ],
    "stadtbibliothek": [
        ("2026-07-15", "Schließtag wegen Inventur", []),
    ],
}
