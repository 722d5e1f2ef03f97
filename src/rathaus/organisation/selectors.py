from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Prefetch, QuerySet

from .models import Mitgliedschaft, Oeffnungszeit, Organisationseinheit, Sonderoeffnung
from .models import Rolle as Rolle  # the role constants the functions below take and return

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


def _organisationseinheit_detail_qs() -> QuerySet[Organisationseinheit]:
    return Organisationseinheit.objects.select_related(
        "standort", "uebergeordnet"
    ).prefetch_related(
        "oeffnungszeiten",
        Prefetch(
            "sonderoeffnungen",
            queryset=Sonderoeffnung.objects.filter(
                datum__gte=datetime.now(tz=LOCAL_TZ).date() - timedelta(days=1)
            ),
        ),
        "untereinheiten",
    )


def erste_anlaufstelle() -> Organisationseinheit | None:
    """The unit that answers general questions (where no responsible office is known)."""
    return (
        Organisationseinheit.objects.select_related("standort")
        .filter(erste_anlaufstelle=True)
        .first()
    )


def organisationseinheit_detail(*, slug: str) -> Organisationseinheit:
    return _organisationseinheit_detail_qs().get(slug=slug)


def organisationseinheit_detail_by_id(*, pk: int) -> Organisationseinheit:
    """`organisationseinheit_detail` by primary key; raises Organisationseinheit.DoesNotExist."""
    return _organisationseinheit_detail_qs().get(pk=pk)


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
                sorted(
                    (
                        Intervall(s.von, s.bis)
                        for s in sonder
                        if s.von is not None and s.bis is not None
                    ),
                    key=lambda i: (i.von, i.bis),
                )
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


def _offen_bis(intervalle: tuple[Intervall, ...], uhrzeit: time) -> time | None:
    """End of the open period around `uhrzeit`; touching intervals (8–12, 12–16) run on."""
    offen_bis: time | None = None
    for i in sorted(intervalle, key=lambda i: (i.von, i.bis)):
        if offen_bis is None:
            if i.von <= uhrzeit < i.bis:
                offen_bis = i.bis
        elif i.von <= offen_bis:
            offen_bis = max(offen_bis, i.bis)
        else:
            break
    return offen_bis


def oeffnungsstatus(*, oe: Organisationseinheit, now: datetime | None = None) -> Oeffnungsstatus:
    local = (now or datetime.now(tz=LOCAL_TZ)).astimezone(LOCAL_TZ)
    heute = tagesplan(oe=oe, datum=local.date())
    uhrzeit = local.time()
    offen_bis = _offen_bis(heute.intervalle, uhrzeit)
    # While open, the next opening is the first interval after the current open period.
    ab = offen_bis or uhrzeit
    naechste: tuple[date, Intervall] | None = None
    for offset in range(0, 15):
        tag = local.date() + timedelta(days=offset)
        plan = heute if offset == 0 else tagesplan(oe=oe, datum=tag)
        kandidaten = [i for i in plan.intervalle if offset > 0 or i.von > ab]
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


def organisationseinheit_ids_of(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Any]:
    """Ids of the Organisationseinheiten a staff member belongs to (any role), as a subquery."""
    if not user.is_authenticated or not user.is_active:
        return Mitgliedschaft.objects.none().values("organisationseinheit_id")
    return Mitgliedschaft.objects.filter(user_id=user.pk).values("organisationseinheit_id")


def hat_rolle(
    *,
    user: AbstractBaseUser | AnonymousUser,
    rolle: str,
    organisationseinheit: Organisationseinheit | None = None,
) -> bool:
    """Whether the user has the role (in the given Organisationseinheit, or in any)."""
    if not user.is_authenticated or not user.is_active:
        return False
    queryset = Mitgliedschaft.objects.filter(user_id=user.pk, rolle=rolle)
    if organisationseinheit is not None:
        queryset = queryset.filter(organisationseinheit=organisationseinheit)
    return queryset.exists()


def rollen_of(*, user: AbstractBaseUser | AnonymousUser, organisationseinheit_id: int) -> set[str]:
    """The user's roles (`Rolle` values) in one Organisationseinheit; none for an anonymous
    or inactive user."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Mitgliedschaft.objects.filter(
            user_id=user.pk, organisationseinheit_id=organisationseinheit_id
        ).values_list("rolle", flat=True)
    )


def rollen_by_organisationseinheit(
    *, user: AbstractBaseUser | AnonymousUser
) -> dict[int, set[str]]:
    """The user's roles per Organisationseinheit id, in one query; empty for an anonymous
    or inactive user."""
    if not user.is_authenticated or not user.is_active:
        return {}
    rollen: dict[int, set[str]] = {}
    for oe_id, rolle in Mitgliedschaft.objects.filter(user_id=user.pk).values_list(
        "organisationseinheit_id", "rolle"
    ):
        rollen.setdefault(oe_id, set()).add(rolle)
    return rollen


def mitglieder_of(*, organisationseinheit_id: int, rollen: Iterable[str]) -> QuerySet[User]:
    """The active staff of one Organisationseinheit with one of `rollen`, each once, by
    name. Names staff to staff code (whom a task may go to); the caller checks that the
    asking user may see them."""
    ids = Mitgliedschaft.objects.filter(
        organisationseinheit_id=organisationseinheit_id, rolle__in=list(rollen)
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "pk")


def ist_verwaltung(*, oe: Organisationseinheit) -> bool:
    """Whether the unit is the administration as a whole (the top that holds the offices)."""
    return oe.art == Organisationseinheit.Art.VERWALTUNG
