"""docs/sicherheit.md cannot rot: every test it names exists, every ASVS 5.0 requirement of
level 1 and 2 of its chapters has exactly one row, each row says what it must say for its
status, and the summary's figures are those of the tables (and stay at 60 % or more).

A requirement counts as backed by a test when its status is "erfüllt" and its last column
names at least one test as `path::test_name`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

DOKU = Path(settings.BASE_DIR) / "docs" / "sicherheit.md"

# Requirements of level 1 or 2 per chapter in OWASP ASVS 5.0.0
# (5.0/docs_en/OWASP_Application_Security_Verification_Standard_5.0.0_en.csv, column L).
ASVS_5_L2 = {
    "V1": 27,
    "V2": 11,
    "V3": 19,
    "V5": 9,
    "V6": 35,
    "V7": 18,
    "V8": 7,
    "V10": 29,
    "V13": 13,
    "V14": 9,
    "V16": 16,
}
MINDESTENS_PROZENT = 60

VERWEIS = re.compile(r"`((?:src|tests)/[^`\s]+?\.py)::(test_\w+)`")
ZEILE = re.compile(r"^\| (V\d+\.\d+\.\d+) \|")
STATUS = ("erfüllt", "offen", "N/A")


@dataclass(frozen=True)
class Anforderung:
    id: str
    status: str
    nachweis: str  # the last column: tests, "no test", "N/A: …" or "offen: …"

    @property
    def kapitel(self) -> str:
        return self.id.split(".")[0]

    @property
    def belegt(self) -> bool:
        return self.status == "erfüllt" and bool(VERWEIS.search(self.nachweis))


def _text() -> str:
    return DOKU.read_text(encoding="utf-8")


def _anforderungen(text: str) -> list[Anforderung]:
    out = []
    for zeile in text.splitlines():
        if not ZEILE.match(zeile):
            continue
        zellen = [z.strip() for z in zeile.strip().strip("|").split("|")]
        assert len(zellen) == 5, f"{zellen[0]}: 5 columns expected (a '|' in a cell?)"
        out.append(Anforderung(id=zellen[0], status=zellen[2], nachweis=zellen[4]))
    return out


def _prozent(belegt: int, anwendbar: int) -> int:
    return (200 * belegt + anwendbar) // (2 * anwendbar) if anwendbar else 0  # half up


def _zahlen(anforderungen: list[Anforderung]) -> tuple[int, int, int, int]:
    """(requirements, N/A, applicable, backed)."""
    na = sum(a.status == "N/A" for a in anforderungen)
    belegt = sum(a.belegt for a in anforderungen)
    return len(anforderungen), na, len(anforderungen) - na, belegt


def _zusammenfassung(text: str) -> dict[str, tuple[int, int, int, int, int]]:
    """Rows of the summary table: chapter (or "Total") → the five figures."""
    out = {}
    for zeile in text.splitlines():
        treffer = re.match(
            r"^\| \**(V\d+ [^|]+?|Total)\** \|"
            r" \**(\d+)\** \| \**(\d+)\** \| \**(\d+)\** \| \**(\d+)\** \| \**(\d+) %\** \|$",
            zeile,
        )
        if treffer:
            name = treffer.group(1)
            kapitel = "Total" if name == "Total" else name.split()[0]
            werte = tuple(int(treffer.group(i)) for i in range(2, 7))
            out[kapitel] = (werte[0], werte[1], werte[2], werte[3], werte[4])
    return out


def test_every_named_test_exists() -> None:
    text = _text()
    verweise = sorted(set(VERWEIS.findall(text)))
    assert len(verweise) > 100, "the parser finds the references"
    fehlend = []
    for pfad, name in verweise:
        datei = Path(settings.BASE_DIR) / pfad
        if not datei.is_file():
            fehlend.append(f"{pfad}: no such file")
        elif not re.search(
            rf"^\s*(async\s+)?def {name}\(", datei.read_text(encoding="utf-8"), re.M
        ):
            fehlend.append(f"{pfad}::{name}: no such test")
    assert fehlend == []


def test_each_requirement_has_exactly_one_row() -> None:
    anforderungen = _anforderungen(_text())
    ids = [a.id for a in anforderungen]
    assert len(ids) == len(set(ids)), "a requirement has two rows"
    je_kapitel = {k: sum(a.kapitel == k for a in anforderungen) for k in ASVS_5_L2}
    assert je_kapitel == ASVS_5_L2
    assert {a.kapitel for a in anforderungen} <= set(ASVS_5_L2)


def test_each_row_says_what_its_status_needs() -> None:
    falsch = []
    for a in _anforderungen(_text()):
        if a.status not in STATUS:
            falsch.append(f"{a.id}: status {a.status!r}")
        elif a.status == "N/A" and not a.nachweis.startswith("N/A: "):
            falsch.append(f"{a.id}: N/A without a reason")
        elif a.status == "offen" and not a.nachweis.startswith("offen: "):
            falsch.append(f"{a.id}: offen without saying what is missing")
        elif a.status == "erfüllt" and not a.belegt and a.nachweis != "no test":
            falsch.append(f"{a.id}: neither a test nor 'no test'")
    assert falsch == []


def test_the_summary_is_the_count_of_the_tables() -> None:
    text = _text()
    anforderungen = _anforderungen(text)
    zusammenfassung = _zusammenfassung(text)
    assert set(zusammenfassung) == {*ASVS_5_L2, "Total"}
    for kapitel in ASVS_5_L2:
        gezaehlt = _zahlen([a for a in anforderungen if a.kapitel == kapitel])
        erwartet = (*gezaehlt, _prozent(gezaehlt[3], gezaehlt[2]))
        assert zusammenfassung[kapitel] == erwartet, kapitel
    gesamt = _zahlen(anforderungen)
    prozent = _prozent(gesamt[3], gesamt[2])
    assert zusammenfassung["Total"] == (*gesamt, prozent)
    _alle, _na, anwendbar, belegt = gesamt
    offen = sum(a.status == "offen" for a in anforderungen)
    ohne_test = sum(a.status == "erfüllt" and not a.belegt for a in anforderungen)
    satz = (
        f"**{anwendbar} requirements apply; {belegt} of them ({prozent} %) are backed by a "
        f"test.** {offen} are *offen*; {ohne_test} are met without a test"
    )
    assert satz in " ".join(text.split())


def test_at_least_sixty_percent_are_backed_by_a_test() -> None:
    _alle, _na, anwendbar, belegt = _zahlen(_anforderungen(_text()))
    assert _prozent(belegt, anwendbar) >= MINDESTENS_PROZENT


@pytest.mark.parametrize(
    ("belegt", "anwendbar", "prozent"), [(98, 151, 65), (1, 8, 13), (5, 8, 63), (0, 0, 0)]
)
def test_percentages_round_half_up(belegt: int, anwendbar: int, prozent: int) -> None:
    assert _prozent(belegt, anwendbar) == prozent
