"""Verfahren models: process models (BPMN), the Verfahren with its workflow state, the
Aufgaben mirrored from READY user tasks, Fristen, notes, co-signatures and messages,
Bescheidvorlagen and issued Bescheide."""

from .bescheid import Bescheid, BescheidVorlage
from .eingang import Eingang
from .prozess import Fristregel, Prozessmodell
from .verfahren import Aufgabe, Frist, Mitzeichnung, Nachricht, Notiz, Verfahren

__all__ = [
    "Aufgabe",
    "Bescheid",
    "BescheidVorlage",
    "Eingang",
    "Frist",
    "Fristregel",
    "Mitzeichnung",
    "Nachricht",
    "Notiz",
    "Prozessmodell",
    "Verfahren",
]
