"""Writes of the antraege app: draft files, submission, status, receipt, filing in the
E-Akte, API clients.

Every function takes keyword arguments and an explicit ``actor``, runs in one
transaction and writes a Protokoll entry in it.
"""

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
from .status import antrag_status_set

__all__ = [
    "AntragKonflikt",
    "Einreichung",
    "antrag_file",
    "antrag_receive",
    "antrag_status_set",
    "antrag_submit",
    "clientsystem_create",
    "clientsystem_token_revoke",
    "clientsystem_token_rotate",
    "entwurf_anlage_remove",
    "entwurf_anlagen_orphans_delete",
    "entwurf_anlagen_store",
    "quittung_ensure",
]
