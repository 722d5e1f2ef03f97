"""Settings of the antraege app, read at call time with embedded defaults."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024
STANDARD_MEDIENTYPEN = ("application/pdf", "image/png", "image/jpeg", "image/tiff")


def _get(name: str, default: object) -> object:
    return getattr(settings, name, default)


def max_datei_bytes() -> int:
    """Largest single Anlage (RATHAUS_ANTRAEGE_MAX_DATEI_BYTES, default 10 MB)."""
    return int(_get("RATHAUS_ANTRAEGE_MAX_DATEI_BYTES", 10 * MB))  # type: ignore[call-overload]


def max_antrag_bytes() -> int:
    """All Anlagen of one Antrag together (RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES, 25 MB)."""
    return int(_get("RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES", 25 * MB))  # type: ignore[call-overload]


def max_dateien() -> int:
    """Most Anlagen per Antrag (RATHAUS_ANTRAEGE_MAX_DATEIEN, default 20)."""
    return int(_get("RATHAUS_ANTRAEGE_MAX_DATEIEN", 20))  # type: ignore[call-overload]


def medientypen() -> tuple[str, ...]:
    """Media types a file field without its own list accepts."""
    return tuple(_get("RATHAUS_ANTRAEGE_MEDIENTYPEN", STANDARD_MEDIENTYPEN))  # type: ignore[arg-type]


def virenscanner() -> str:
    """Plugin id of the virus scanner ("" = off; "clamav")."""
    return str(_get("RATHAUS_ANTRAEGE_VIRENSCANNER", ""))


def clamd_adresse() -> str:
    """Where clamd listens: "unix:/run/clamav/clamd.ctl" or "tcp:127.0.0.1:3310"."""
    return str(_get("RATHAUS_CLAMD_ADRESSE", "unix:/run/clamav/clamd.ctl"))
