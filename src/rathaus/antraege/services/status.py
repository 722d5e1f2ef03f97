"""Status history of an Antrag (driven by the back office)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write

from ..models import Antrag, AntragStatus, StatusEintrag

S = AntragStatus
UEBERGAENGE: dict[str, set[str]] = {
    S.EINGEGANGEN: {S.IN_BEARBEITUNG, S.NACHFORDERUNG, S.BESCHIEDEN, S.ABGESCHLOSSEN},
    S.IN_BEARBEITUNG: {S.NACHFORDERUNG, S.BESCHIEDEN, S.ABGESCHLOSSEN},
    S.NACHFORDERUNG: {S.IN_BEARBEITUNG, S.BESCHIEDEN, S.ABGESCHLOSSEN},
    S.BESCHIEDEN: {S.ABGESCHLOSSEN},
    S.ABGESCHLOSSEN: set(),
}


def _name(actor: Actor) -> str:
    if actor is None or isinstance(actor, str):
        return actor or "anonym"
    return str(actor.get_username()) if actor.is_authenticated else "anonym"


@transaction.atomic
def antrag_status_set(
    *, antrag: Antrag, status: str, actor: Actor, bemerkung: str = ""
) -> StatusEintrag:
    """Append a status to the Antrag's history; only forward transitions are allowed."""
    gesperrt = Antrag.objects.select_for_update().get(pk=antrag.pk)
    aktuell = (
        StatusEintrag.objects.filter(antrag=gesperrt)
        .order_by("-zeitpunkt", "-id")
        .values_list("status", flat=True)
        .first()
    ) or S.EINGEGANGEN
    if status not in S.values:
        raise ValidationError({"status": _("Unbekannter Status.")})
    if status not in UEBERGAENGE[aktuell]:
        raise ValidationError(
            {
                "status": _("Von „%(von)s“ geht es nicht zu „%(nach)s“.")
                % {"von": aktuell, "nach": status}
            }
        )
    eintrag = StatusEintrag.objects.create(
        antrag=gesperrt,
        status=status,
        zeitpunkt=timezone.now(),
        akteur_name=_name(actor)[:200],
        bemerkung=bemerkung.strip()[:500],
    )
    protokoll_write(
        actor=actor,
        action="antrag.status",
        target=gesperrt,
        details={"von": aktuell, "nach": status},
    )
    return eintrag
