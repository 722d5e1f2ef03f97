"""Aufgaben: claim, assign, release and complete (which advances the process)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.organisation.selectors import Rolle

from ..bescheid.gebuehr import gebuehr_festsetzen
from ..bpmn import engine
from ..bpmn.aufgabenarten import AUFGABENARTEN
from ..models import Aufgabe, Mitzeichnung, Verfahren
from ._schritt import spiegeln, verfahren_lock, weiter, zuweisungen_record
from ._vier_augen import entscheidung_von
from ._zugriff import bearbeiten_pruefen, darf_bearbeiten, person, sichtbar_pruefen
from .verfahren import gesetzliche_frist_restart


def _name(user: User | None) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


def _aufgabe_sperren(aufgabe: Aufgabe, verfahren: Verfahren | None = None) -> Aufgabe:
    if verfahren is not None:  # already locked and loaded by the caller
        gesperrt = Aufgabe.objects.select_for_update().get(pk=aufgabe.pk, verfahren=verfahren)
        gesperrt.verfahren = verfahren
        return gesperrt
    return (
        Aufgabe.objects.select_for_update(of=("self",))
        .select_related("verfahren__organisationseinheit", "bearbeiter")
        .get(pk=aufgabe.pk)
    )


def _offen_pruefen(aufgabe: Aufgabe) -> None:
    if aufgabe.status != Aufgabe.Status.OFFEN:
        raise ValidationError(
            _("Die Aufgabe „%(t)s“ ist bereits %(s)s.")
            % {"t": aufgabe.titel, "s": aufgabe.get_status_display()},
            code="nicht_offen",
        )


def _vier_augen_pruefen(aufgabe: Aufgabe, user: User) -> Aufgabe | None:
    """Four eyes: the person who decided may not co-sign, nobody signs one decision twice."""
    if not AUFGABENARTEN[aufgabe.art].vier_augen:
        return None
    entscheidung = entscheidung_von(aufgabe.verfahren_id)
    if entscheidung is None:
        return None
    if entscheidung.erledigt_von_id == user.pk:
        raise PermissionDenied(
            _("Vier-Augen-Prinzip: Wer entschieden hat, darf nicht selbst mitzeichnen.")
        )
    if Mitzeichnung.objects.filter(entscheidung_aufgabe=entscheidung, zeichner=user).exists():
        raise PermissionDenied(_("Sie haben diese Entscheidung bereits mitgezeichnet."))
    return entscheidung


@transaction.atomic
def aufgabe_claim(*, aufgabe: Aufgabe, actor: Actor) -> Aufgabe:
    """Take an unassigned Aufgabe. Of two people claiming at once exactly one wins; the
    other gets a ValidationError naming who has it. Claiming one's own task again is a no-op."""
    user = person(actor)
    aufgabe = _aufgabe_sperren(aufgabe)
    bearbeiten_pruefen(user, aufgabe.verfahren, aufgabe.rolle)
    _offen_pruefen(aufgabe)
    if aufgabe.bearbeiter_id == user.pk:
        return aufgabe
    if aufgabe.bearbeiter_id is not None:
        raise ValidationError(
            _("Die Aufgabe wurde bereits von %(n)s übernommen.") % {"n": _name(aufgabe.bearbeiter)},
            code="vergeben",
        )
    _vier_augen_pruefen(aufgabe, user)
    jetzt = timezone.now()
    # Conditional update as a second guard besides the row lock.
    geaendert = Aufgabe.objects.filter(
        pk=aufgabe.pk, bearbeiter__isnull=True, status=Aufgabe.Status.OFFEN
    ).update(bearbeiter=user, zugewiesen_am=jetzt, geaendert_am=jetzt)
    if geaendert != 1:
        raise ValidationError(_("Die Aufgabe wurde bereits übernommen."), code="vergeben")
    aufgabe.bearbeiter, aufgabe.zugewiesen_am = user, jetzt
    protokoll_write(
        actor=user,
        action="verfahren.aufgabe.claim",
        target=aufgabe.verfahren,
        details={"aufgabe": aufgabe.pk, "element": aufgabe.element_id},
    )
    return aufgabe


@transaction.atomic
def aufgabe_assign(*, aufgabe: Aufgabe, bearbeiter: User | None, actor: Actor) -> Aufgabe:
    """Assign, reassign or (bearbeiter None) unassign an Aufgabe: Leitung of the unit."""
    user = person(actor)
    aufgabe = _aufgabe_sperren(aufgabe)
    if Rolle.LEITUNG not in sichtbar_pruefen(user, aufgabe.verfahren):
        raise PermissionDenied(_("Aufgaben zuweisen darf nur die Leitung der Einheit."))
    _offen_pruefen(aufgabe)
    if bearbeiter is not None:
        if not darf_bearbeiten(bearbeiter, aufgabe.organisationseinheit_id, aufgabe.rolle):
            raise ValidationError(
                {
                    "bearbeiter": _("%(n)s darf diese Aufgabe nicht bearbeiten.")
                    % {"n": _name(bearbeiter)}
                },
                code="nicht_berechtigt",
            )
        _vier_augen_pruefen(aufgabe, bearbeiter)
    vorher = aufgabe.bearbeiter_id
    jetzt = timezone.now()
    aufgabe.bearbeiter = bearbeiter
    aufgabe.zugewiesen_am = jetzt if bearbeiter else None
    aufgabe.save(update_fields=["bearbeiter", "zugewiesen_am", "geaendert_am"])
    protokoll_write(
        actor=user,
        action="verfahren.aufgabe.assign",
        target=aufgabe.verfahren,
        details={
            "aufgabe": aufgabe.pk,
            "vorher": vorher,
            "bearbeiter": bearbeiter.pk if bearbeiter else None,
        },
    )
    return aufgabe


@transaction.atomic
def aufgabe_release(*, aufgabe: Aufgabe, actor: Actor) -> Aufgabe:
    """Give a claimed Aufgabe back to the unit (its holder)."""
    user = person(actor)
    aufgabe = _aufgabe_sperren(aufgabe)
    sichtbar_pruefen(user, aufgabe.verfahren)
    _offen_pruefen(aufgabe)
    if aufgabe.bearbeiter_id != user.pk:
        raise PermissionDenied(_("Nur wer die Aufgabe hat, kann sie zurückgeben."))
    aufgabe.bearbeiter, aufgabe.zugewiesen_am = None, None
    aufgabe.save(update_fields=["bearbeiter", "zugewiesen_am", "geaendert_am"])
    protokoll_write(
        actor=user,
        action="verfahren.aufgabe.release",
        target=aufgabe.verfahren,
        details={"aufgabe": aufgabe.pk},
    )
    return aufgabe


def _ergebnis_spiegeln(
    verfahren: Verfahren,
    aufgabe: Aufgabe,
    user: User,
    daten: dict[str, Any],
    entscheidung: Aufgabe | None,
) -> None:
    if aufgabe.art == "entscheidung":
        verfahren.entscheidung = daten["entscheidung"]
    if aufgabe.art == "vollstaendigkeitspruefung" and daten["vollstaendigkeit"] == "vollstaendig":
        gesetzliche_frist_restart(verfahren)
    if aufgabe.art == "mitzeichnung" and entscheidung is not None:
        Mitzeichnung.objects.create(
            verfahren=verfahren,
            aufgabe=aufgabe,
            entscheidung_aufgabe=entscheidung,
            zeichner=user,
            ergebnis=daten["mitzeichnung"],
            begruendung=daten.get("begruendung", ""),
        )


@transaction.atomic
def aufgabe_complete(*, aufgabe: Aufgabe, actor: Actor, ergebnis: dict[str, Any]) -> Aufgabe:
    """Complete an Aufgabe with its result and advance the process to the next user
    tasks (run service steps on the way). The result is checked against the task's kind,
    e.g. an Entscheidung needs entscheidung in {bewilligen, ablehnen} and a Begründung.
    A next task in the same lane goes to the same person at once (never a co-signature to
    the one who decided). Refused input changes nothing."""
    user = person(actor)
    verfahren = verfahren_lock(aufgabe.verfahren_id)
    aufgabe = _aufgabe_sperren(aufgabe, verfahren)
    bearbeiten_pruefen(user, verfahren, aufgabe.rolle)
    _offen_pruefen(aufgabe)
    if aufgabe.bearbeiter_id not in (None, user.pk):
        raise PermissionDenied(
            _("Die Aufgabe ist %(n)s zugewiesen.") % {"n": _name(aufgabe.bearbeiter)}
        )
    daten = AUFGABENARTEN[aufgabe.art].pruefen(ergebnis)
    entscheidung = _vier_augen_pruefen(aufgabe, user)
    if aufgabe.art == "entscheidung":
        # the fee of a range rule: checked by the payments app, claim created here
        gebuehr_festsetzen(verfahren=verfahren, daten=daten, user=user)
    workflow = engine.laden(verfahren.zustand)
    task = engine.task_holen(workflow, aufgabe.task_id)
    if task is None:
        raise ValidationError(
            _("Die Aufgabe passt nicht mehr zum Stand des Verfahrens."), code="veraltet"
        )
    engine.aufgabe_erledigen(task, daten)
    jetzt = timezone.now()
    aufgabe.status = Aufgabe.Status.ERLEDIGT
    aufgabe.erledigt_am = jetzt
    aufgabe.erledigt_von = user
    aufgabe.bearbeiter = user
    aufgabe.ergebnis = daten
    aufgabe.save(
        update_fields=[
            "status",
            "erledigt_am",
            "erledigt_von",
            "bearbeiter",
            "ergebnis",
            "geaendert_am",
        ]
    )
    _ergebnis_spiegeln(verfahren, aufgabe, user, daten, entscheidung)
    weiter(verfahren, workflow, user)
    neu = spiegeln(verfahren, workflow, erledigt=aufgabe)
    protokoll_write(
        actor=user,
        action="verfahren.aufgabe.complete",
        target=verfahren,
        details={
            "aufgabe": aufgabe.pk,
            "element": aufgabe.element_id,
            "ergebnis": {k: v for k, v in daten.items() if k not in {"begruendung", "vermerk"}},
            "neue_aufgaben": [a.element_id for a in neu],
            "status": verfahren.status,
        },
    )
    zuweisungen_record(verfahren=verfahren, neu=neu, actor=user)
    return aufgabe
