"""Writes of the antraege app: draft files, submission, status, receipt, outbox delivery,
API clients.

Every function takes keyword arguments and an explicit ``actor``, runs in one
transaction and writes a Protokoll entry in it.
"""

from .clientsystem import clientsystem_create
from .einreichen import (
    AntragKonflikt,
    Einreichung,
    antrag_receive,
    antrag_submit,
)
from .entwurf import entwurf_anlage_remove, entwurf_anlagen_orphans_delete, entwurf_anlagen_store
from .outbox import outbox_deliver, outbox_retry, outbox_sweep, outbox_takt_planen, outbox_write
from .quittung import quittung_ensure
from .status import antrag_status_set

__all__ = [
    "AntragKonflikt",
    "Einreichung",
    "antrag_receive",
    "antrag_status_set",
    "antrag_submit",
    "clientsystem_create",
    "entwurf_anlage_remove",
    "entwurf_anlagen_orphans_delete",
    "entwurf_anlagen_store",
    "outbox_deliver",
    "outbox_retry",
    "outbox_sweep",
    "outbox_takt_planen",
    "outbox_write",
    "quittung_ensure",
]
