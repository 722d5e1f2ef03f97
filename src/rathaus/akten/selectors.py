"""Reads of the E-Akte, permission-aware: a user sees the Akten of the Organisationseinheiten
they belong to (Mitgliedschaft), as federführende or as sharing unit. Nobody else —
superusers included — sees file content through these selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch, Q, QuerySet

from rathaus.organisation.selectors import organisationseinheit_ids_of

from . import conf
from .inhalt import mediatyp_check
from .models import Akte, Aktenplaneinheit, Anlage, Dokument, Version, Vorgang
from .search.engine import AKTENZEICHEN, treffer_ids

User = AbstractBaseUser | AnonymousUser


def _aktiv(user: User) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_active", False))


def akten_visible(*, user: User) -> QuerySet[Akte]:
    """Akten the user may see."""
    if not _aktiv(user):
        return Akte.objects.none()
    einheiten = organisationseinheit_ids_of(user=user)
    sichtbar = Akte.objects.filter(
        Q(federfuehrend_id__in=einheiten) | Q(geteilt_mit__in=einheiten)
    ).values("pk")
    return Akte.objects.filter(pk__in=sichtbar).select_related("aktenplaneinheit", "federfuehrend")


def akte_get(*, user: User, aktenzeichen: str) -> Akte | None:
    return akten_visible(user=user).filter(aktenzeichen=aktenzeichen).first()


def dokumente_of(*, user: User, akte: Akte) -> QuerySet[Dokument]:
    """The Dokumente of an Akte with their Versionen and Anlagen, if the user may see it."""
    return (
        Dokument.objects.filter(vorgang__akte__in=akten_visible(user=user).filter(pk=akte.pk))
        .select_related("vorgang__akte")
        .prefetch_related(
            Prefetch("versionen", queryset=Version.objects.select_related("volltext")),
            Prefetch("anlagen", queryset=Anlage.objects.prefetch_related("versionen")),
        )
    )


@dataclass
class Dokumentsuche:
    anfrage: str
    gesamt: int
    treffer: list[Dokument] = field(default_factory=list)


def dokumente_search(
    *, user: User, query: str, akte: Akte | None = None, limit: int = 20, offset: int = 0
) -> Dokumentsuche:
    """German full-text search over text and metadata (Betreff, Aktenzeichen, Absender,
    Empfänger, Dateiname), best first, only in Akten the user may see.

    A query that looks like an Aktenzeichen ("32.10.05/7", "32.10") lists the Dokumente
    of the Akten with that Aktenzeichen prefix instead.
    """
    query = (query or "").strip()[:500]
    if not query or not _aktiv(user):
        return Dokumentsuche(anfrage=query, gesamt=0)
    limit, offset = max(0, min(limit, 100)), max(0, offset)
    related = ("vorgang__akte",)
    if AKTENZEICHEN.match(query):
        if "/" in query and not query.endswith("/"):
            akten = akten_visible(user=user).filter(aktenzeichen=query)
        else:
            basis = query.rstrip("/")
            akten = akten_visible(user=user).filter(
                Q(aktenzeichen__startswith=basis + "/") | Q(aktenzeichen__startswith=basis + ".")
            )
        if akte is not None:
            akten = akten.filter(pk=akte.pk)
        queryset = (
            Dokument.objects.filter(vorgang__akte__in=akten)
            .select_related(*related)
            .order_by("-erstellt_am", "-id")
        )
        return Dokumentsuche(
            anfrage=query,
            gesamt=queryset.count(),
            treffer=list(queryset[offset : offset + limit]),
        )
    treffer = treffer_ids(
        query=query,
        user_id=user.pk or 0,
        akte_id=akte.pk if akte is not None else None,
        limit=limit,
        offset=offset,
    )
    objekte = Dokument.objects.select_related(*related).in_bulk(treffer.ids)
    return Dokumentsuche(
        anfrage=query,
        gesamt=treffer.gesamt,
        treffer=[objekte[pk] for pk in treffer.ids if pk in objekte],
    )


# --- Staff workspace (arbeitsplatz): single objects, write right, content ------------------


def aktenplan_mit_anzahl(*, user: User) -> QuerySet[Aktenplaneinheit]:
    """The whole Aktenplan; each position carries `anzahl_akten`, the Akten the user may see."""
    sichtbar = akten_visible(user=user).values("pk")
    return Aktenplaneinheit.objects.annotate(
        anzahl_akten=Count("akten", filter=Q(akten__pk__in=sichtbar))
    ).order_by("kennzeichen")


def akte_visible_get(*, user: User, pk: int) -> Akte | None:
    """One Akte the user may see (with its Vorgänge and sharing units), else None."""
    return (
        akten_visible(user=user)
        .filter(pk=pk)
        .prefetch_related(Prefetch("vorgaenge", queryset=Vorgang.objects.order_by("nummer")))
        .prefetch_related("geteilt_mit")
        .first()
    )


def akte_writable(*, user: User, akte: Akte) -> bool:
    """Only members of the federführende Organisationseinheit file into or close an Akte;
    sharing units read it."""
    if not _aktiv(user):
        return False
    return (
        organisationseinheit_ids_of(user=user)
        .filter(organisationseinheit_id=akte.federfuehrend_id)
        .exists()
    )


def akten_writable(*, user: User) -> QuerySet[Akte]:
    """Open Akten the user may file into, with their open Vorgänge."""
    if not _aktiv(user):
        return Akte.objects.none()
    return (
        Akte.objects.filter(
            federfuehrend_id__in=organisationseinheit_ids_of(user=user), zda_am__isnull=True
        )
        .select_related("aktenplaneinheit", "federfuehrend")
        .prefetch_related(
            Prefetch(
                "vorgaenge",
                queryset=Vorgang.objects.filter(zda_am__isnull=True).order_by("nummer"),
                to_attr="offene_vorgaenge",
            )
        )
    )


def vorgang_visible_get(*, user: User, pk: int) -> Vorgang | None:
    return (
        Vorgang.objects.filter(pk=pk, akte__in=akten_visible(user=user))
        .select_related("akte__federfuehrend")
        .first()
    )


def dokument_visible_get(*, user: User, pk: int) -> Dokument | None:
    """One Dokument in an Akte the user may see, with Versionen and Anlagen, else None."""
    return (
        Dokument.objects.filter(pk=pk, vorgang__akte__in=akten_visible(user=user))
        .select_related("vorgang__akte__aktenplaneinheit", "erstellt_von")
        .prefetch_related(
            Prefetch(
                "versionen", queryset=Version.objects.select_related("volltext", "erstellt_von")
            ),
            Prefetch("anlagen", queryset=Anlage.objects.prefetch_related("versionen")),
        )
        .first()
    )


def version_visible_get(*, user: User, pk: int) -> Version | None:
    """A Version of a Dokument or of an Anlage in an Akte the user may see, else None."""
    sichtbar = akten_visible(user=user)
    return (
        Version.objects.filter(
            Q(dokument__vorgang__akte__in=sichtbar)
            | Q(anlage__dokument__vorgang__akte__in=sichtbar),
            pk=pk,
        )
        .select_related("blob", "dokument", "anlage__dokument")
        .first()
    )


def version_content_open(*, version: Version) -> IO[bytes]:
    """The stored content of a Version for streaming; the caller checked visibility."""
    return default_storage.open(version.blob.speichername, "rb")


def inhalt_pruefen(*, mediatyp: str, kopf: bytes) -> str:
    """The rule of `dokument_file` for content vs. declared type, to check uploads before
    anything is stored; returns the normalised media type or raises ValidationError."""
    return mediatyp_check(deklariert=mediatyp, kopf=kopf)


def aktenplaneinheit_by_kennzeichen(*, kennzeichen: str) -> Aktenplaneinheit | None:
    """The position of the Aktenplan with this Kennzeichen (the Aktenplan is no one's
    personal data: not scoped to a user)."""
    return Aktenplaneinheit.objects.filter(kennzeichen=kennzeichen).first()


def akte_exists(*, aktenplaneinheit: Aktenplaneinheit, betreff: str) -> bool:
    """Whether the position holds an Akte with this Betreff. Not scoped to a user: for the
    demo loader, which creates each of its Akten once."""
    return Akte.objects.filter(aktenplaneinheit=aktenplaneinheit, betreff=betreff).exists()


def version_max_bytes() -> int:
    """The largest content one Version takes (RATHAUS_AKTEN_MAX_BYTES), to refuse a
    larger upload before anything is stored."""
    return conf.max_bytes()


def dokumente_of_verfahren(*, user: User, verfahren_ref: str) -> QuerySet[Dokument]:
    """The Dokumente of the Vorgänge kept for a Verfahren (by its reference), oldest first,
    if the user may see their Akte."""
    return (
        Dokument.objects.filter(
            vorgang__verfahren_ref=verfahren_ref, vorgang__akte__in=akten_visible(user=user)
        )
        .select_related("vorgang__akte")
        .prefetch_related(
            "versionen", Prefetch("anlagen", queryset=Anlage.objects.prefetch_related("versionen"))
        )
        .order_by("erstellt_am", "pk")
    )


# --- For the Verfahren of a Vorgang (verfahren): the caller has checked the user's right ---


def vorgang_offen_get(*, pk: int | None, akte_offen: bool = False) -> Vorgang | None:
    """The Vorgang `pk` with its Akte if it is open (not zdA), else None; with
    `akte_offen` its Akte must be open too (to file into it). Not scoped to a user: for
    the Verfahren that keeps this Vorgang, whose own access check comes first."""
    if pk is None:
        return None
    offen = Vorgang.objects.select_related("akte").filter(pk=pk, zda_am__isnull=True)
    if akte_offen:
        offen = offen.filter(akte__zda_am__isnull=True)
    return offen.first()


def eingang_exists(*, vorgang: Vorgang, nach: datetime) -> bool:
    """Whether an incoming Dokument (art "eingang") was filed in the Vorgang after
    `nach`. Not scoped to a user (the Verfahren's deadline run asks)."""
    return Dokument.objects.filter(
        vorgang=vorgang, art=Dokument.Art.EINGANG, erstellt_am__gt=nach
    ).exists()


def version_neueste_of(*, dokument_id: int) -> Version | None:
    """The newest Version of a Dokument with its stored content (blob), None when the
    Dokument has none or is gone (Aussonderung). Not scoped to a user: the caller has
    checked the reader's right (the citizen's own Postfach message)."""
    return (
        Version.objects.filter(dokument_id=dokument_id)
        .select_related("blob")
        .order_by("-nummer")
        .first()
    )
