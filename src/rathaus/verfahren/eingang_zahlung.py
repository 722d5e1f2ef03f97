"""The intake step "zahlung": a fee due before processing (issue 13).

For an Antrag whose Leistung has an advance fee (a Gebührenregel with Fälligkeit
``vorab``), the step makes sure the payment of ``"antrag:<pk>"`` exists (usually the
submit view created it already, in the citizen's request, so that the citizen's browser
may pay it) and waits until it is paid. The outbox topic ``zahlung.bezahlt`` reaches the
consumer below, which lets the intake go on (`eingang_continue`): from the return page, a
provider's notification, or the periodic reconciliation after the citizen closed the
browser — the same path each time, and the step itself asks the payment, never a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rathaus.core.outbox import Consumer, consumers
from rathaus.core.services import SYSTEM
from rathaus.zahlungen import selectors as zahlungen_selectors
from rathaus.zahlungen import services as zahlungen_services
from rathaus.zahlungen.outbox import ZAHLUNG_BEZAHLT

from .eingang import EingangSchritt, eingang_continue, eingang_schritte

if TYPE_CHECKING:
    from rathaus.core.models import Outbox

    from .models import Eingang

ERLEDIGT = ("bezahlt",)


def subjekt_of(antrag_id: int) -> str:
    return f"antrag:{antrag_id}"


@eingang_schritte.register("gebuehr")
class GebuehrVorab(EingangSchritt):
    """Waits for the advance fee of the Antrag (none, or exempt: goes on at once)."""

    stelle = "zahlung"

    def betrifft(self, antrag: Any) -> bool:
        return zahlungen_selectors.vorab_gebuehr_of(leistung_id=antrag.leistung_id)

    def ausfuehren(self, eingang: Eingang, antrag: Any) -> bool:
        subjekt = subjekt_of(antrag.pk)
        zahlung = zahlungen_selectors.zahlung_of_subjekt(subjekt=subjekt)
        if zahlung is None or zahlung.status == "erstattet":
            # A submission through another channel (FIT-Connect, API): the claim is made
            # here, computed from the answers as submitted.
            zahlung = zahlungen_services.zahlung_create(
                leistung=antrag.leistung,
                subjekt=subjekt,
                antworten=zahlungen_selectors.antworten_flach(daten=antrag.daten),
                actor=SYSTEM,
                konto=antrag.buerger.user if antrag.buerger is not None else None,
            )
            if zahlung is None:  # everything exempt
                return True
        return zahlung.status in ERLEDIGT


@consumers.register("eingang_zahlung")
class GebuehrBezahlt(Consumer):
    """``zahlung.bezahlt`` for ``antrag:<pk>``: the waiting intake goes on."""

    topics = (ZAHLUNG_BEZAHLT,)

    def deliver(self, row: Outbox) -> None:
        art, _sep, pk = str((row.payload or {}).get("subjekt", "")).partition(":")
        if art == "antrag" and pk.isdigit():
            eingang_continue(antrag_id=int(pk))
