"""Fee computation from a Leistung's Gebührenregeln and the answers of a form (read only).

`gebuehr_berechnen` is what the form shows before submission and what `zahlung_create`
stores: the same function on the server, so an amount sent by a browser is never used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Faelligkeit, Gebuehrenregel


@dataclass(frozen=True)
class Gebuehrenposition:
    regel_id: int
    bezeichnung: str
    rechtsgrundlage: str
    menge: int
    betrag_cent: int  # 0 when exempt
    befreit: str = ""  # the recorded reason of an exemption

    def als_dict(self) -> dict[str, Any]:
        return {
            "regel": self.regel_id,
            "bezeichnung": self.bezeichnung,
            "rechtsgrundlage": self.rechtsgrundlage,
            "menge": self.menge,
            "betrag_cent": self.betrag_cent,
            "befreit": self.befreit,
        }


@dataclass(frozen=True)
class Berechnung:
    positionen: tuple[Gebuehrenposition, ...]

    @property
    def summe_cent(self) -> int:
        return sum(p.betrag_cent for p in self.positionen)


def _menge(regel: Gebuehrenregel, antworten: Mapping[str, Any]) -> int:
    wert = antworten.get(regel.mengenfeld)
    if isinstance(wert, bool) or wert is None or wert == "":
        raise ValidationError(
            _("Bitte geben Sie die Anzahl an."),
            code="menge_fehlt",
            params={"feld": regel.mengenfeld},
        )
    try:
        menge = int(str(wert).strip())
    except ValueError:
        raise ValidationError(
            _("Die Anzahl muss eine ganze Zahl sein."), code="menge_ungueltig"
        ) from None
    if not 1 <= menge <= regel.menge_max:
        raise ValidationError(
            _("Die Anzahl muss zwischen 1 und %(max)s liegen.") % {"max": regel.menge_max},
            code="menge_ungueltig",
        )
    return menge


def regel_betrag(
    regel: Gebuehrenregel, *, antworten: Mapping[str, Any], festgesetzt_cent: int | None
) -> tuple[int, int]:
    """(Menge, Betrag in Cent) of one rule."""
    if regel.art == Gebuehrenregel.Art.STUECK:
        menge = _menge(regel, antworten) if regel.mengenfeld else 1
        weitere = regel.betrag_weitere_cent
        if weitere is None:
            weitere = regel.betrag_cent
        return menge, regel.betrag_cent + (menge - 1) * weitere
    if regel.art == Gebuehrenregel.Art.RAHMEN:
        if festgesetzt_cent is None:
            raise ValidationError(
                _("Die Gebühr „%(regel)s“ setzt die Behörde fest.") % {"regel": regel.bezeichnung},
                code="festsetzung_fehlt",
            )
        hoechst = regel.betrag_max_cent if regel.betrag_max_cent is not None else regel.betrag_cent
        if isinstance(festgesetzt_cent, bool) or not (
            isinstance(festgesetzt_cent, int) and regel.betrag_cent <= festgesetzt_cent <= hoechst
        ):
            raise ValidationError(
                _("Der Betrag liegt außerhalb des Gebührenrahmens."), code="ausserhalb_rahmen"
            )
        return 1, festgesetzt_cent
    return 1, regel.betrag_cent


def gebuehr_berechnen(
    *,
    regeln: list[Gebuehrenregel],
    antworten: Mapping[str, Any],
    festsetzungen: Mapping[int, int] | None = None,
    befreiungen: Mapping[int, str] | None = None,
) -> Berechnung:
    """The positions of the active rules given; `festsetzungen` (rule id → cents) are the
    clerk's amounts of range rules, `befreiungen` (rule id → reason) exempt a position."""
    festsetzungen = festsetzungen or {}
    befreiungen = befreiungen or {}
    positionen = []
    for regel in regeln:
        grund = (befreiungen.get(regel.pk) or "").strip()
        if grund and not regel.befreiung_moeglich:
            raise ValidationError(
                _("Von der Gebühr „%(regel)s“ ist keine Befreiung vorgesehen.")
                % {"regel": regel.bezeichnung},
                code="keine_befreiung",
            )
        if grund:
            positionen.append(
                Gebuehrenposition(
                    regel.pk, regel.bezeichnung, regel.rechtsgrundlage, 1, 0, grund[:500]
                )
            )
            continue
        menge, betrag = regel_betrag(
            regel, antworten=antworten, festgesetzt_cent=festsetzungen.get(regel.pk)
        )
        positionen.append(
            Gebuehrenposition(regel.pk, regel.bezeichnung, regel.rechtsgrundlage, menge, betrag)
        )
    return Berechnung(tuple(positionen))


def regeln_der_leistung(
    *, leistung_id: int, faelligkeit: str = Faelligkeit.VORAB
) -> list[Gebuehrenregel]:
    return list(
        Gebuehrenregel.objects.filter(leistung_id=leistung_id, faelligkeit=faelligkeit, aktiv=True)
    )
