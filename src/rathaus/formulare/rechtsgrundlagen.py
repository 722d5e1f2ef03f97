"""Which of a FIM form's references (Bezug) a citizen is shown as legal basis.

FIM schemas attach a "Bezug" to almost every element, and most are not laws at all but
data-model provenance (``XInneres.Meldeanschrift.strasse Version 8``, ``RFC 5322``,
``urn:xoev-de:…``, ``Tabelle 9 BSI TR-03123``) or laws of another Land (``WiPG NRW``).
Citizens see only real legal norms, each once per step, and only those that can apply
in the city's Land.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rathaus.standards.xdatenfelder import Bezug

if TYPE_CHECKING:
    from .ansicht import Knoten

# Data standards, code lists and technical specifications: never a legal basis.
_TECHNISCH = re.compile(
    r"urn\s*:|\bVersion\b|\bX(?:ÖV|OEV|ÖEV)|\bX[A-Za-z]+[.:]|\bX[A-Z][a-z]+\b|\bxUnternehmen\b"
    r"|\bRFC\b|\bITU\b|\bDIN\b|\bISO\b|\bBSI\b|\bTR-\d|Codeliste|Tabelle|referenzbasiert"
    r"|Referenzkontext|Bundesfachlichkeit|Merkblatt|ergänzen|Spezifikation|Country Codes"
    r"|basierend|Anlehnung|angelehnt|^Ein Bezug$|^leer",
    re.IGNORECASE,
)
# A reference to a provision (§, Art., Anlage …) or the bare name of a law or ordinance.
_NORM = re.compile(
    r"§|\bArt\.|\bArtikel\b|\bAnhang\b|\bAnlage\b|\bRL Teil\b|\bNr\. \d|Abkommen|Richtlinie"
    r"|Verordnung|gesetz|ordnung\b|DSGVO|\b[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*(?:G|V|O|VwV)\b"
)
# Abbreviations that mark a law of one Land; Mecklenburg-Vorpommern is "MV".
_LAENDER = {
    "BW": r"\bBW\b|\bBaWü",
    "BY": r"\bBay[A-Z]|\bBayern\b|\bBY\b",
    "BE": r"\bBln\b|\bBln[A-Z]|\bBerl[A-Z]",
    "BB": r"\bBbg\b|\bBbg[A-Z]|\bBrandenburg",
    "HB": r"\bBrem[A-Z]|\bHB\b",
    "HH": r"\bHmb[A-Z]|\bHmb\b|\bHH\b",
    "HE": r"\bHess[A-Z.]|\bHE\b",
    "MV": r"\bM-V\b|\bMV\b|Mecklenburg",
    "NI": r"\bNds\b|\bNds[A-Z.]|\bNI\b",
    "NW": r"\bNRW\b|\bNW\b",
    "RP": r"\bRhPf|\bRP\b|\bLRP\b",
    "SL": r"\bSaarl|\bSL\b",
    "SN": r"\bSächs[A-Z]|\bSN\b",
    "ST": r"\bLSA\b|\bST\b",
    "SH": r"\bSH\b|\bSchlH",
    "TH": r"\bThür[A-Z]|\bTH\b",
}
_LAND_MUSTER = {land: re.compile(muster) for land, muster in _LAENDER.items()}


# Words that locate a provision inside a law; the law's own name comes after them.
_STELLE = re.compile(r"^(?:§+|Art\.?|Artikel|Abs\.?|Absatz|Nr\.?|Satz|S\.|lit\.?|[\d().,a-z]+)$")


def _stamm(text: str) -> str:
    """The name of the law a reference cites ("§ 12 WiPG NRW" → "WiPG"), so that the
    provisions and ordinances of a foreign law go with it, and nothing else does."""
    for wort in re.split(r"[\s-]+", text):
        if wort and not _STELLE.match(wort):
            return wort
    return text


def _land(text: str) -> str | None:
    for land, muster in _LAND_MUSTER.items():
        if muster.search(text):
            return land
    return None


def ist_rechtsnorm(text: str) -> bool:
    """A legal norm as a citizen understands it, not a data-model reference."""
    text = " ".join(text.split())
    return bool(text) and not _TECHNISCH.search(text) and bool(_NORM.search(text))


def rechtsgrundlagen(bezuege: Iterable[Bezug], *, land: str | None) -> list[Bezug]:
    """The legal norms among ``bezuege``, each once, without laws of other Länder
    (``land`` None: the Land is not known, every Land's laws are kept).

    A law named with another Land's mark (``WiPG NRW``) also takes with it the
    references that only name its ordinances by the same stem (``WiPG-DVO``)."""
    normen: list[Bezug] = []
    fremde_staemme: set[str] = set()
    for b in bezuege:
        # one Bezug may list several references: "§ 5 PAuswG; Tabelle 9 BSI TR-03123; …"
        for teil in b.text.split(";"):
            text = " ".join(teil.split()).strip(" ,")
            if not ist_rechtsnorm(text):
                continue
            fremd = _land(text)
            if fremd is not None and land is not None and fremd != land:
                fremde_staemme.add(_stamm(text))
                continue
            normen.append(Bezug(text=text, link=b.link))
    gesehen: set[str] = set()
    out: list[Bezug] = []
    for b in normen:
        stamm = _stamm(b.text)
        if stamm in fremde_staemme or b.text.casefold() in gesehen:
            continue
        gesehen.add(b.text.casefold())
        out.append(b)
    return out


def rechtsgrundlagen_of(knoten: Iterable[Knoten], *, land: str | None) -> list[Bezug]:
    """The legal norms of a rendered step: of every element in it, shown once."""

    def alle(ks: Iterable[Knoten]) -> Iterable[Bezug]:
        for k in ks:
            yield from k.bezug
            yield from alle(k.kinder)
            yield from alle(k.instanzen[:1])  # every occurrence has the same references

    return rechtsgrundlagen(alle(knoten), land=land)
