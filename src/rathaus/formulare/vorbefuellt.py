"""What a draft took over from the citizen's identity, as stored with the draft.

The matching of fields to identity values lives in :mod:`formulare.vorbefuellung`; this
record remembers what was filled in and which steps still start with those values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .definition import Schritt


def schritt_von(name: str, schritte: tuple[Schritt, ...]) -> int | None:
    """The number of the step that shows the input ``name``."""
    oberstes = name.split(".", 1)[0]
    for s in schritte:
        if any(k.element.id == oberstes for k in s.kinder):
            return s.nr
    return None


@dataclass(frozen=True)
class Vorbefuellt:
    """What a draft took from the identity, as stored in ``Entwurf.vorbefuellung``.

    ``felder`` maps input names to the values taken over; ``offen`` are the steps not
    saved since, whose inputs still start with those values (a saved step shows what the
    citizen saved, never the identity again). ``quelle`` is the identity provider
    (issuer), ``angemeldet_am`` the login the values come from (ISO 8601).
    """

    felder: dict[str, Any] = field(default_factory=dict)
    offen: frozenset[int] = frozenset()
    quelle: str = ""
    angemeldet_am: str = ""

    def __bool__(self) -> bool:
        return bool(self.felder)

    @classmethod
    def neu(
        cls, *, felder: dict[str, Any], schritte: tuple[Schritt, ...], quelle: str, am: str
    ) -> Vorbefuellt:
        offen = frozenset(n for n in (schritt_von(k, schritte) for k in felder) if n)
        return cls(felder=felder, offen=offen, quelle=quelle, angemeldet_am=am)

    @classmethod
    def aus_json(cls, data: Any) -> Vorbefuellt:
        """The stored form read back; anything malformed counts as nothing taken over."""
        if not isinstance(data, dict) or not isinstance(data.get("felder"), dict):
            return cls()
        offen = data.get("offen")
        return cls(
            felder=dict(data["felder"]),
            offen=frozenset(n for n in offen if isinstance(n, int))
            if isinstance(offen, list)
            else frozenset(),
            quelle=str(data.get("quelle", "")),
            angemeldet_am=str(data.get("angemeldet_am", "")),
        )

    def to_json(self) -> dict[str, Any]:
        if not self.felder:
            return {}
        return {
            "felder": self.felder,
            "offen": sorted(self.offen),
            "quelle": self.quelle,
            "angemeldet_am": self.angemeldet_am,
        }

    def gespeichert(self, schritt: int) -> Vorbefuellt:
        """The record after step ``schritt`` was saved: that step takes nothing more."""
        return replace(self, offen=self.offen - {schritt})

    def fuer_schritt(self, schritt: Schritt) -> dict[str, Any]:
        """The values that still start the inputs of ``schritt`` (empty once it was saved)."""
        if schritt.nr not in self.offen:
            return {}
        oberste = {k.element.id for k in schritt.kinder}
        return {k: v for k, v in self.felder.items() if k.split(".", 1)[0] in oberste}
