from __future__ import annotations

from django.db.models import Model, QuerySet

from .models import Protokoll


def protokoll_for(*, target: Model) -> QuerySet[Protokoll]:
    return Protokoll.objects.filter(
        objekt_typ=target._meta.label_lower, objekt_id=str(target.pk)
    ).select_related("akteur")
