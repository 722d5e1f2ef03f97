"""The interface every Auskunft provider implements, and the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rathaus.core.plugins import Registry

if TYPE_CHECKING:
    from rathaus.konten.models import Buerger


@dataclass(frozen=True)
class Datei:
    """A file for the ZIP: `name` is relative to the provider's folder; content on demand."""

    name: str
    inhalt: Callable[[], bytes]


@dataclass
class Teil:
    """What one provider holds about the person.

    `daten` maps JSON file names to JSON-able data; `objekte` lists (objekt_typ,
    objekt_id) of the person's rows, whose Protokoll entries go into the Auskunft too.
    `beschreibung` is the German paragraph of the README about this part.
    """

    beschreibung: str
    daten: dict[str, Any] = field(default_factory=dict)
    dateien: list[Datei] = field(default_factory=list)
    objekte: list[tuple[str, str]] = field(default_factory=list)


class AuskunftProvider:
    """Collects what one app holds about a citizen (override `sammeln`)."""

    titel = ""

    def sammeln(self, *, buerger: Buerger) -> Teil:
        raise NotImplementedError


registry = Registry[AuskunftProvider]()
