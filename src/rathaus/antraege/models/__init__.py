from .antrag import Anlage, Antrag, AntragStatus, Quittung, StatusEintrag, Zaehler
from .outbox import Clientsystem, Outbox, OutboxTakt

__all__ = [
    "Anlage",
    "Antrag",
    "AntragStatus",
    "Clientsystem",
    "Outbox",
    "OutboxTakt",
    "Quittung",
    "StatusEintrag",
    "Zaehler",
]
