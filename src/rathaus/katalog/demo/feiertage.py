"""Public holidays of Mecklenburg-Vorpommern, computed (no hard-coded Easter dates)."""

from __future__ import annotations

from datetime import date, timedelta


def ostersonntag(jahr: int) -> date:
    """Easter Sunday of the Gregorian calendar (Meeus/Jones/Butcher algorithm)."""
    a = jahr % 19
    b, c = divmod(jahr, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    monat, tag = divmod(h + ell - 7 * m + 114, 31)
    return date(jahr, monat, tag + 1)


def feiertage_mv(jahr: int) -> list[tuple[date, str]]:
    """Statutory holidays of Mecklenburg-Vorpommern (FTG M-V) of one year, sorted by date."""
    ostern = ostersonntag(jahr)
    tage = [
        (date(jahr, 1, 1), "Neujahr"),
        (date(jahr, 3, 8), "Internationaler Frauentag"),
        (ostern - timedelta(days=2), "Karfreitag"),
        (ostern + timedelta(days=1), "Ostermontag"),
        (date(jahr, 5, 1), "Tag der Arbeit"),
        (ostern + timedelta(days=39), "Christi Himmelfahrt"),
        (ostern + timedelta(days=50), "Pfingstmontag"),
        (date(jahr, 10, 3), "Tag der Deutschen Einheit"),
        (date(jahr, 10, 31), "Reformationstag"),
        (date(jahr, 12, 25), "1. Weihnachtstag"),
        (date(jahr, 12, 26), "2. Weihnachtstag"),
    ]
    return sorted(tage)


def schliesstage(jahr: int) -> list[tuple[date, str]]:
    """Days the city offices are closed: the holidays plus Heiligabend and Silvester."""
    return sorted(
        [
            *feiertage_mv(jahr),
            (date(jahr, 12, 24), "Heiligabend"),
            (date(jahr, 12, 31), "Silvester"),
        ]
    )
