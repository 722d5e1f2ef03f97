"""Settings of the staff workspace, read at call time with embedded defaults."""

from __future__ import annotations

from django.conf import settings


def sitzung_absolut() -> int:
    """Seconds after the login when a staff session ends (RATHAUS_STAFF_SESSION_HOURS, 12)."""
    return int(float(getattr(settings, "RATHAUS_STAFF_SESSION_HOURS", 12)) * 3600)


def sitzung_leerlauf() -> int:
    """Seconds without a request after which a staff session ends (…_IDLE_MINUTES, 30)."""
    return int(float(getattr(settings, "RATHAUS_STAFF_SESSION_IDLE_MINUTES", 30)) * 60)


def anmeldung_gueltig() -> int:
    """Seconds between password and second factor (5 minutes)."""
    return 300


def seitengroesse() -> int:
    return 20
