"""A logged-in citizen's saved drafts, offered when they start the same form again.

The steps find their draft through the session (``views._entwurf``). A citizen who logs in
again has a new session, and "Online beantragen" started another blank draft beside the
saved one. So step 1, opened without a draft in the session, first asks whether to continue
a saved draft (:func:`anbieten`): only the citizen's own drafts that have not expired and
were not submitted, of this Formular or of an older published version of the same form
(same FIM id or same Leistung). Such a draft continues in the version it was started with:
its answers belong to that version's fields, and a published version never changes.

Whether a draft was submitted is known to the antraege app (it holds the Anträge, and
dependencies point from it to this app), which installs the query with
:func:`eingereicht_setzen` when it starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import pruefung
from .definition import definition
from .models import Entwurf, Formular

# Forms (ids) for which the citizen chose "Neu beginnen" in this session: not asked again.
SESSION_NEU = "formulare.neu_begonnen"
# More than a few saved drafts of one form help nobody; Mein Konto lists them all.
ANGEBOT_MAX = 5

Eingereicht = Callable[[], QuerySet[Any]]
_eingereicht: list[Eingereicht] = []


def eingereicht_setzen(abfrage: Eingereicht) -> None:
    """Install the query of the ids of submitted drafts (values of one column, used as
    ``pk__in``); the antraege app's AppConfig.ready calls this. Without one, no draft
    counts as submitted."""
    _eingereicht[:] = [abfrage]


@dataclass(frozen=True)
class Gespeichert:
    """A saved draft as the offer shows it."""

    entwurf: Entwurf
    schritt: int  # where "fortsetzen" continues
    schritte: int  # steps of the draft's form version
    fruehere_fassung: bool  # started with an older version of the form

    @property
    def begonnen_am(self) -> datetime:
        return self.entwurf.erstellt_am

    @property
    def bearbeitet_am(self) -> datetime:
        return self.entwurf.geaendert_am

    @property
    def laeuft_ab_am(self) -> datetime:
        return self.entwurf.laeuft_ab_am


def _offene(*, formular: Formular, buerger: Any) -> QuerySet[Entwurf]:
    """The citizen's open drafts of ``formular`` and its older published versions."""
    if buerger is None or formular.veroeffentlicht_am is None:
        return Entwurf.objects.none()
    gleiche_form = Q(formular__fim_id=formular.fim_id)
    if formular.leistung_id is not None:
        gleiche_form |= Q(formular__leistung_id=formular.leistung_id)
    qs = Entwurf.objects.filter(
        gleiche_form,
        buerger=buerger,
        laeuft_ab_am__gt=timezone.now(),
        formular__veroeffentlicht_am__isnull=False,
        formular__veroeffentlicht_am__lte=formular.veroeffentlicht_am,
    )
    for abfrage in _eingereicht:
        qs = qs.exclude(pk__in=abfrage())
    return qs.select_related("formular").order_by("-geaendert_am", "-pk")


def fortsetzen_bei(entwurf: Entwurf) -> int:
    """The step a saved draft continues at: the first step up to the last saved one whose
    answers are still missing or invalid (e.g. a rule now asks for more), else the step
    after the last saved one."""
    defn = definition(entwurf.formular)
    letzter = min(max(entwurf.aktueller_schritt, 1), len(defn.schritte))
    daten = pruefung.bereinigen(defn, entwurf.daten if isinstance(entwurf.daten, dict) else {})
    for s in defn.schritte[: letzter - 1]:
        fehler = pruefung.fehler(defn, daten, nur=frozenset(k.element.id for k in s.kinder))
        if any(name != "_" for name in fehler):
            return s.nr
    return letzter


def gespeicherte_entwuerfe(*, formular: Formular, buerger: Any) -> list[Gespeichert]:
    """The saved drafts to offer ``buerger`` (a ``konten.Buerger``; None: nothing) on
    starting ``formular``, last edited first."""
    out = []
    for e in _offene(formular=formular, buerger=buerger)[:ANGEBOT_MAX]:
        out.append(
            Gespeichert(
                entwurf=e,
                schritt=fortsetzen_bei(e),
                schritte=len(definition(e.formular).schritte),
                fruehere_fassung=e.formular_id != formular.pk,
            )
        )
    return out


def gespeicherter_entwurf(*, pk: Any, formular: Formular, buerger: Any) -> Entwurf | None:
    """The draft ``pk`` if it is one the offer on ``formular`` may show ``buerger``, else
    None (another citizen's, anonymous, expired, submitted, another form, not a number)."""
    wert = str(pk)
    if not (wert.isascii() and wert.isdigit() and len(wert) <= 18):
        return None
    nummer = int(wert)
    return _offene(formular=formular, buerger=buerger).filter(pk=nummer).first()


def neu_begonnen(session: SessionBase, formular_id: int) -> None:
    """Remember for this session that the citizen chose to start ``formular_id`` afresh."""
    ids = session.get(SESSION_NEU, [])
    ids = [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []
    if formular_id not in ids:
        session[SESSION_NEU] = [*ids[-49:], formular_id]


def anbieten(*, session: SessionBase, formular: Formular, buerger: Any) -> bool:
    """Whether step 1 of ``formular``, opened without a draft in the session, first offers
    the citizen's saved drafts."""
    if buerger is None:
        return False
    ids = session.get(SESSION_NEU, [])
    if isinstance(ids, list) and formular.pk in ids:
        return False
    return _offene(formular=formular, buerger=buerger).exists()
