"""Writes of the antraege app: draft files, submission, status, receipt, filing in the
E-Akte, API clients.

Every function takes keyword arguments and an explicit ``actor``, runs in one
transaction and writes a Protokoll entry in it. Beside them: the statuses of an Antrag and
their allowed transitions (``AntragStatus``, ``UEBERGAENGE``) that ``antrag_status_set``
takes, and the upload checks (``dateien_pruefen`` with ``Datei`` and ``Geprueft``: size,
type, safe name, virus scan) for files other apps take from citizens.
"""

from ..dateien import Datei, Geprueft, dateien_pruefen
from ..models import AntragStatus
from .akte import antrag_file
from .clientsystem import (
    clientsystem_create,
    clientsystem_token_revoke,
    clientsystem_token_rotate,
)
from .einreichen import (
    AntragKonflikt,
    Einreichung,
    antrag_receive,
    antrag_submit,
)
from .entwurf import entwurf_anlage_remove, entwurf_anlagen_orphans_delete, entwurf_anlagen_store
from .quittung import quittung_ensure
from .status import UEBERGAENGE, antrag_status_set

__all__ = [
    "UEBERGAENGE",
    "AntragKonflikt",
    "AntragStatus",
    "Datei",
    "Einreichung",
    "Geprueft",
    "antrag_file",
    "antrag_receive",
    "antrag_status_set",
    "antrag_submit",
    "clientsystem_create",
    "clientsystem_token_revoke",
    "clientsystem_token_rotate",
    "dateien_pruefen",
    "entwurf_anlage_remove",
    "entwurf_anlagen_orphans_delete",
    "entwurf_anlagen_store",
    "quittung_ensure",
]
