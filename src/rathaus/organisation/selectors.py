from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from .models import Oeffnungszeit, Organisationseinheit, Sonderoeffnung

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Intervall:
    von: time
    bis: time
    nur_mit_termin: bool = False


@dataclass(frozen=True)
class Tagesplan:
    datum: date
    intervalle: tuple[Intervall, ...]
    grund: str = ""  # why the day differs from the regular week (holiday, closure ...)

    @property
    def geschlossen(self) -> bool:
        return not self.intervalle


@dataclass(frozen=True)
class Oeffnungsstatus:
    """Answer to "is it open now, and until when?" for one office at one moment."""

    jetzt_offen: bool
    offen_bis: time | None
    heute: Tagesplan
    naechste_oeffnung: tuple[date, Intervall] | None


def organisationseinheiten_list() -> QuerySet[Organisationseinheit]:
    return Organisationseinheit.objects.select_related("standort", "uebergeordnet").order_by("name")


def organisationseinheit_detail(*, slug: str) -> Organisationseinheit:
    return (
        Organisationseinheit.objects.select_related("standort", "uebergeordnet")
        .prefetch_related(
            "oeffnungszeiten",
            Prefetch(
                "sonderoeffnungen",
                queryset=Sonderoeffnung.objects.filter(
                    datum__gte=datetime.now(tz=LOCAL_TZ).date() - timedelta(days=1)
                ),
            ),
            "untereinheiten",
        )
        .get(slug=slug)
    )


def tagesplan(*, oe: Organisationseinheit, datum: date) -> Tagesplan:
    """Hours of one date, taking exceptions over the regular week.

    Uses the prefetched relations when present, so a page can ask for many dates cheaply.
    """
    sonder = [s for s in oe.sonderoeffnungen.all() if s.datum == datum]
    if sonder:
        grund = sonder[0].grund
        if any(s.geschlossen for s in sonder):
            return Tagesplan(datum=datum, intervalle=(), grund=grund)
        return Tagesplan(
            datum=datum,
            intervalle=tuple(
                Intervall(s.von, s.bis) for s in sonder if s.von is not None and s.bis is not None
            ),
            grund=grund,
        )
    regulaer: list[Oeffnungszeit] = [
        o for o in oe.oeffnungszeiten.all() if o.wochentag == datum.weekday()
    ]
    return Tagesplan(
        datum=datum,
        intervalle=tuple(
            Intervall(o.von, o.bis, o.nur_mit_termin) for o in sorted(regulaer, key=lambda o: o.von)
        ),
    )


def oeffnungsstatus(*, oe: Organisationseinheit, now: datetime | None = None) -> Oeffnungsstatus:
    local = (now or datetime.now(tz=LOCAL_TZ)).astimezone(LOCAL_TZ)
    heute = tagesplan(oe=oe, datum=local.date())
    uhrzeit = local.time()
    offen_bis = next((i.bis for i in heute.intervalle if i.von <= uhrzeit < i.bis), None)
    naechste: tuple[date, Intervall] | None = None
    for offset in range(0, 15):
        tag = local.date() + timedelta(days=offset)
        plan = heute if offset == 0 else tagesplan(oe=oe, datum=tag)
        kandidaten = [i for i in plan.intervalle if offset > 0 or i.von > uhrzeit]
        if kandidaten:
            naechste = (tag, kandidaten[0])
            break
    return Oeffnungsstatus(
        jetzt_offen=offen_bis is not None,
        offen_bis=offen_bis,
        heute=heute,
        naechste_oeffnung=naechste,
    )


def wochenplan(*, oe: Organisationseinheit, ab: date | None = None) -> list[Tagesplan]:
    """The next seven days, exceptions included."""
    start = ab or datetime.now(tz=LOCAL_TZ).date()
    return [tagesplan(oe=oe, datum=start + timedelta(days=i)) for i in range(7)]
