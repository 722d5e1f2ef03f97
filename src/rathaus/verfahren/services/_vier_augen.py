"""Four eyes: who may not work on a co-signature task of a Verfahren."""

from __future__ import annotations

from ..bpmn.aufgabenarten import AUFGABENARTEN
from ..models import Aufgabe, Mitzeichnung


def entscheidung_von(verfahren_id: int) -> Aufgabe | None:
    """The decision a co-signature signs: the latest completed decision of the Verfahren."""
    return (
        Aufgabe.objects.filter(
            verfahren_id=verfahren_id, art="entscheidung", status=Aufgabe.Status.ERLEDIGT
        )
        .order_by("-erledigt_am", "-id")
        .first()
    )


def ausgeschlossen(*, art: str, verfahren_id: int) -> set[int]:
    """Who may not do a task of kind `art` in the Verfahren: for a co-signature the person
    who made the decision and whoever signed that decision already; nobody otherwise."""
    aufgabenart = AUFGABENARTEN.get(art)
    if aufgabenart is None or not aufgabenart.vier_augen:
        return set()
    entscheidung = entscheidung_von(verfahren_id)
    if entscheidung is None:
        return set()
    gezeichnet = Mitzeichnung.objects.filter(entscheidung_aufgabe=entscheidung).values_list(
        "zeichner_id", flat=True
    )
    return {pk for pk in (entscheidung.erledigt_von_id, *gezeichnet) if pk is not None}
