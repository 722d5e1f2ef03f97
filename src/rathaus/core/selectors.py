from __future__ import annotations

from datetime import datetime

from django.db.models import Model, QuerySet

from .models import Protokoll


def protokoll_for(*, target: Model) -> QuerySet[Protokoll]:
    return Protokoll.objects.filter(
        objekt_typ=target._meta.label_lower, objekt_id=str(target.pk)
    ).select_related("akteur")


def protokoll_of_actor(*, akteur_id: int, aktion: str, seit: datetime) -> QuerySet[Protokoll]:
    """Entries of one action by one account since `seit` (e.g. its logins)."""
    return Protokoll.objects.filter(akteur_id=akteur_id, aktion=aktion, zeitpunkt__gte=seit)
