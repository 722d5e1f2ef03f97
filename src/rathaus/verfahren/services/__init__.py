"""Public write interface of the Verfahren (back office).

Every function takes keyword arguments and an explicit `actor`, runs in one transaction
and writes a Protokoll entry in it. Refused input raises ValidationError (naming the
field), a missing right PermissionDenied, a Verfahren outside the actor's units
DoesNotExist (the UI answers 404); in every case nothing is changed.
"""

from .antwort import nachforderung_answer
from .aufgaben import aufgabe_assign, aufgabe_claim, aufgabe_complete, aufgabe_release
from .fristen import fristen_check
from .modelle import fristregel_set, prozessmodell_fuer, prozessmodell_upload
from .verfahren import nachforderung_mark_answered, notiz_add, verfahren_create, wiedervorlage_set
from .zda import verfahren_zda, zda_moeglich

__all__ = [
    "aufgabe_assign",
    "aufgabe_claim",
    "aufgabe_complete",
    "aufgabe_release",
    "fristen_check",
    "fristregel_set",
    "nachforderung_answer",
    "nachforderung_mark_answered",
    "notiz_add",
    "prozessmodell_fuer",
    "prozessmodell_upload",
    "verfahren_create",
    "verfahren_zda",
    "wiedervorlage_set",
    "zda_moeglich",
]
