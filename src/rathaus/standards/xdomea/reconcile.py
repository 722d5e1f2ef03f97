"""Matching the archive's answers against what was sent: data for the caller to judge."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .codes import Aussonderungsart
from .model import Anbieteverzeichnis, Aussonderung, Bewertungsverzeichnis, Importbestaetigung


@dataclass(frozen=True)
class Bewertungsabgleich:
    """A 0502 read against its 0501.

    ``entscheidungen`` maps each offered, evaluated record to A/V/B;
    ``unbekannt`` are IDs the archive evaluated that were never offered;
    ``unbewertet`` are top-level offered records without a decision;
    ``konfigurierbar`` holds free-text decisions (AussonderungsartKonfigurierbar).
    """

    entscheidungen: dict[uuid.UUID, Aussonderungsart]
    konfigurierbar: dict[uuid.UUID, str]
    unbekannt: tuple[uuid.UUID, ...]
    unbewertet: tuple[uuid.UUID, ...]


def abgleich_bewertung(
    angebot: Anbieteverzeichnis, bewertung: Bewertungsverzeichnis
) -> Bewertungsabgleich:
    """Split a 0502's decisions into known and unknown record IDs (nothing is raised)."""
    known = angebot.ids()
    entscheidungen: dict[uuid.UUID, Aussonderungsart] = {}
    konfigurierbar: dict[uuid.UUID, str] = {}
    unbekannt: list[uuid.UUID] = []
    for item in bewertung.bewertungen:
        if item.id not in known:
            unbekannt.append(item.id)
        elif item.aussonderungsart is not None:
            entscheidungen[item.id] = item.aussonderungsart
        elif item.aussonderungsart_konfigurierbar is not None:
            konfigurierbar[item.id] = item.aussonderungsart_konfigurierbar
    decided = {item.id for item in bewertung.bewertungen}
    unbewertet = tuple(o.id for o in angebot.schriftgutobjekte if o.id not in decided)
    return Bewertungsabgleich(
        entscheidungen=entscheidungen,
        konfigurierbar=konfigurierbar,
        unbekannt=tuple(unbekannt),
        unbewertet=unbewertet,
    )


@dataclass(frozen=True)
class Importabgleich:
    """A 0506 read against its 0503.

    ``uebernommen`` maps records the archive took over to their Archivkennung (or None):
    only these may be deleted by the authority. ``abgelehnt`` maps refused records to the
    archive's messages; ``unbekannt`` are IDs never handed over; ``offen`` are top-level
    records handed over that the archive did not answer for.
    """

    uebernommen: dict[uuid.UUID, str | None]
    abgelehnt: dict[uuid.UUID, tuple[str, ...]]
    unbekannt: tuple[uuid.UUID, ...]
    offen: tuple[uuid.UUID, ...]


def abgleich_import(aussonderung: Aussonderung, bestaetigung: Importbestaetigung) -> Importabgleich:
    """Split a 0506's results into taken over, refused, unknown and unanswered records."""
    known = aussonderung.ids()
    uebernommen: dict[uuid.UUID, str | None] = {}
    abgelehnt: dict[uuid.UUID, tuple[str, ...]] = {}
    unbekannt: list[uuid.UUID] = []
    for item in bestaetigung.ergebnisse:
        if item.id not in known:
            unbekannt.append(item.id)
        elif item.erfolgreich:
            uebernommen[item.id] = item.archivkennung
        else:
            codes = tuple(c.name or c.code for c in item.fehlermeldung_codes)
            abgelehnt[item.id] = item.fehlermeldungen + codes
    answered = {item.id for item in bestaetigung.ergebnisse}
    offen = tuple(o.id for o in aussonderung.schriftgutobjekte if o.id not in answered)
    return Importabgleich(
        uebernommen=uebernommen, abgelehnt=abgelehnt, unbekannt=tuple(unbekannt), offen=offen
    )
