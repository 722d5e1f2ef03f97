"""Reads of the Terminvergabe: which days and slots are free.

Availability is computed in Python from a handful of queries per call (the Terminort with
its counters and services, the opening hours of its Organisationseinheit, blocked days,
absences, and the occupied (counter, slot) pairs of the window), never one query per slot.
A slot counts as free for a request when one counter that serves every requested service
has all the slot units the request needs free, inside one opening interval, outside any
absence or closure, and — for a counter held back for phone and walk-in — only within the
release period before the day.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BigIntegerField, Func, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.organisation.selectors import LOCAL_TZ, tagesplan

from .auswertung import terminstatistik as terminstatistik  # the office figures, re-exported
from .models import (
    Abwesenheit,
    Belegung,
    Buchung,
    Schalter,
    Sperrtag,
    Terminleistung,
    Terminort,
    Wartelisteneintrag,
)


@dataclass(frozen=True)
class Wunsch:
    """What a citizen asks for: services with their persons at one Terminort."""

    terminort: Terminort
    positionen: tuple[tuple[Terminleistung, int], ...]
    einheiten: int
    schalter_ids: frozenset[int]

    @property
    def minuten(self) -> int:
        return self.terminort.slot_minuten * self.einheiten

    @property
    def dauer(self) -> timedelta:
        return timedelta(minutes=self.terminort.slot_minuten * self.einheiten)


@dataclass(frozen=True)
class Slot:
    beginn: datetime
    ende: datetime


class _Minute(Func):
    """A time as whole minutes since 1970 (UTC), computed by the database: loading ints is
    many times cheaper than loading aware datetimes (the availability reads thousands)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM %(expressions)s)::bigint / 60)",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 1440) AS INTEGER)",
            **extra,
        )


def _minute(zeit: datetime) -> int:
    return int(zeit.timestamp()) // 60


@dataclass
class Lage:
    """Everything the availability of one Terminort in one window depends on."""

    terminort: Terminort
    schalter: dict[int, Schalter]
    belegt: set[tuple[int, int]]  # (Schalter id, minute of the unit's start)
    sperrtage: set[date]
    abwesend: dict[date, list[tuple[int | None, datetime, datetime]]] = field(default_factory=dict)
    oe: Any = None  # the Organisationseinheit with its hours of the window prefetched


def terminorte_list() -> QuerySet[Terminort]:
    return Terminort.objects.filter(aktiv=True).select_related("standort", "organisationseinheit")


def terminort_detail(*, pk: int) -> Terminort:
    """An active Terminort; raises Terminort.DoesNotExist."""
    return terminorte_list().get(pk=pk)


def terminleistungen_of(*, terminort: Terminort) -> QuerySet[Terminleistung]:
    return (
        Terminleistung.objects.filter(terminort=terminort)
        .select_related("leistung")
        .prefetch_related("schalter")
    )


def terminorte_of_leistung(*, leistung_id: int) -> QuerySet[Terminort]:
    """Active Terminorte that give appointments for one Leistung (the service page's link)."""
    return terminorte_list().filter(terminleistungen__leistung_id=leistung_id).distinct()


def wunsch_build(*, terminort: Terminort, leistungen: Mapping[int, int]) -> Wunsch:
    """The request for `leistungen` ({Leistung id: persons}); ValidationError naming the
    field ("leistungen", "personen") when it cannot be booked at this Terminort."""
    if not leistungen:
        raise ValidationError({"leistungen": _("Bitte wählen Sie mindestens eine Leistung.")})
    angebot = {tl.leistung_id: tl for tl in terminleistungen_of(terminort=terminort)}
    positionen: list[tuple[Terminleistung, int]] = []
    schalter_ids: set[int] | None = None
    for leistung_id, personen in leistungen.items():
        tl = angebot.get(leistung_id)
        if tl is None:
            raise ValidationError(
                {"leistungen": _("Diese Leistung kann hier nicht gebucht werden.")}
            )
        hoechstens = min(tl.max_personen, terminort.max_personen)
        if not 1 <= personen <= hoechstens:
            raise ValidationError(
                {
                    "personen": _("Für „%(leistung)s“ sind 1 bis %(max)d Personen möglich.")
                    % {"leistung": tl.leistung.anzeigename, "max": hoechstens}
                }
            )
        positionen.append((tl, personen))
        ids = {s.pk for s in tl.schalter.all() if s.aktiv}
        schalter_ids = ids if schalter_ids is None else schalter_ids & ids
    einheiten = sum(tl.einheiten_fuer(p) for tl, p in positionen)
    if einheiten > terminort.max_einheiten:
        raise ValidationError(
            {
                "leistungen": _(
                    "Diese Auswahl braucht mehr Zeit, als ein Termin haben kann. Bitte buchen "
                    "Sie weniger Leistungen oder Personen in einem Termin."
                )
            }
        )
    if not schalter_ids:
        raise ValidationError(
            {
                "leistungen": _(
                    "Diese Leistungen werden nicht am selben Schalter angeboten. Bitte buchen "
                    "Sie sie in getrennten Terminen."
                )
            }
        )
    return Wunsch(
        terminort=terminort,
        positionen=tuple(positionen),
        einheiten=einheiten,
        schalter_ids=frozenset(schalter_ids),
    )


def fenster(
    *, terminort: Terminort, now: datetime | None = None, intern: bool = False
) -> tuple[date, date]:
    """First and last day that can be booked online (`intern`: by staff, from today)."""
    heute = timezone.localtime(now or timezone.now(), LOCAL_TZ).date()
    return (
        heute + timedelta(days=0 if intern else terminort.vorlauf_tage),
        heute + timedelta(days=terminort.horizont_tage),
    )


def _zeitpunkt(tag: date, uhrzeit: time) -> datetime:
    return datetime.combine(tag, uhrzeit, tzinfo=LOCAL_TZ)


def lage_lesen(*, terminort: Terminort, von: date, bis: date, now: datetime) -> Lage:
    start, ende = _zeitpunkt(von, time.min), _zeitpunkt(bis + timedelta(days=1), time.min)
    schalter = {s.pk: s for s in Schalter.objects.filter(terminort=terminort, aktiv=True)}
    abfrage = (
        Belegung.objects.filter(terminort=terminort, beginn__gte=start, beginn__lt=ende)
        .filter(Q(belegt_bis__isnull=True) | Q(belegt_bis__gt=now))
        .values_list("schalter_id", _Minute("beginn"))
    )
    # Thousands of (int, int) rows: straight from the cursor, without per-row converters.
    sql, params = abfrage.query.sql_with_params()
    with connections[abfrage.db].cursor() as cursor:
        cursor.execute(sql, params)
        belegt = set(map(tuple, cursor.fetchall()))
    sperrtage = set(
        Sperrtag.objects.filter(terminort=terminort, datum__gte=von, datum__lte=bis).values_list(
            "datum", flat=True
        )
    )
    lage = Lage(terminort=terminort, schalter=schalter, belegt=belegt, sperrtage=sperrtage)
    for schalter_id, a_von, a_bis in Abwesenheit.objects.filter(
        terminort=terminort, von__lt=ende, bis__gt=start
    ).values_list("schalter_id", "von", "bis"):
        tag = max(timezone.localtime(a_von, LOCAL_TZ).date(), von)
        letzter = min(timezone.localtime(a_bis, LOCAL_TZ).date(), bis)
        while tag <= letzter:
            lage.abwesend.setdefault(tag, []).append((schalter_id, a_von, a_bis))
            tag += timedelta(days=1)
    lage.oe = _oe_mit_zeiten(terminort, von, bis)
    return lage


def _oe_mit_zeiten(terminort: Terminort, von: date, bis: date) -> Any:
    """The unit's hours with its exceptions (holidays, closures) of the window, prefetched
    once for `tagesplan`; on a copy, so a cache of another window is never reused."""
    oe = copy.copy(terminort.organisationseinheit)
    oe._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    prefetch_related_objects(
        [oe],
        "oeffnungszeiten",
        Prefetch(
            "sonderoeffnungen",
            queryset=oe.sonderoeffnungen.model.objects.filter(datum__gte=von, datum__lte=bis),
        ),
    )
    return oe


def einheiten_in(*, terminort: Terminort, von: datetime, bis: datetime) -> list[datetime]:
    """The starts of all slot units within the opening hours between `von` and `bis`
    (what a closure of that span takes away)."""
    erster = timezone.localtime(von, LOCAL_TZ).date()
    letzter = timezone.localtime(bis, LOCAL_TZ).date()
    lage = Lage(terminort=terminort, schalter={}, belegt=set(), sperrtage=set())
    lage.oe = _oe_mit_zeiten(terminort, erster, letzter)
    return [
        beginn
        for tag in _tage(erster, letzter)
        for beginn in starts_of(lage, tag, 1)
        if von <= beginn < bis
    ]


def starts_of(lage: Lage, tag: date, einheiten: int) -> list[datetime]:
    """Start times on `tag` whose `einheiten` units fit in one opening interval."""
    if tag in lage.sperrtage:
        return []
    plan = tagesplan(oe=lage.oe, datum=tag)
    schritt = timedelta(minutes=lage.terminort.slot_minuten)
    out: list[datetime] = []
    for intervall in plan.intervalle:
        beginn = _zeitpunkt(tag, intervall.von)
        ende = _zeitpunkt(tag, intervall.bis)
        while beginn + schritt * einheiten <= ende:
            out.append(beginn)
            beginn += schritt
    return out


def schalter_frei(
    lage: Lage,
    schalter_ids: Iterable[int],
    tag: date,
    beginn: datetime,
    einheiten: int,
    heute: date,
    intern: bool = False,
) -> list[int]:
    """Counters among `schalter_ids` that are free for the units from `beginn`; `intern`
    (phone and walk-in bookings by staff) may use the held-back counters any day."""
    schritt = timedelta(minutes=lage.terminort.slot_minuten)
    ende = beginn + schritt * einheiten
    abwesend = lage.abwesend.get(tag, ())
    if any(s is None and a_von < ende and a_bis > beginn for s, a_von, a_bis in abwesend):
        return []
    frei_vorbehalten = intern or (tag - heute).days <= lage.terminort.freigabe_tage
    minute, slot = _minute(beginn), lage.terminort.slot_minuten
    out = []
    for sid in schalter_ids:
        schalter = lage.schalter.get(sid)
        if schalter is None or (schalter.vorbehalten and not frei_vorbehalten):
            continue
        if any(s == sid and a_von < ende and a_bis > beginn for s, a_von, a_bis in abwesend):
            continue
        if all((sid, minute + slot * i) not in lage.belegt for i in range(einheiten)):
            out.append(sid)
    return out


def _tage(von: date, bis: date) -> Iterable[date]:
    tag = von
    while tag <= bis:
        yield tag
        tag += timedelta(days=1)


def freie_tage(*, wunsch: Wunsch, now: datetime | None = None, intern: bool = False) -> list[date]:
    """The days of the booking window that have at least one free slot for `wunsch`
    (`intern`: for staff booking by phone or for a walk-in, see `freie_schalter`)."""
    now = now or timezone.now()
    heute = timezone.localtime(now, LOCAL_TZ).date()
    von, bis = fenster(terminort=wunsch.terminort, now=now, intern=intern)
    lage = lage_lesen(terminort=wunsch.terminort, von=von, bis=bis, now=now)
    ids = sorted(wunsch.schalter_ids)
    out = []
    for tag in _tage(von, bis):
        for beginn in starts_of(lage, tag, wunsch.einheiten):
            if beginn > now and schalter_frei(
                lage, ids, tag, beginn, wunsch.einheiten, heute, intern
            ):
                out.append(tag)
                break
    return out


def freie_slots(
    *, wunsch: Wunsch, datum: date, now: datetime | None = None, intern: bool = False
) -> list[Slot]:
    """The free start times of one day for `wunsch` (none outside the booking window)."""
    now = now or timezone.now()
    heute = timezone.localtime(now, LOCAL_TZ).date()
    von, bis = fenster(terminort=wunsch.terminort, now=now, intern=intern)
    if not von <= datum <= bis:
        return []
    lage = lage_lesen(terminort=wunsch.terminort, von=datum, bis=datum, now=now)
    ids = sorted(wunsch.schalter_ids)
    return [
        Slot(beginn, beginn + wunsch.dauer)
        for beginn in starts_of(lage, datum, wunsch.einheiten)
        if beginn > now and schalter_frei(lage, ids, datum, beginn, wunsch.einheiten, heute, intern)
    ]


def freie_schalter(
    *, wunsch: Wunsch, beginn: datetime, now: datetime, intern: bool = False
) -> list[int]:
    """Counters free for `wunsch` from `beginn` (empty if `beginn` is no bookable start);
    the database has the last word. `intern` (staff booking by phone or a walk-in, using
    the held-back quota): from today on, and the held-back counters any day."""
    heute = timezone.localtime(now, LOCAL_TZ).date()
    tag = timezone.localtime(beginn, LOCAL_TZ).date()
    von, bis = fenster(terminort=wunsch.terminort, now=now, intern=intern)
    if not von <= tag <= bis or beginn <= now:
        return []
    lage = lage_lesen(terminort=wunsch.terminort, von=tag, bis=tag, now=now)
    if beginn not in starts_of(lage, tag, wunsch.einheiten):
        return []
    return schalter_frei(
        lage, sorted(wunsch.schalter_ids), tag, beginn, wunsch.einheiten, heute, intern
    )


def auslastung(*, terminort: Terminort, von: date, bis: date) -> dict[date, int]:
    """Occupied slot units per day (for statistics and the benchmark's check)."""
    zaehler: dict[date, int] = defaultdict(int)
    for beginn in Belegung.objects.filter(
        terminort=terminort,
        beginn__gte=_zeitpunkt(von, time.min),
        beginn__lt=_zeitpunkt(bis + timedelta(days=1), time.min),
    ).values_list("beginn", flat=True):
        zaehler[timezone.localtime(beginn, LOCAL_TZ).date()] += 1
    return dict(zaehler)


def buchung_by_nummer(*, nummer: str) -> Buchung | None:
    """The booking with this public number, or None (the token is checked by the caller)."""
    if not nummer or len(nummer) > 20:
        return None
    return (
        Buchung.objects.select_related(
            "terminort__standort", "terminort__organisationseinheit", "schalter", "kontakt"
        )
        .prefetch_related("positionen__leistung")
        .filter(nummer=nummer.upper())
        .first()
    )


def buchungen_of(*, buerger_id: int) -> QuerySet[Buchung]:
    """A citizen's appointments, upcoming first (Mein Konto)."""
    return (
        Buchung.objects.filter(kontakt__buerger_id=buerger_id)
        .exclude(status=Buchung.Status.ABGELAUFEN)
        .select_related("terminort__standort")
        .prefetch_related("positionen__leistung")
        .order_by("-beginn")
    )


def wartelisteneintrag_by_pk(*, pk: int) -> Wartelisteneintrag | None:
    return (
        Wartelisteneintrag.objects.select_related(
            "terminort__standort", "terminort__organisationseinheit"
        )
        .filter(pk=pk)
        .first()
    )
