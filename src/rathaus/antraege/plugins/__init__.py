"""Virus scanner plugins (registry ``virenscanner``), switched by RATHAUS_ANTRAEGE_VIRENSCANNER."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from rathaus.core.plugins import Registry


@dataclass(frozen=True)
class Befund:
    sauber: bool
    signatur: str = ""


class VirenscannerFehler(Exception):
    """The scanner could not give an answer (not reachable, protocol error, limit)."""


class Virenscanner:
    """Base class: ``scan`` reads the whole content and says whether it is clean."""

    name = "virenscanner"

    def scan(self, datei: IO[bytes]) -> Befund:  # pragma: no cover - interface
        raise NotImplementedError


virenscanner = Registry[Virenscanner]()


def scanner_aktiv() -> Virenscanner | None:
    """The configured scanner, None when scanning is off (the default)."""
    from .. import conf

    ident = conf.virenscanner()
    if not ident:
        return None
    from . import clamav  # noqa: F401 - registers the built-in plugin

    return virenscanner[ident]()
