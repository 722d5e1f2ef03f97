"""Writes on the organisation: buildings, offices, their weekly hours and exceptions.

Every function is idempotent: called again with the same data it changes nothing and
writes no Protokoll entry, so data loaders can simply be run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction

from rathaus.core.services import Actor, protokoll_write

from .models import (
    Mitgliedschaft,
    Oeffnungszeit,
    Organisationseinheit,
    Rolle,
    Sonderoeffnung,
    Standort,
    Wochentag,
)


@dataclass(frozen=True, order=True)
class Zeitfenster:
    """One weekly opening interval, as the services take it."""

    wochentag: int
    von: time
    bis: time
    nur_mit_termin: bool = False


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def _apply(instance: models.Model, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the given fields; return {field: [old, new]} for those that really changed."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
            setattr(instance, field, new)
    return changes


def _save_upsert[M: models.Model](
    *,
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    actor: Actor,
    action_prefix: str,
) -> M:
    instance = model._default_manager.select_for_update().filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        protokoll_write(
            actor=actor,
            action=f"{action_prefix}.create",
            target=instance,
            details={k: _jsonable(v) for k, v in values.items()},
        )
        return instance
    changes = _apply(instance, values)
    if changes:
        instance.full_clean()
        instance.save()
        protokoll_write(
            actor=actor, action=f"{action_prefix}.update", target=instance, details=changes
        )
    return instance


@transaction.atomic
def standort_upsert(
    *,
    slug: str,
    name: str,
    strasse: str,
    plz: str,
    ort: str = "Stralsund",
    telefon: str = "",
    email: str = "",
    stufenloser_zugang: bool = False,
    aufzug: bool = False,
    barrierefreies_wc: bool = False,
    behindertenparkplatz: bool = False,
    barrierefreiheit_hinweis: str = "",
    anfahrt: str = "",
    actor: Actor,
) -> Standort:
    """Create or update the Standort with this slug."""
    return _save_upsert(
        model=Standort,
        lookup={"slug": slug},
        values={
            "name": name,
            "strasse": strasse,
            "plz": plz,
            "ort": ort,
            "telefon": telefon,
            "email": email,
            "stufenloser_zugang": stufenloser_zugang,
            "aufzug": aufzug,
            "barrierefreies_wc": barrierefreies_wc,
            "behindertenparkplatz": behindertenparkplatz,
            "barrierefreiheit_hinweis": barrierefreiheit_hinweis,
            "anfahrt": anfahrt,
        },
        actor=actor,
        action_prefix="standort",
    )


@transaction.atomic
def organisationseinheit_upsert(
    *,
    slug: str,
    name: str,
    art: str,
    name_en: str = "",
    uebergeordnet: Organisationseinheit | None = None,
    standort: Standort | None = None,
    beschreibung: str = "",
    telefon: str = "",
    email: str = "",
    raum: str = "",
    nur_mit_termin: bool = False,
    termin_hinweis: str = "",
    erste_anlaufstelle: bool = False,
    beispielinhalt: bool = False,
    actor: Actor,
) -> Organisationseinheit:
    """Create or update the Organisationseinheit with this slug."""
    if art not in Organisationseinheit.Art.values:
        raise ValidationError({"art": f"Unbekannte Art: {art}"})
    if uebergeordnet is not None and uebergeordnet.slug == slug:
        raise ValidationError({"uebergeordnet": "Eine Einheit kann sich nicht selbst unterstehen."})
    return _save_upsert(
        model=Organisationseinheit,
        lookup={"slug": slug},
        values={
            "name": name,
            "name_en": name_en,
            "art": art,
            "uebergeordnet": uebergeordnet,
            "standort": standort,
            "beschreibung": beschreibung,
            "telefon": telefon,
            "email": email,
            "raum": raum,
            "nur_mit_termin": nur_mit_termin,
            "termin_hinweis": termin_hinweis,
            "erste_anlaufstelle": erste_anlaufstelle,
            "beispielinhalt": beispielinhalt,
        },
        actor=actor,
        action_prefix="organisationseinheit",
    )


def _check_intervals(intervals: Sequence[tuple[time, time]], *, field: str) -> None:
    ordered = sorted(intervals)
    for von, bis in ordered:
        if von >= bis:
            raise ValidationError({field: f"Beginn {von:%H:%M} liegt nicht vor Ende {bis:%H:%M}."})
    for (_, bis), (von, _) in pairwise(ordered):
        if von < bis:
            raise ValidationError({field: f"Zeiten überschneiden sich um {von:%H:%M}."})


def zeitfenster_validate(*, zeiten: Iterable[Zeitfenster]) -> list[Zeitfenster]:
    """Check a week of opening intervals (known days, from before to, no overlap); sorted."""
    neu = sorted(set(zeiten))
    if any(z.wochentag not in Wochentag.values for z in neu):
        raise ValidationError({"oeffnungszeiten": "Unbekannter Wochentag."})
    for tag in Wochentag.values:
        _check_intervals(
            [(z.von, z.bis) for z in neu if z.wochentag == tag], field="oeffnungszeiten"
        )
    return neu


@transaction.atomic
def oeffnungszeiten_set(
    *,
    organisationseinheit: Organisationseinheit,
    zeiten: Iterable[Zeitfenster],
    actor: Actor,
) -> list[Oeffnungszeit]:
    """Replace the regular weekly hours of an office; nothing happens if they are unchanged.

    Several intervals per day are allowed; they must not overlap.
    """
    neu = zeitfenster_validate(zeiten=zeiten)
    bestehend = list(
        Oeffnungszeit.objects.select_for_update().filter(organisationseinheit=organisationseinheit)
    )
    alt = sorted(Zeitfenster(o.wochentag, o.von, o.bis, o.nur_mit_termin) for o in bestehend)
    if alt == neu:
        return sorted(bestehend, key=lambda o: (o.wochentag, o.von))
    Oeffnungszeit.objects.filter(organisationseinheit=organisationseinheit).delete()
    created = Oeffnungszeit.objects.bulk_create(
        Oeffnungszeit(
            organisationseinheit=organisationseinheit,
            wochentag=z.wochentag,
            von=z.von,
            bis=z.bis,
            nur_mit_termin=z.nur_mit_termin,
        )
        for z in neu
    )
    protokoll_write(
        actor=actor,
        action="oeffnungszeiten.set",
        target=organisationseinheit,
        details={
            "alt": [_zeitfenster_text(z) for z in alt],
            "neu": [_zeitfenster_text(z) for z in neu],
        },
    )
    return created


def _zeitfenster_text(z: Zeitfenster) -> str:
    termin = " (Termin)" if z.nur_mit_termin else ""
    return f"{Wochentag(z.wochentag).name.lower()} {z.von:%H:%M}-{z.bis:%H:%M}{termin}"


@transaction.atomic
def sonderoeffnung_upsert(
    *,
    organisationseinheit: Organisationseinheit,
    datum: date,
    grund: str,
    intervalle: Sequence[tuple[time, time]] = (),
    actor: Actor,
) -> list[Sonderoeffnung]:
    """Set the exception of one date: closed when `intervalle` is empty, else these hours.

    Replaces whatever exception that date had before; unchanged data writes nothing.
    """
    _check_intervals(intervalle, field="intervalle")
    geschlossen = not intervalle
    neu = (
        [(True, None, None, grund)]
        if geschlossen
        else [(False, von, bis, grund) for von, bis in sorted(intervalle)]
    )
    bestehend = list(
        Sonderoeffnung.objects.select_for_update()
        .filter(organisationseinheit=organisationseinheit, datum=datum)
        .order_by("von", "id")
    )
    alt = [(s.geschlossen, s.von, s.bis, s.grund) for s in bestehend]
    if alt == neu:
        return bestehend
    Sonderoeffnung.objects.filter(organisationseinheit=organisationseinheit, datum=datum).delete()
    created = Sonderoeffnung.objects.bulk_create(
        Sonderoeffnung(
            organisationseinheit=organisationseinheit,
            datum=datum,
            geschlossen=g,
            von=von,
            bis=bis,
            grund=text,
        )
        for g, von, bis, text in neu
    )
    protokoll_write(
        actor=actor,
        action="sonderoeffnung.set",
        target=organisationseinheit,
        details={
            "datum": datum.isoformat(),
            "grund": grund,
            "geschlossen": geschlossen,
            "intervalle": [f"{von:%H:%M}-{bis:%H:%M}" for von, bis in sorted(intervalle)],
        },
    )
    return created


@transaction.atomic
def mitgliedschaft_add(
    *,
    user: User,
    organisationseinheit: Organisationseinheit,
    rolle: str = Rolle.SACHBEARBEITUNG,
    actor: Actor,
) -> Mitgliedschaft:
    """Give a staff member a role in an Organisationseinheit (idempotent)."""
    if rolle not in Rolle.values:
        raise ValidationError({"rolle": f"Unbekannte Rolle: {rolle}"})
    mitgliedschaft, created = Mitgliedschaft.objects.get_or_create(
        user=user, organisationseinheit=organisationseinheit, rolle=rolle
    )
    if created:
        protokoll_write(
            actor=actor,
            action="mitgliedschaft.add",
            target=mitgliedschaft,
            details={"rolle": rolle},
        )
    return mitgliedschaft


@transaction.atomic
def mitgliedschaft_remove(
    *,
    user: User,
    organisationseinheit: Organisationseinheit,
    rolle: str | None = None,
    actor: Actor,
) -> int:
    """Take a role (or every role) in an Organisationseinheit away; returns how many."""
    queryset = Mitgliedschaft.objects.filter(user=user, organisationseinheit=organisationseinheit)
    if rolle is not None:
        queryset = queryset.filter(rolle=rolle)
    removed = 0
    for mitgliedschaft in queryset.select_for_update():
        protokoll_write(
            actor=actor,
            action="mitgliedschaft.remove",
            target=mitgliedschaft,
            details={"rolle": mitgliedschaft.rolle},
        )
        mitgliedschaft.delete()
        removed += 1
    return removed
