"""Staff writes on a paid claim: booking a bank transfer (GiroCode), refunds (four eyes)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write

from ..models import (
    Erstattung,
    Zahlung,
)
from ..outbox import ZAHLUNG_ERSTATTET
from .gemeinsam import (
    S,
    _darf,
    _zustand,
)


@transaction.atomic
def zahlung_book_transfer(
    *, zahlung: Zahlung, actor: Actor, betrag_cent: int, buchungsreferenz: str
) -> Zahlung:
    """The Stadtkasse books a bank transfer (GiroCode) as received; the amount must be
    the claim's. Needs ``zahlungen.buchen``."""
    if not _darf(actor, "zahlungen.buchen"):
        raise PermissionDenied
    z = Zahlung.objects.select_for_update().get(pk=zahlung.pk)
    if z.status == S.BEZAHLT:
        return z
    if betrag_cent != z.betrag_cent:
        raise ValidationError(
            _("Der Betrag stimmt nicht mit der Forderung überein."), code="betrag"
        )
    z.anbieter = "girocode"
    z.zahlungsmethode = "UEBERWEISUNG"
    z.transaktion_id = buchungsreferenz.strip()[:44]
    z.bezahlt_am = timezone.now()
    _zustand(z, S.BEZAHLT, actor=actor, details={"buchung": z.transaktion_id})
    return z


@transaction.atomic
def zahlung_refund(*, zahlung: Zahlung, actor: Actor, grund: str) -> Erstattung:
    """Request the refund of a paid payment (``zahlungen.erstatten``). Below
    RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT it takes effect at once; above, a second member of
    staff releases it (`zahlung_refund_release`). The money goes back through the
    Stadtkasse (XBezahldienste 1.0 has no refund call); this records the decision."""
    if not _darf(actor, "zahlungen.erstatten"):
        raise PermissionDenied
    grund = (grund or "").strip()
    if not grund:
        raise ValidationError(_("Bitte geben Sie einen Grund an."), code="grund")
    z = Zahlung.objects.select_for_update().get(pk=zahlung.pk)
    if z.status != S.BEZAHLT or Erstattung.objects.filter(zahlung=z).exists():
        raise ValidationError(_("Nur eine bezahlte Zahlung kann erstattet werden."), code="status")
    erstattung = Erstattung.objects.create(
        zahlung=z,
        grund=grund[:500],
        beantragt_von=actor,  # type: ignore[misc]
    )
    protokoll_write(
        actor=actor, action="zahlung.erstattung_beantragt", target=z, details={"grund": grund[:500]}
    )
    if z.betrag_cent < int(settings.RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT):
        _erstatten(erstattung, z, actor=actor)
    return erstattung


@transaction.atomic
def zahlung_refund_release(*, erstattung: Erstattung, actor: Actor) -> Erstattung:
    """The second member of staff releases a refund above the threshold (four eyes)."""
    if not _darf(actor, "zahlungen.erstatten"):
        raise PermissionDenied
    e = Erstattung.objects.select_for_update().get(pk=erstattung.pk)
    if e.erstattet_am is not None:
        return e
    if e.beantragt_von_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("Die Freigabe muss eine zweite Person erteilen."))
    z = Zahlung.objects.select_for_update().get(pk=e.zahlung_id)
    _erstatten(e, z, actor=actor)
    return e


def _erstatten(erstattung: Erstattung, zahlung: Zahlung, *, actor: Actor) -> None:
    erstattung.freigegeben_von = actor  # type: ignore[assignment]
    erstattung.erstattet_am = timezone.now()
    erstattung.save(update_fields=["freigegeben_von", "erstattet_am", "geaendert_am"])
    _zustand(zahlung, S.ERSTATTET, actor=actor, details={"erstattung": erstattung.pk})
    outbox_write(
        topic=ZAHLUNG_ERSTATTET,
        key=zahlung.kassenzeichen,
        payload={"zahlung": str(zahlung.oeffentliche_id), "subjekt": zahlung.subjekt},
        context=zahlung,
    )
