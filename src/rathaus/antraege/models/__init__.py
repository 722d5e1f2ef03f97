from .antrag import (
    Anlage,
    Antrag,
    AntragStatus,
    EntwurfAnlage,
    Quittung,
    StatusEintrag,
    Zaehler,
)
from .clientsystem import Clientsystem

__all__ = [
    "Anlage",
    "Antrag",
    "AntragStatus",
    "Clientsystem",
    "EntwurfAnlage",
    "Quittung",
    "StatusEintrag",
    "Zaehler",
]
