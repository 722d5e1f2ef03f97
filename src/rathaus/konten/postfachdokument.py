"""The Dokument attached to a Postfach message (a Bescheid …), as its recipient downloads it.

A message holds its E-Akte Dokument by the ForeignKey only. Finding the Dokument's newest
Version, opening its content and recording the download (the first one of a Bescheid sets
its `abgerufen_am`) belong to the apps above, and dependencies point from them to this app.
So the verfahren app installs its :class:`Dokumentquelle` when it starts (``quelle_setzen``)
and the download view asks :func:`quelle`. Without one, no message has a Dokument to offer.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .models import Buerger, Postfachnachricht


class Fassung(Protocol):
    """The version of the Dokument that is handed out."""

    @property
    def dokument_id(self) -> int | None: ...

    @property
    def dateiname(self) -> str: ...

    @property
    def mediatyp(self) -> str: ...


class Dokumentquelle(Protocol):
    def fassung(self, *, buerger: Buerger, nachricht: Postfachnachricht) -> Fassung | None:
        """The version to hand out; None for someone else's message, a message without
        Dokument, or a Dokument that is gone."""
        ...

    def oeffnen(self, fassung: Fassung) -> IO[bytes]:
        """The content, opened for streaming; OSError when the storage cannot be read."""
        ...

    def abgerufen(self, *, nachricht: Postfachnachricht, fassung: Fassung, actor: Any) -> None:
        """Record the download before the content leaves the system."""
        ...


class KeineQuelle:
    """No app installed a source: no message has a Dokument to offer."""

    def fassung(self, *, buerger: Buerger, nachricht: Postfachnachricht) -> Fassung | None:
        return None

    def oeffnen(self, fassung: Fassung) -> IO[bytes]:
        raise OSError("no source of Postfach documents is installed")

    def abgerufen(self, *, nachricht: Postfachnachricht, fassung: Fassung, actor: Any) -> None:
        raise RuntimeError("no source of Postfach documents is installed")


_aktiv: list[Dokumentquelle] = [KeineQuelle()]


def quelle_setzen(neu: Dokumentquelle) -> Dokumentquelle:
    """Install the source (the verfahren app's AppConfig.ready calls this); returns the
    one it replaces."""
    alt, _aktiv[0] = _aktiv[0], neu
    return alt


def quelle() -> Dokumentquelle:
    return _aktiv[0]
