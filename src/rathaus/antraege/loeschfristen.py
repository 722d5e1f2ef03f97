"""The Löschfrist of draft files: files of drafts that expired (or were deleted) go with
their stored content (see ``core.loeschfristen``)."""

from __future__ import annotations

from datetime import datetime

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q

from rathaus.core.loeschfristen import Loeschfrist, registry

from .models import EntwurfAnlage


def _loeschen(namen: list[str]) -> None:
    for name in namen:
        default_storage.delete(name)


@registry.register("entwurf_anlagen")
class EntwurfAnlagen(Loeschfrist):
    titel = "Dateien nicht eingereichter Antragsentwürfe (mit dem Entwurf)"
    app_label = "rathaus.antraege"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        # A deleted draft leaves its files' rows without a draft (SET_NULL).
        faellig = EntwurfAnlage.objects.filter(
            Q(entwurf__isnull=True) | Q(entwurf__laeuft_ab_am__lt=stichtag)
        )
        namen = list(faellig.values_list("speichername", flat=True))
        # Only once the rows' deletion has committed (a trial run rolls back: no effect).
        transaction.on_commit(lambda: _loeschen(namen))
        return faellig
