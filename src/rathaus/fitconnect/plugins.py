"""Channels through which applications of other portals arrive, as plugins (core.plugins):
``fitconnect`` is the FIT-Connect subscriber, switched on by
RATHAUS_FITCONNECT_DESTINATION_ID (with its keys and client credentials)."""

from __future__ import annotations

from rathaus.core.plugins import Registry

from . import conf


class Eingangskanal:
    """A source of applications that enter the intake like a form submission."""

    def aktiv(self) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def abholen(self) -> int:  # pragma: no cover - interface
        """Fetch what is ready; returns how many were new."""
        raise NotImplementedError


eingangskanaele = Registry[Eingangskanal]()


@eingangskanaele.register("fitconnect")
class FitConnectSubscriber(Eingangskanal):
    def aktiv(self) -> bool:
        return conf.aktiv()

    def abholen(self) -> int:
        from .services import einreichungen_abholen

        return einreichungen_abholen()
