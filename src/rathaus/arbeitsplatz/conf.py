"""Settings of the staff workspace (read from the environment in rathaus.config.settings),
read at call time."""

from __future__ import annotations

from django.conf import settings


def sitzung_absolut() -> int:
    """Seconds after the login when a staff session ends (RATHAUS_STAFF_SESSION_HOURS, 12)."""
    return int(float(settings.RATHAUS_STAFF_SESSION_HOURS) * 3600)


def sitzung_leerlauf() -> int:
    """Seconds without a request after which a staff session ends (…_IDLE_MINUTES, 30)."""
    return int(float(settings.RATHAUS_STAFF_SESSION_IDLE_MINUTES) * 60)


def seitengroesse() -> int:
    return 20
