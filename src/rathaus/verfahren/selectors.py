"""Reads of the Verfahren, all permission-aware: staff see the Verfahren of their units.

A Verfahren or Aufgabe outside the user's units raises DoesNotExist (the UI answers 404)
and the attempt is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from rathaus.core.selectors import protokoll_for
from rathaus.organisation.selectors import (
    Rolle,
    hat_rolle,
    organisationseinheit_ids_of,
    rollen_by_organisationseinheit,
)

from .bpmn.aufgabenarten import AUFGABENARTEN, Feld
from .models import Aufgabe, Frist, Fristregel, Prozessmodell, Verfahren
from .services._zugriff import ROLLEN_FUER, verweigert
from .verlauf import Namen, protokoll_text

User = AbstractBaseUser | AnonymousUser
SEITENGROESSE = 25
SORTIERUNGEN: dict[str, tuple[Any, ...]] = {
    "faellig": (F("faellig_am").asc(nulls_last=True), "erstellt_am", "id"),
    "alter": ("erstellt_am", "id"),
    "neueste": ("-erstellt_am", "-id"),
    "aktenzeichen": ("verfahren__aktenzeichen", "id"),
    "leistung": ("verfahren__leistung__name", "erstellt_am", "id"),
}

# The choices of an Aufgabe's role and a Verfahren's status, for the filters of the apps above.
AufgabeRolle = Aufgabe.Rolle
VerfahrenStatus = Verfahren.Status

# What the selectors and services raise for a Verfahren or Aufgabe that does not exist or
# lies outside the user's units (the attempt logged): callers answer 404.
NICHT_GEFUNDEN: tuple[type[Exception], ...] = (Verfahren.DoesNotExist, Aufgabe.DoesNotExist)


def verfahren_sichtbar(*, user: User) -> QuerySet[Verfahren]:
    """The Verfahren of the user's units, without the (large) workflow state."""
    return (
        Verfahren.objects.filter(organisationseinheit_id__in=organisationseinheit_ids_of(user=user))
        .select_related("leistung", "organisationseinheit", "prozessmodell")
        .defer("zustand", "prozessmodell__bpmn_xml")
    )


def verfahren_filter(
    *,
    user: User,
    status: str | None = None,
    leistung_id: int | None = None,
    organisationseinheit_id: int | None = None,
    aktenzeichen: str = "",
) -> QuerySet[Verfahren]:
    """The Verfahren of the user's units with every given filter (AND), newest first;
    an empty filter is no filter, an Aktenzeichen matches from its start."""
    qs = verfahren_sichtbar(user=user)
    if status:
        qs = qs.filter(status=status)
    if leistung_id:
        qs = qs.filter(leistung_id=leistung_id)
    if organisationseinheit_id:
        qs = qs.filter(organisationseinheit_id=organisationseinheit_id)
    if aktenzeichen.strip():
        qs = qs.filter(aktenzeichen__startswith=aktenzeichen.strip())
    return qs.order_by("-eingegangen_am", "-id")


def verfahren_ref(*, pk: int) -> Verfahren:
    """A handle on the Verfahren `pk` for the services, read from nowhere: every service
    loads the Verfahren by id itself and refuses (NICHT_GEFUNDEN, logged) one outside the
    actor's units, so nothing is read before it has checked."""
    return Verfahren(pk=pk)


def aufgaben_offen_of(*, verfahren: Verfahren) -> list[Aufgabe]:
    """The open Aufgaben of a Verfahren read with verfahren_detail (prefetched, no query)."""
    return [a for a in verfahren.aufgaben.all() if a.status == Aufgabe.Status.OFFEN]


def ergebnisfelder_of(*, aufgabe: Aufgabe) -> tuple[Feld, ...]:
    """The fields of the result an open Aufgabe takes (its kind's); none once it is done."""
    art = AUFGABENARTEN.get(aufgabe.art)
    if art is None or aufgabe.status != Aufgabe.Status.OFFEN:
        return ()
    return art.felder


def ergebnisfelder_der_art(*, art: str) -> tuple[Feld, ...]:
    """The fields of the result an Aufgabe of the kind `art` takes; none for an unknown kind."""
    aufgabenart = AUFGABENARTEN.get(art)
    return aufgabenart.felder if aufgabenart else ()


def fristregel_exists(*, leistung_id: int) -> bool:
    """Whether the Leistung has its deadline rules (Fristregel) already."""
    return Fristregel.objects.filter(leistung_id=leistung_id).exists()


def verfahren_detail(*, user: User, pk: int) -> Verfahren:
    """One Verfahren with its Aufgaben and Fristen; DoesNotExist (logged) if not visible."""
    try:
        return (
            verfahren_sichtbar(user=user)
            .select_related("buerger")
            .prefetch_related(
                Prefetch(
                    "aufgaben",
                    queryset=Aufgabe.objects.select_related("bearbeiter", "erledigt_von"),
                ),
                Prefetch("fristen", queryset=Frist.objects.order_by("datum")),
                "mitzeichnungen__zeichner",
            )
            .get(pk=pk)
        )
    except Verfahren.DoesNotExist:
        verweigert(user, "verfahren", pk)
        raise


def aufgabe_detail(*, user: User, pk: int) -> Aufgabe:
    """One Aufgabe of the user's units; DoesNotExist (logged) otherwise."""
    try:
        return Aufgabe.objects.select_related(
            "verfahren__leistung", "verfahren__organisationseinheit", "bearbeiter"
        ).get(pk=pk, organisationseinheit_id__in=organisationseinheit_ids_of(user=user))
    except Aufgabe.DoesNotExist:
        verweigert(user, "aufgabe", pk)
        raise


@dataclass(frozen=True)
class InboxFilter:
    organisationseinheit_id: int | None = None
    leistung_id: int | None = None
    rolle: str | None = None  # sachbearbeitung / leitung
    nur_meine: bool = False
    nur_unzugewiesen: bool = False
    ueberfaellig: bool = False
    verfahren_status: str | None = None  # in_bearbeitung / wartet
    aktenzeichen: str = ""  # prefix


@dataclass(frozen=True)
class InboxZeile:
    aufgabe_id: int
    titel: str
    art: str
    rolle: str
    verfahren_id: int
    aktenzeichen: str
    leistung: str
    organisationseinheit: str
    verfahren_status: str
    eingegangen_am: datetime
    erstellt_am: datetime
    faellig_am: date | None
    gesetzliche_frist_am: date | None
    bearbeiter_id: int | None
    bearbeiter: str
    alter_tage: int
    ueberfaellig: bool


@dataclass(frozen=True)
class InboxSeite:
    zeilen: list[InboxZeile]
    anzahl: int
    seite: int
    seiten: int
    sortierung: str
    filter: InboxFilter = field(default_factory=InboxFilter)


def _arbeitsbereich(user: User) -> Q:
    """Open tasks the user may work on: clerk lanes in units where they are Sachbearbeitung
    or Leitung, Leitung lanes where they are Leitung. The unit ids are read first (one small
    query) so the database can use the per-unit indexes with a plain IN list."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    rollen = rollen_by_organisationseinheit(user=user)
    bedingung = Q(pk__in=[])
    for lane, erlaubt in ROLLEN_FUER.items():
        einheiten = sorted(oe for oe, r in rollen.items() if r & set(erlaubt))
        if einheiten:
            bedingung |= Q(rolle=lane, organisationseinheit_id__in=einheiten)
    return bedingung


def inbox(
    *,
    user: User,
    filters: InboxFilter | None = None,
    sort: str = "faellig",
    page: int = 1,
    page_size: int = SEITENGROESSE,
) -> InboxSeite:
    """Open Aufgaben of the user and of their units, one page, as plain rows (three queries:
    the user's units, the count, the page)."""
    filters = filters or InboxFilter()
    sort = sort if sort in SORTIERUNGEN else "faellig"
    heute = timezone.localdate()
    qs = Aufgabe.objects.filter(_arbeitsbereich(user), status=Aufgabe.Status.OFFEN)
    if filters.organisationseinheit_id:
        qs = qs.filter(organisationseinheit_id=filters.organisationseinheit_id)
    if filters.leistung_id:
        qs = qs.filter(verfahren__leistung_id=filters.leistung_id)
    if filters.rolle:
        qs = qs.filter(rolle=filters.rolle)
    if filters.nur_meine:
        qs = qs.filter(bearbeiter_id=user.pk)
    if filters.nur_unzugewiesen:
        qs = qs.filter(bearbeiter__isnull=True)
    if filters.ueberfaellig:
        qs = qs.filter(faellig_am__lt=heute)
    if filters.verfahren_status:
        qs = qs.filter(verfahren__status=filters.verfahren_status)
    if filters.aktenzeichen.strip():
        qs = qs.filter(verfahren__aktenzeichen__startswith=filters.aktenzeichen.strip())
    anzahl = qs.count()
    seiten = max(1, -(-anzahl // page_size))
    page = min(max(1, page), seiten)
    start = (page - 1) * page_size
    werte = qs.order_by(*SORTIERUNGEN[sort]).values(
        "id",
        "titel",
        "art",
        "rolle",
        "verfahren_id",
        "erstellt_am",
        "faellig_am",
        "bearbeiter_id",
        "bearbeiter__username",
        "bearbeiter__first_name",
        "bearbeiter__last_name",
        "organisationseinheit__name",
        "verfahren__aktenzeichen",
        "verfahren__leistung__name",
        "verfahren__status",
        "verfahren__eingegangen_am",
        "verfahren__gesetzliche_frist_am",
    )[start : start + page_size]
    jetzt = timezone.now()
    zeilen = [
        InboxZeile(
            aufgabe_id=w["id"],
            titel=w["titel"],
            art=w["art"],
            rolle=w["rolle"],
            verfahren_id=w["verfahren_id"],
            aktenzeichen=w["verfahren__aktenzeichen"],
            leistung=w["verfahren__leistung__name"],
            organisationseinheit=w["organisationseinheit__name"],
            verfahren_status=w["verfahren__status"],
            eingegangen_am=w["verfahren__eingegangen_am"],
            erstellt_am=w["erstellt_am"],
            faellig_am=w["faellig_am"],
            gesetzliche_frist_am=w["verfahren__gesetzliche_frist_am"],
            bearbeiter_id=w["bearbeiter_id"],
            bearbeiter=(
                f"{w['bearbeiter__first_name'] or ''} {w['bearbeiter__last_name'] or ''}".strip()
                or (w["bearbeiter__username"] or "")
            ),
            alter_tage=(jetzt - w["verfahren__eingegangen_am"]).days,
            ueberfaellig=w["faellig_am"] is not None and w["faellig_am"] < heute,
        )
        for w in werte
    ]
    return InboxSeite(zeilen, anzahl, page, seiten, sort, filters)


# Reads of the Verfahren are audited, but they are not events of the case: the timeline
# leaves them out (every page view would add one).
LESEZUGRIFFE = ("verfahren.ansehen", "verfahren.api.read", "verfahren.api.timeline")


@dataclass(frozen=True)
class TimelineEintrag:
    zeitpunkt: datetime
    art: str  # protokoll / notiz / nachricht
    titel: str
    text: str
    akteur: str
    details: dict[str, Any] = field(default_factory=dict)


def timeline(*, user: User, verfahren: Verfahren) -> list[TimelineEintrag]:
    """Protokoll, internal notes and messages with the citizen, merged by time (oldest first).
    A Protokoll entry's `titel` is its action, its `text` the sentence that says it (naming
    the Aufgabe it belongs to)."""
    verfahren = verfahren_sichtbar(user=user).filter(pk=verfahren.pk).first() or _verweigert(
        user, verfahren.pk
    )
    protokoll = list(protokoll_for(target=verfahren).exclude(aktion__in=LESEZUGRIFFE))
    namen = Namen(verfahren, (p.details for p in protokoll if isinstance(p.details, dict)))
    eintraege = [
        TimelineEintrag(
            p.zeitpunkt,
            "protokoll",
            p.aktion,
            protokoll_text(p.aktion, p.details if isinstance(p.details, dict) else {}, namen),
            p.akteur_name,
            p.details,
        )
        for p in protokoll
    ]
    eintraege += [
        TimelineEintrag(n.erstellt_am, "notiz", "", n.text, n.verfasser_name)
        for n in verfahren.notizen.all()
    ]
    eintraege += [
        TimelineEintrag(
            n.erstellt_am, "nachricht", n.betreff, n.text, n.akteur_name, {"richtung": n.richtung}
        )
        for n in verfahren.nachrichten.all()
    ]
    return sorted(eintraege, key=lambda e: e.zeitpunkt)


def _verweigert(user: User, pk: int) -> Verfahren:
    verweigert(user, "verfahren", pk)
    raise Verfahren.DoesNotExist("Verfahren nicht gefunden.")


def prozessmodelle_list(*, user: User) -> QuerySet[Prozessmodell]:
    """All process models with their versions (Fachadministration only)."""
    if not hat_rolle(user=user, rolle=Rolle.FACHADMINISTRATION):
        return Prozessmodell.objects.none()
    return Prozessmodell.objects.select_related("leistung", "hochgeladen_von").defer("bpmn_xml")


def verfahren_laufzeiten() -> QuerySet[Verfahren, tuple[Any, ...]]:
    """Per Verfahren, without any person: Leistung, Organisationseinheit, status, Eingang,
    Abschluss, Entscheidung and statutory deadline (the digitisation report, berichte, which
    only publishes aggregates of them). Not scoped to a user: nothing here names anyone."""
    return Verfahren.objects.order_by().values_list(
        "leistung_id",
        "organisationseinheit_id",
        "status",
        "eingegangen_am",
        "abgeschlossen_am",
        "entscheidung",
        "gesetzliche_frist_am",
    )
