"""Reads of the E-Akte, permission-aware: a user sees the Akten of the Organisationseinheiten
they belong to (Mitgliedschaft), as federführende or as sharing unit. Nobody else —
superusers included — sees file content through these selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from rathaus.organisation.selectors import organisationseinheit_ids_of

from .models import Akte, Anlage, Dokument, Version
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
