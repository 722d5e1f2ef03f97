"""Settings of the antraege app (read from the environment in rathaus.config.settings),
read at call time so tests and deployments can change them."""

from __future__ import annotations

from django.conf import settings

STANDARD_MEDIENTYPEN = ("application/pdf", "image/png", "image/jpeg", "image/tiff")


def max_datei_bytes() -> int:
    """Largest single Anlage (RATHAUS_ANTRAEGE_MAX_DATEI_BYTES, default 10 MB)."""
    return int(settings.RATHAUS_ANTRAEGE_MAX_DATEI_BYTES)


def max_antrag_bytes() -> int:
    """All Anlagen of one Antrag together (RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES, 25 MB)."""
    return int(settings.RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES)


def max_dateien() -> int:
    """Most Anlagen per Antrag (RATHAUS_ANTRAEGE_MAX_DATEIEN, default 20)."""
    return int(settings.RATHAUS_ANTRAEGE_MAX_DATEIEN)


def medientypen() -> tuple[str, ...]:
    """Media types a file field without its own list accepts (RATHAUS_ANTRAEGE_MEDIENTYPEN,
    some of STANDARD_MEDIENTYPEN)."""
    return tuple(settings.RATHAUS_ANTRAEGE_MEDIENTYPEN)


def virenscanner() -> str:
    """Plugin id of the virus scanner ("" = off; "clamav")."""
    return str(settings.RATHAUS_ANTRAEGE_VIRENSCANNER)


def clamd_adresse() -> str:
    """Where clamd listens: "unix:/run/clamav/clamd.ctl" or "tcp:127.0.0.1:3310"."""
    return str(settings.RATHAUS_CLAMD_ADRESSE)
