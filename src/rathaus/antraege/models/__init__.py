from .antrag import (
    Anlage,
    Antrag,
    AntragStatus,
    EntwurfAnlage,
    Quittung,
    StatusEintrag,
    Zaehler,
)
from .outbox import Clientsystem, Outbox, OutboxTakt

__all__ = [
    "Anlage",
    "Antrag",
    "AntragStatus",
    "Clientsystem",
    "EntwurfAnlage",
    "Outbox",
    "OutboxTakt",
    "Quittung",
    "StatusEintrag",
    "Zaehler",
]
