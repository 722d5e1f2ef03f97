"""Reads at the office: who may act where, the day per counter, who waits, the calls on
the waiting room's display, and the statistics per service and Terminort.

`terminstatistik` is the one function other apps (the council report) read the figures
through; `selectors.py` re-exports it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from rathaus.organisation.selectors import LOCAL_TZ, rollen_by_organisationseinheit

from .models import Abwesenheit, Buchung, BuchungPosition, Schalter, Terminleistung, Terminort

# Who may do what at the office, by role in the Terminort's Organisationseinheit.
# The front desk: see the day with the names, check in, call, record a no-show, enter a
# walk-in. The statistics hold no personal data: the unit's management and its
# specialist administrators see them too.
# (organisation.models.Rolle values; the model module is not organisation's public face)
SACHBEARBEITUNG, LEITUNG, FACHADMINISTRATION = "sachbearbeitung", "leitung", "fachadministration"
AKTIONEN: dict[str, frozenset[str]] = {
    "tag": frozenset({SACHBEARBEITUNG, LEITUNG}),
    "einchecken": frozenset({SACHBEARBEITUNG, LEITUNG}),
    "aufrufen": frozenset({SACHBEARBEITUNG, LEITUNG}),
    "nicht_erschienen": frozenset({SACHBEARBEITUNG, LEITUNG}),
    "vorsprache": frozenset({SACHBEARBEITUNG, LEITUNG}),
    "statistik": frozenset({SACHBEARBEITUNG, LEITUNG, FACHADMINISTRATION}),
    # closing a counter or the office cancels citizens' appointments: management only
    "abwesenheit": frozenset({LEITUNG}),
}


def darf(*, user: AbstractBaseUser | AnonymousUser, terminort: Terminort, aktion: str) -> bool:
    """Whether the staff member may do `aktion` (a key of AKTIONEN) at this Terminort."""
    rollen = rollen_by_organisationseinheit(user=user).get(terminort.organisationseinheit_id, set())
    return bool(rollen & AKTIONEN[aktion])


def terminorte_of_mitarbeiter(*, user: AbstractBaseUser | AnonymousUser) -> list[Terminort]:
    """The Terminorte whose Organisationseinheit the staff member works in (any office role)."""
    rollen = rollen_by_organisationseinheit(user=user)
    erlaubt = set().union(*AKTIONEN.values())
    ids = [oe for oe, r in rollen.items() if r & erlaubt]
    return list(
        Terminort.objects.filter(organisationseinheit_id__in=ids)
        .select_related("standort", "organisationseinheit")
        .order_by("organisationseinheit__name", "standort__name")
    )


def terminort_of_mitarbeiter(
    *, user: AbstractBaseUser | AnonymousUser, pk: int, aktion: str
) -> Terminort | None:
    """The Terminort if the staff member may do `aktion` there, else None (answer 404)."""
    ort = Terminort.objects.select_related("standort", "organisationseinheit").filter(pk=pk).first()
    if ort is None or not darf(user=user, terminort=ort, aktion=aktion):
        return None
    return ort


def _tag_grenzen(datum: date) -> tuple[datetime, datetime]:
    start = datetime.combine(datum, time.min, tzinfo=LOCAL_TZ)
    return start, start + timedelta(days=1)


def heute(now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now(), LOCAL_TZ).date()


# -- the day per counter ------------------------------------------------------------------

IM_TAGESPLAN = (
    Buchung.Status.BESTAETIGT,
    Buchung.Status.ERSCHIENEN,
    Buchung.Status.NICHT_ERSCHIENEN,
)


@dataclass
class SchalterTag:
    schalter: Schalter
    buchungen: list[Buchung] = field(default_factory=list)


def _buchungen_qs() -> QuerySet[Buchung]:
    return Buchung.objects.select_related("kontakt", "schalter", "aufgerufen_an").prefetch_related(
        Prefetch("positionen", queryset=BuchungPosition.objects.select_related("leistung"))
    )


def tagesplan_of(*, terminort: Terminort, datum: date) -> list[SchalterTag]:
    """The confirmed appointments of one day per counter, by time, with contact and
    services (personal data: the caller records the read)."""
    start, ende = _tag_grenzen(datum)
    tage = {
        s.pk: SchalterTag(s) for s in Schalter.objects.filter(terminort=terminort).order_by("name")
    }
    for buchung in (
        _buchungen_qs()
        .filter(terminort=terminort, beginn__gte=start, beginn__lt=ende, status__in=IM_TAGESPLAN)
        .order_by("beginn", "pk")
    ):
        tage[buchung.schalter_id].buchungen.append(buchung)
    return list(tage.values())


def wartende_qs(
    *, terminort: Terminort, now: datetime | None = None, basis: QuerySet[Buchung] | None = None
) -> QuerySet[Buchung]:
    """The queue: today's checked-in citizens not yet called, in the order they will be
    called (the waiting list shown and `vorort.aufruf_next` read this one definition)."""
    start, ende = _tag_grenzen(heute(now))
    return (
        (Buchung.objects.all() if basis is None else basis)
        .filter(
            terminort=terminort,
            status=Buchung.Status.ERSCHIENEN,
            aufgerufen_am__isnull=True,
            beginn__gte=start,
            beginn__lt=ende,
        )
        .order_by("beginn", "eingecheckt_am", "pk")
    )


def wartende_of(*, terminort: Terminort, now: datetime | None = None) -> list[Buchung]:
    """Today's checked-in citizens not yet called, in the order they will be called."""
    return list(wartende_qs(terminort=terminort, now=now, basis=_buchungen_qs()))


def abwesenheiten_of(*, terminort: Terminort, now: datetime | None = None) -> list[Abwesenheit]:
    """The absences and closures of a Terminort that have not ended yet, by start."""
    return list(
        Abwesenheit.objects.filter(terminort=terminort, bis__gt=now or timezone.now())
        .select_related("schalter")
        .order_by("von", "pk")
    )


def abwesenheit_of(*, terminort: Terminort, pk: int) -> Abwesenheit | None:
    return Abwesenheit.objects.filter(terminort=terminort, pk=pk).first()


# -- the call display ---------------------------------------------------------------------


@dataclass(frozen=True)
class Aufruf:
    """One call as the waiting room sees it: the number and the counter, nothing else."""

    nummer: str
    schalter: str
    zeit: datetime


def aufrufe_of(
    *, terminort: Terminort, now: datetime | None = None, anzahl: int = 8
) -> list[Aufruf]:
    """Today's latest calls, newest first (public: numbers and counters only)."""
    start, ende = _tag_grenzen(heute(now))
    zeilen = (
        Buchung.objects.filter(
            terminort=terminort,
            aufgerufen_am__gte=start,
            aufgerufen_am__lt=ende,
            aufgerufen_an__isnull=False,
        )
        .order_by("-aufgerufen_am", "-pk")
        .values_list("nummer", "aufgerufen_an__name", "aufgerufen_am")[:anzahl]
    )
    return [Aufruf(n, s, z) for n, s, z in zeilen if z is not None]


def aufruf_token(*, terminort: Terminort) -> str:
    """The unguessable path part of a Terminort's call display (derived from the secret
    key: nothing to store, changes when the key is rotated)."""
    return salted_hmac("rathaus.termine.aufruf", str(terminort.pk), algorithm="sha256").hexdigest()[
        :24
    ]


def terminort_by_aufruf_token(*, token: str) -> Terminort | None:
    if not token or len(token) != 24:
        return None
    for ort in Terminort.objects.select_related("standort", "organisationseinheit"):
        if constant_time_compare(aufruf_token(terminort=ort), token):
            return ort
    return None


# -- statistics ---------------------------------------------------------------------------


@dataclass
class Kennzahlen:
    """The figures of one service at one Terminort over a span of appointment days."""

    terminort_id: int
    terminort: str
    leistung_id: int
    leistung: str
    buchungen: int = 0  # confirmed appointments in the span (any later status)
    nicht_erschienen: int = 0
    storniert: int = 0
    vor_ort: int = 0  # walk-ins and phone bookings (kanal other than online)
    wartezeit_median_minuten: float | None = None  # check-in → call
    wartezeit_mittel_minuten: float | None = None
    vorlauf_mittel_tage: float | None = None  # booked → appointment
    naechster_freier_tag_in_tagen: int | None = None  # today → next free day (1 person)
    _wartezeiten: list[float] = field(default_factory=list, repr=False)
    _vorlaeufe: list[float] = field(default_factory=list, repr=False)

    @property
    def quote_nicht_erschienen(self) -> float | None:
        return self.nicht_erschienen / self.buchungen if self.buchungen else None


GEZAEHLT = (
    Buchung.Status.BESTAETIGT,
    Buchung.Status.ERSCHIENEN,
    Buchung.Status.NICHT_ERSCHIENEN,
    Buchung.Status.STORNIERT,
)


def terminstatistik(
    *,
    von: date,
    bis: date,
    terminort_ids: list[int] | None = None,
    mit_naechstem_termin: bool = True,
    now: datetime | None = None,
) -> list[Kennzahlen]:
    """Bookings, no-shows, cancellations, waiting time (check-in → call) and lead times per
    service and Terminort for the appointments from `von` to `bis` (days, inclusive).

    A booking with several services counts once for each. Cancellations count those that
    had been confirmed (an unconfirmed reservation is no booking). With
    `mit_naechstem_termin` each row also says in how many days the next free slot for one
    person is (one availability read per service)."""
    from . import selectors  # the availability reads; selectors re-exports this function

    start, _e = _tag_grenzen(von)
    _s, ende = _tag_grenzen(bis)
    orte = Terminort.objects.select_related("organisationseinheit")
    if terminort_ids is not None:
        orte = orte.filter(pk__in=terminort_ids)
    zeilen: dict[tuple[int, int], Kennzahlen] = {}
    for tl in (
        Terminleistung.objects.filter(terminort__in=orte)
        .select_related("leistung", "terminort__organisationseinheit")
        .order_by("terminort_id", "reihenfolge", "pk")
    ):
        zeilen[(tl.terminort_id, tl.leistung_id)] = Kennzahlen(
            terminort_id=tl.terminort_id,
            terminort=str(tl.terminort),
            leistung_id=tl.leistung_id,
            leistung=tl.leistung.anzeigename,
        )
    positionen = (
        BuchungPosition.objects.filter(
            buchung__terminort__in=orte,
            buchung__beginn__gte=start,
            buchung__beginn__lt=ende,
            buchung__status__in=GEZAEHLT,
        )
        .exclude(buchung__status=Buchung.Status.STORNIERT, buchung__bestaetigt_am__isnull=True)
        .values_list(
            "buchung__terminort_id",
            "leistung_id",
            "buchung__status",
            "buchung__kanal",
            "buchung__eingecheckt_am",
            "buchung__aufgerufen_am",
            "buchung__erstellt_am",
            "buchung__beginn",
        )
    )
    for ort_id, leistung_id, status, kanal, ein, auf, erstellt, beginn in positionen:
        k = zeilen.get((ort_id, leistung_id))
        if k is None:  # a service no longer offered there: still counted
            k = zeilen[(ort_id, leistung_id)] = Kennzahlen(
                ort_id, "", leistung_id, str(leistung_id)
            )
        if status == Buchung.Status.STORNIERT:
            k.storniert += 1
            continue
        k.buchungen += 1
        if status == Buchung.Status.NICHT_ERSCHIENEN:
            k.nicht_erschienen += 1
        if kanal != Buchung.Kanal.ONLINE:
            k.vor_ort += 1
        if ein and auf and auf >= ein:
            k._wartezeiten.append((auf - ein).total_seconds() / 60)
        if kanal != Buchung.Kanal.VOR_ORT:
            k._vorlaeufe.append(max((beginn - erstellt).total_seconds(), 0) / 86400)
    tag_heute = heute(now)
    for k in zeilen.values():
        if k._wartezeiten:
            k.wartezeit_median_minuten = round(statistics.median(k._wartezeiten), 1)
            k.wartezeit_mittel_minuten = round(statistics.fmean(k._wartezeiten), 1)
        if k._vorlaeufe:
            k.vorlauf_mittel_tage = round(statistics.fmean(k._vorlaeufe), 1)
    if mit_naechstem_termin:
        nach_ort: dict[int, Terminort] = {o.pk: o for o in orte}
        for k in zeilen.values():
            ort = nach_ort.get(k.terminort_id)
            if ort is None or not ort.aktiv:
                continue
            try:
                wunsch = selectors.wunsch_build(terminort=ort, leistungen={k.leistung_id: 1})
            except ValidationError:  # a service without active counters: no next slot
                continue
            tage = selectors.freie_tage(wunsch=wunsch, now=now)
            if tage:
                k.naechster_freier_tag_in_tagen = (tage[0] - tag_heute).days
    return sorted(zeilen.values(), key=lambda k: (k.terminort, k.leistung))


def statistik_summe(zeilen: list[Kennzahlen]) -> dict[str, int]:
    summe: dict[str, int] = defaultdict(int)
    for k in zeilen:
        summe["buchungen"] += k.buchungen
        summe["nicht_erschienen"] += k.nicht_erschienen
        summe["storniert"] += k.storniert
        summe["vor_ort"] += k.vor_ort
    return dict(summe)
