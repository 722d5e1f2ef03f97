"""Writes of the public portal."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from rathaus.core.services import Actor, protokoll_write

from .models import Barrierefreiheitsmeldung

MELDUNGEN_PRO_STUNDE = 5
_RATE_WINDOW = 60 * 60


def _eingangsnummer(meldung: Barrierefreiheitsmeldung) -> str:
    jahr = meldung.erstellt_am.astimezone(ZoneInfo(settings.TIME_ZONE)).year
    return f"BF-{jahr}-{meldung.pk:06d}"


@transaction.atomic
def barrierefreiheitsmeldung_create(
    *, nachricht: str, name: str = "", email: str = "", seite: str = "", actor: Actor
) -> Barrierefreiheitsmeldung:
    """Store a report from the accessibility statement's feedback form.

    The Eingangsnummer (BF-<year>-<six digits>) is derived from the row's key, so two
    reports never share one, and it is given to the sender as the acknowledgement.
    """
    meldung = Barrierefreiheitsmeldung.objects.create(
        name=name.strip(),
        email=email.strip(),
        seite=seite.strip(),
        nachricht=nachricht.strip(),
        # A unique placeholder until the key is known; replaced before the commit.
        eingangsnummer=f"neu-{uuid.uuid4().hex[:24]}",
    )
    meldung.eingangsnummer = _eingangsnummer(meldung)
    meldung.save(update_fields=["eingangsnummer"])
    protokoll_write(
        actor=actor,
        action="barrierefreiheitsmeldung.create",
        target=meldung,
        details={"seite": meldung.seite[:200]},
    )
    return meldung


def _rate_key(client: str) -> str:
    return f"portal:bf-meldung:{client}"


def meldung_rate_exhausted(*, client: str) -> bool:
    """True when this client (an IP address) sent the allowed reports within the hour."""
    return int(cache.get(_rate_key(client), 0)) >= MELDUNGEN_PRO_STUNDE


def meldung_rate_count(*, client: str) -> int:
    """Count one report of this client; the window starts with its first report."""
    key = _rate_key(client)
    cache.add(key, 0, timeout=_RATE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_RATE_WINDOW)
        return 1
