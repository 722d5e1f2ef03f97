"""The intake (Eingang) of a submitted Antrag: everything that happens after "absenden",
in the order it happens.

The outbox hands every submitted Antrag (topic ``antrag.eingereicht``) to `eingang_run`,
which runs these steps top to bottom:

    1. zustaendigkeit    find the responsible Organisationseinheit — once, with the one
                         selector (`katalog.selectors.zustaendige_stelle`); the Akte and
                         the Verfahren both get this unit
    2. ablage            open the Vorgang in the E-Akte where the Leistung's Aktenplan
                         position says, and file the Antrag in it (readable PDF, answers
                         as JSON, receipt, uploads)
    3. zahlung           extension point: a fee due before processing (payment plugins)
    4. termin            extension point: an appointment the service needs (appointments)
    5. verfahren         start the Verfahren, with real links to its Antrag and Vorgang
    6. benachrichtigung  tell the citizen in their Postfach that the Antrag is in hand

Each step runs in its own transaction with the `Eingang` row locked and records in that
same transaction that it ran: a crash between steps repeats nothing and loses nothing, and a
repeated delivery (a retry, a second worker) runs only what has not run. A step that fails
raises; the outbox retries the delivery with backoff and the pipeline resumes at that step.

Later apps plug into the extension points with an `EingangSchritt` registered in
`eingang_schritte` for the place "zahlung" or "termin". Such a step may have to wait for
the citizen (a payment): it returns False, the pipeline stops there, and
`eingang_continue` (called when the payment arrived) lets it go on.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.akten.services import vorgang_open
from rathaus.antraege.selectors import antrag_eingereicht
from rathaus.antraege.services import antrag_file
from rathaus.core.outbox import DeliveryError, outbox_write
from rathaus.core.plugins import Registry
from rathaus.core.services import SYSTEM, protokoll_write
from rathaus.katalog.selectors import zustaendige_stelle
from rathaus.konten.services import postfachnachricht_create

from .models import Eingang
from .outbox import EINGANG_WEITER
from .services import verfahren_create

if TYPE_CHECKING:
    from rathaus.antraege.models import Antrag


class EingangSchritt:
    """A step that a later app adds at an extension point of the intake."""

    # "zahlung" or "termin": where in the order the step runs
    stelle: ClassVar[str] = ""

    def betrifft(self, antrag: Antrag) -> bool:
        """Whether this Antrag needs the step at all (a Leistung with a fee …)."""
        return True

    def ausfuehren(self, eingang: Eingang, antrag: Antrag) -> bool:  # pragma: no cover
        """Do the step; True when done, False when it waits (see `eingang_continue`).
        Runs inside the step's transaction; must be safe to call again until it is done."""
        raise NotImplementedError


eingang_schritte = Registry[EingangSchritt]()
ERWEITERUNGEN = ("zahlung", "termin")


# -- the steps, in their order --------------------------------------------------------------


def zustaendigkeit(eingang: Eingang, antrag: Antrag) -> bool:
    if antrag.leistung is None:
        raise DeliveryError(_("Das Formular ist keiner Leistung zugeordnet."))
    stelle = zustaendige_stelle(leistung=antrag.leistung)
    if stelle is None:
        raise DeliveryError(
            _("Für die Leistung %s ist keine Stelle zuständig.") % antrag.leistung.name
        )
    eingang.organisationseinheit = stelle
    return True


def ablage(eingang: Eingang, antrag: Antrag) -> bool:
    assert antrag.leistung is not None and eingang.organisationseinheit is not None
    # Raises ValidationError "keine_zuordnung" without an Aktenplan position: recorded on
    # the outbox row and retried once the Aktenplan is maintained.
    eingang.vorgang = vorgang_open(
        betreff=f"{antrag.leistung.name} – {antrag.aktenzeichen}"[:500],
        actor=SYSTEM,
        leistung=antrag.leistung,
        organisationseinheit=eingang.organisationseinheit,
        verfahren_ref=antrag.aktenzeichen,
    )
    antrag_file(antrag=antrag, vorgang=eingang.vorgang, actor=SYSTEM)
    return True


def _erweiterung(stelle: str) -> Callable[[Eingang, Antrag], bool]:
    def schritt(eingang: Eingang, antrag: Antrag) -> bool:
        for ident in eingang_schritte:
            plugin = eingang_schritte[ident]()
            name = f"{stelle}:{ident}"
            if plugin.stelle != stelle or name in eingang.erledigt:
                continue
            if not plugin.betrifft(antrag):  # recorded only where it ran (no fee: no trace)
                continue
            if not plugin.ausfuehren(eingang, antrag):
                return False
            eingang.erledigt[name] = timezone.now().isoformat()
        return True

    return schritt


def verfahren(eingang: Eingang, antrag: Antrag) -> bool:
    assert antrag.leistung is not None and eingang.organisationseinheit is not None
    assert eingang.vorgang is not None
    verfahren_create(
        antrag=antrag,
        vorgang=eingang.vorgang,
        aktenzeichen=antrag.aktenzeichen,
        leistung=antrag.leistung,
        organisationseinheit=eingang.organisationseinheit,
        buerger=antrag.buerger,
        eingegangen_am=antrag.eingereicht_am,
        actor=SYSTEM,
    )
    return True


def benachrichtigung(eingang: Eingang, antrag: Antrag) -> bool:
    if antrag.buerger is None:  # no account: the confirmation email is all there is
        return True
    with translation.override(settings.LANGUAGE_CODE):
        betreff = _("Ihr Antrag %(az)s ist eingegangen") % {"az": antrag.aktenzeichen}
        text = render_to_string(
            "antraege/postfach_eingang.txt",
            {"antrag": antrag, "kommune": settings.RATHAUS_KOMMUNE},
        )
    postfachnachricht_create(
        empfaenger=antrag.buerger,
        betreff=betreff,
        text=text,
        dokument_referenz=antrag.aktenzeichen,
        actor=SYSTEM,
    )
    return True


SCHRITTE: tuple[tuple[str, Callable[[Eingang, Antrag], bool]], ...] = (
    ("zustaendigkeit", zustaendigkeit),
    ("ablage", ablage),
    ("zahlung", _erweiterung("zahlung")),
    ("termin", _erweiterung("termin")),
    ("verfahren", verfahren),
    ("benachrichtigung", benachrichtigung),
)


# -- running them ---------------------------------------------------------------------------


def _schritt(eingang_id: int, name: str, schritt: Callable[[Eingang, Antrag], bool]) -> bool:
    """Run one step with the Eingang locked; True if it is done (now or before)."""
    with transaction.atomic():
        eingang = Eingang.objects.select_for_update().get(pk=eingang_id)
        if name in eingang.erledigt:
            return True
        antrag = antrag_eingereicht(pk=eingang.antrag_id)
        if not schritt(eingang, antrag):
            eingang.save(update_fields=["erledigt", "geaendert_am"])  # its sub-steps so far
            return False
        eingang.erledigt[name] = timezone.now().isoformat()
        eingang.save()
        protokoll_write(
            actor=SYSTEM,
            action=f"eingang.{name}",
            target=eingang,
            details={"antrag": antrag.aktenzeichen},
        )
        return True


def eingang_run(*, antrag_id: int) -> Eingang:
    """Run the intake of the submitted Antrag `antrag_id` as far as it can go now."""
    eingang, _neu = Eingang.objects.get_or_create(antrag_id=antrag_id)
    for name, schritt in SCHRITTE:
        if not _schritt(eingang.pk, name, schritt):
            break
    else:
        Eingang.objects.filter(pk=eingang.pk, abgeschlossen_am__isnull=True).update(
            abgeschlossen_am=timezone.now()
        )
    eingang.refresh_from_db()
    return eingang


@transaction.atomic
def eingang_continue(*, antrag_id: int) -> None:
    """Let the intake of `antrag_id` go on after a step waited (a payment arrived …); the
    worker runs it after the commit."""
    outbox_write(
        topic=EINGANG_WEITER,
        # each call its own row: a step may wait more than once
        key=f"{antrag_id}.{secrets.token_hex(6)}",
        payload={"antrag": antrag_id},
    )
