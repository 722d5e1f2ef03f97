"""Everything the staff page of one Verfahren shows, read for one user.

Built on the permission-aware selectors: a Verfahren outside the user's units raises
DoesNotExist (logged) before anything else is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.utils import timezone

from rathaus.akten.selectors import dokumente_of_verfahren
from rathaus.antraege.selectors import antrag_fuer_bearbeitung
from rathaus.formulare.selectors import antworten_abschnitte
from rathaus.organisation.selectors import Rolle, mitglieder_of

from .models import Aufgabe, Frist, Verfahren
from .selectors import TimelineEintrag, timeline, verfahren_detail
from .services._vier_augen import ausgeschlossen as vier_augen_ausgeschlossen
from .services._zugriff import BEARBEITEN, ROLLEN_FUER, rollen

if TYPE_CHECKING:
    from rathaus.akten.models import Dokument
    from rathaus.antraege.models import Antrag
    from rathaus.formulare.selectors import Abschnitt


@dataclass(frozen=True)
class FristZeile:
    frist: Frist
    zustand: str  # "ok", "bald" (warning period reached) or "abgelaufen"
    tage: int  # days left (negative: days overdue)


@dataclass(frozen=True)
class AufgabeZeile:
    aufgabe: Aufgabe
    darf_uebernehmen: bool
    darf_zurueckgeben: bool
    darf_erledigen: bool
    darf_zuweisen: bool
    zuweisbare: list[User] = field(default_factory=list)  # whom the Leitung may choose


@dataclass
class VerfahrenAnsicht:
    verfahren: Verfahren
    rollen: set[str]
    antrag: Antrag | None
    abschnitte: list[Abschnitt]
    dokumente: list[Dokument]
    fristen: list[FristZeile]
    offene_aufgaben: list[AufgabeZeile]
    erledigte_aufgaben: list[Aufgabe]
    timeline: list[TimelineEintrag]
    darf_bearbeiten: bool = False

    @property
    def letzte_entscheidung(self) -> Aufgabe | None:
        """The decision a co-signature would sign (the latest completed one)."""
        entschieden = [a for a in self.erledigte_aufgaben if a.art == "entscheidung"]
        return max(entschieden, key=lambda a: (a.erledigt_am, a.pk), default=None)

    @property
    def warnungen(self) -> list[FristZeile]:
        return [f for f in self.fristen if f.zustand != "ok" and not f.frist.erledigt]


def frist_zustand(frist: Frist, heute: date) -> FristZeile:
    tage = (frist.datum - heute).days
    if frist.erledigt or (frist.warnen_ab is None and tage >= 0):
        zustand = "ok" if tage >= 0 or frist.erledigt else "abgelaufen"
    elif tage < 0:
        zustand = "abgelaufen"
    elif frist.warnen_ab is not None and heute >= frist.warnen_ab:
        zustand = "bald"
    else:
        zustand = "ok"
    return FristZeile(frist, zustand, tage)


def darf_zuweisen(*, user: User, aufgabe: Aufgabe) -> bool:
    """Only the Leitung of the task's unit assigns (as `aufgabe_assign` checks)."""
    return Rolle.LEITUNG in rollen(user, aufgabe.organisationseinheit_id)


def zuweisbare(*, user: User, aufgabe: Aufgabe, rollen_: set[str] | None = None) -> list[User]:
    """Whom the user may assign `aufgabe` to, offered to the unit's Leitung only (nobody
    else may assign): exactly whom `aufgabe_assign` accepts, i.e. the active people of the
    unit with a role for the task's lane, without those the four-eyes principle excludes
    (for a co-signature: who made the decision and who signed it already)."""
    meine = rollen(user, aufgabe.organisationseinheit_id) if rollen_ is None else rollen_
    if Rolle.LEITUNG not in meine:
        return []
    ausgeschlossen = vier_augen_ausgeschlossen(art=aufgabe.art, verfahren_id=aufgabe.verfahren_id)
    return list(
        mitglieder_of(
            organisationseinheit_id=aufgabe.organisationseinheit_id,
            rollen=ROLLEN_FUER[aufgabe.rolle],
        ).exclude(pk__in=ausgeschlossen)
    )


def verfahren_ansicht(*, user: User, pk: int) -> VerfahrenAnsicht:
    """The Verfahren page for `user`; DoesNotExist (logged) when it is not theirs."""
    verfahren = verfahren_detail(user=user, pk=pk)
    meine = rollen(user, verfahren.organisationseinheit_id)
    antrag = antrag_fuer_bearbeitung(pk=verfahren.antrag_id)
    abschnitte = (
        antworten_abschnitte(formular=antrag.formular, daten=antrag.daten) if antrag else []
    )
    heute = timezone.localdate()
    aufgaben = list(verfahren.aufgaben.all())
    ist_leitung = Rolle.LEITUNG in meine
    offene: list[AufgabeZeile] = []
    for a in aufgaben:
        if a.status != Aufgabe.Status.OFFEN:
            continue
        darf = bool(meine & set(ROLLEN_FUER[a.rolle]))
        offene.append(
            AufgabeZeile(
                aufgabe=a,
                darf_uebernehmen=darf and a.bearbeiter_id is None,
                darf_zurueckgeben=a.bearbeiter_id == user.pk,
                darf_erledigen=darf and a.bearbeiter_id == user.pk,
                darf_zuweisen=ist_leitung,
                zuweisbare=zuweisbare(user=user, aufgabe=a, rollen_=meine),
            )
        )
    return VerfahrenAnsicht(
        verfahren=verfahren,
        rollen=meine,
        antrag=antrag,
        abschnitte=abschnitte,
        dokumente=list(dokumente_of_verfahren(user=user, verfahren_ref=verfahren.aktenzeichen)),
        fristen=[frist_zustand(f, heute) for f in verfahren.fristen.all()],
        offene_aufgaben=offene,
        erledigte_aufgaben=[a for a in aufgaben if a.status == Aufgabe.Status.ERLEDIGT],
        timeline=timeline(user=user, verfahren=verfahren),
        darf_bearbeiten=bool(meine & set(BEARBEITEN)),
    )


def ansicht_details(ansicht: VerfahrenAnsicht) -> dict[str, Any]:
    """What the Protokoll of a staff read of the page records."""
    return {
        "aktenzeichen": ansicht.verfahren.aktenzeichen,
        "antrag": ansicht.antrag.pk if ansicht.antrag else None,
        "dokumente": [d.pk for d in ansicht.dokumente],
    }
