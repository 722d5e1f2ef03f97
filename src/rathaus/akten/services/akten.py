"""Akten and Vorgänge: creation with safe Aktenzeichen, zdA, retention, reopening."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write, protokoll_write_many

from ..models import Akte, Aktenplaneinheit, AktenplanZuordnung, Vertraulichkeitsstufe, Vorgang
from ._common import text_pruefen

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung
    from rathaus.organisation.models import Organisationseinheit

VOM_AKTENPLAN: Literal["aktenplan"] = "aktenplan"
REOPEN_PERMISSION = "akten.reopen_akte"


def aufbewahrung_bis(*, zda_am: datetime, jahre: int | None) -> date | None:
    """Last day of the retention period; None when the Akte is kept without limit.

    As usual in German records management (e.g. the Registraturrichtlinie and the
    municipal Aktenordnungen), the period starts on 1 January after the year in which
    the Akte was closed: closed on 10 March 2025, kept 10 years → until 31 December
    2035, due for Aussonderung from 1 January 2036. The year is that of the local date.
    """
    if jahre is None:
        return None
    return date(timezone.localdate(zda_am).year + jahre, 12, 31)


def _gueltig_pruefen(einheit: Aktenplaneinheit, heute: date) -> None:
    if (
        einheit.stillgelegt
        or (einheit.gueltig_ab is not None and heute < einheit.gueltig_ab)
        or (einheit.gueltig_bis is not None and heute > einheit.gueltig_bis)
    ):
        raise ValidationError(
            _("Unter der Aktenplaneinheit %(k)s können keine Akten mehr angelegt werden."),
            code="aktenplan_stillgelegt",
            params={"k": einheit.kennzeichen},
        )


@transaction.atomic
def akte_create(
    *,
    aktenplaneinheit: Aktenplaneinheit,
    betreff: str,
    federfuehrend: Organisationseinheit,
    actor: Actor,
    geteilt_mit: Iterable[Organisationseinheit] = (),
    vertraulichkeitsstufe: str = Vertraulichkeitsstufe.OFFEN,
    laufzeit_beginn: date | None = None,
    aufbewahrungsdauer_jahre: int | Literal["aktenplan"] | None = VOM_AKTENPLAN,
    aussonderungsart: str | None = None,
    sammelakte_schluessel: str = "",
) -> Akte:
    """Create an Akte with the next Aktenzeichen of its Aktenplan position.

    The position row is locked while its counter is read and increased, so concurrent
    calls get consecutive numbers; the unique Aktenzeichen is the database's guarantee.
    Retention defaults come from the position unless given.
    """
    betreff = text_pruefen(betreff, "betreff")
    if vertraulichkeitsstufe not in Vertraulichkeitsstufe.values:
        raise ValidationError({"vertraulichkeitsstufe": _("Unbekannte Stufe.")}, code="ungueltig")
    einheit = Aktenplaneinheit.objects.select_for_update().get(pk=aktenplaneinheit.pk)
    heute = timezone.localdate()
    _gueltig_pruefen(einheit, heute)
    einheit.letzte_ordnungsnummer += 1
    einheit.save(update_fields=["letzte_ordnungsnummer"])
    akte = Akte(
        aktenzeichen=f"{einheit.kennzeichen}/{einheit.letzte_ordnungsnummer}",
        aktenplaneinheit=einheit,
        ordnungsnummer=einheit.letzte_ordnungsnummer,
        betreff=betreff,
        laufzeit_beginn=laufzeit_beginn or heute,
        federfuehrend=federfuehrend,
        vertraulichkeitsstufe=vertraulichkeitsstufe,
        aufbewahrungsdauer_jahre=(
            einheit.aufbewahrungsdauer_jahre
            if aufbewahrungsdauer_jahre == VOM_AKTENPLAN
            else aufbewahrungsdauer_jahre
        ),
        aussonderungsart=aussonderungsart or einheit.aussonderungsart,
        sammelakte_schluessel=sammelakte_schluessel,
    )
    try:
        with transaction.atomic():
            akte.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Das Aktenzeichen %(az)s ist bereits vergeben."),
            code="aktenzeichen_vergeben",
            params={"az": akte.aktenzeichen},
        ) from error
    geteilt = list(geteilt_mit)
    if geteilt:
        akte.geteilt_mit.set(geteilt)
    protokoll_write(
        actor=actor,
        action="akten.akte.create",
        target=akte,
        details={"federfuehrend": federfuehrend.pk, "geteilt_mit": [oe.pk for oe in geteilt]},
    )
    return akte


@transaction.atomic
def akte_share(
    *, akte: Akte, organisationseinheiten: Iterable[Organisationseinheit], actor: Actor
) -> Akte:
    """Set the Organisationseinheiten the Akte is shared with (they may read it)."""
    akte = Akte.objects.select_for_update().get(pk=akte.pk)
    neu = sorted({oe.pk for oe in organisationseinheiten})
    alt = sorted(akte.geteilt_mit.values_list("pk", flat=True))
    if neu != alt:
        akte.geteilt_mit.set(neu)
        protokoll_write(
            actor=actor, action="akten.akte.share", target=akte, details={"alt": alt, "neu": neu}
        )
    return akte


@transaction.atomic
def akte_close(*, akte: Akte, actor: Actor) -> Akte:
    """zdA: freeze the Akte and its open Vorgänge and compute `aufbewahrung_bis`."""
    akte = Akte.objects.select_for_update().get(pk=akte.pk)
    if akte.zda_am is not None:
        raise ValidationError(
            _("Die Akte %(az)s ist bereits zu den Akten verfügt."),
            code="bereits_zda",
            params={"az": akte.aktenzeichen},
        )
    jetzt = timezone.now()
    offene = list(Vorgang.objects.select_for_update().filter(akte=akte, zda_am__isnull=True))
    Vorgang.objects.filter(pk__in=[v.pk for v in offene]).update(zda_am=jetzt)
    akte.zda_am = jetzt
    akte.laufzeit_ende = timezone.localdate(jetzt)
    akte.aufbewahrung_bis = aufbewahrung_bis(zda_am=jetzt, jahre=akte.aufbewahrungsdauer_jahre)
    akte.save(update_fields=["zda_am", "laufzeit_ende", "aufbewahrung_bis", "geaendert_am"])
    protokoll_write_many(
        actor=actor, action="akten.vorgang.close", entries=[(v, {"mit_akte": True}) for v in offene]
    )
    protokoll_write(
        actor=actor,
        action="akten.akte.close",
        target=akte,
        details={
            "aufbewahrung_bis": akte.aufbewahrung_bis.isoformat()
            if akte.aufbewahrung_bis
            else None,
            "vorgaenge_geschlossen": len(offene),
        },
    )
    return akte


def _reopen_pruefen(actor: Actor, grund: str) -> str:
    if not isinstance(actor, AbstractBaseUser) or not actor.has_perm(REOPEN_PERMISSION):  # type: ignore[attr-defined]
        raise PermissionDenied(_("Nur berechtigte Personen dürfen Akten wieder öffnen."))
    return text_pruefen(grund, "grund")


@transaction.atomic
def akte_reopen(*, akte: Akte, grund: str, actor: Actor) -> Akte:
    """Undo zdA of an Akte (its Vorgänge stay closed); needs `akten.reopen_akte` and a reason."""
    grund = _reopen_pruefen(actor, grund)
    akte = Akte.objects.select_for_update().get(pk=akte.pk)
    if akte.zda_am is None:
        raise ValidationError(_("Die Akte ist nicht zu den Akten verfügt."), code="nicht_zda")
    if akte.ausgesondert_am is not None:
        raise ValidationError(_("Die Akte ist bereits ausgesondert."), code="ausgesondert")
    details = {"grund": grund, "zda_am": akte.zda_am.isoformat()}
    akte.zda_am = akte.laufzeit_ende = akte.aufbewahrung_bis = None
    akte.save(update_fields=["zda_am", "laufzeit_ende", "aufbewahrung_bis", "geaendert_am"])
    protokoll_write(actor=actor, action="akten.akte.reopen", target=akte, details=details)
    return akte


def _sammelakte(
    zuordnung: AktenplanZuordnung, leistung: Leistung, oe: Organisationseinheit, actor: Actor
) -> Akte:
    # The position lock serialises concurrent first Vorgänge of a year: one Sammelakte.
    Aktenplaneinheit.objects.select_for_update().get(pk=zuordnung.aktenplaneinheit_id)
    jahr = timezone.localdate().year
    schluessel = f"leistung:{leistung.pk}:{jahr}:{oe.pk}"
    akte = (
        Akte.objects.filter(
            aktenplaneinheit_id=zuordnung.aktenplaneinheit_id,
            sammelakte_schluessel=schluessel,
            zda_am__isnull=True,
        )
        .order_by("ordnungsnummer")
        .first()
    )
    return akte or akte_create(
        aktenplaneinheit=zuordnung.aktenplaneinheit,
        betreff=f"{leistung.name} {jahr}",
        federfuehrend=oe,
        actor=actor,
        sammelakte_schluessel=schluessel,
    )


@transaction.atomic
def vorgang_open(
    *,
    betreff: str,
    actor: Actor,
    akte: Akte | None = None,
    leistung: Leistung | None = None,
    organisationseinheit: Organisationseinheit | None = None,
    verfahren_ref: str = "",
) -> Vorgang:
    """Open a Vorgang in `akte`, or for a Verfahren of `leistung` where its mapping says.

    With a Leistung, the AktenplanZuordnung names the position; `einzelfall` creates a new
    Akte for the Vorgang, `jahressammelakte` uses (or starts) the open Akte of this year of
    the position and the responsible Organisationseinheit.
    """
    betreff = text_pruefen(betreff, "betreff")
    if akte is None:
        if leistung is None or organisationseinheit is None:
            raise ValidationError(
                _("Akte oder Leistung mit Organisationseinheit angeben."), code="ziel_fehlt"
            )
        zuordnung = (
            AktenplanZuordnung.objects.select_related("aktenplaneinheit")
            .filter(leistung=leistung)
            .first()
        )
        if zuordnung is None:
            raise ValidationError(
                _("Der Leistung %(l)s ist keine Aktenplaneinheit zugeordnet."),
                code="keine_zuordnung",
                params={"l": leistung.name},
            )
        if zuordnung.aktenbildung == AktenplanZuordnung.Aktenbildung.JAHRESSAMMELAKTE:
            akte = _sammelakte(zuordnung, leistung, organisationseinheit, actor)
        else:
            akte = akte_create(
                aktenplaneinheit=zuordnung.aktenplaneinheit,
                betreff=betreff,
                federfuehrend=organisationseinheit,
                actor=actor,
            )
    akte = Akte.objects.select_for_update().get(pk=akte.pk)
    if akte.zda_am is not None:
        raise ValidationError(
            _("Die Akte %(az)s ist zu den Akten verfügt (zdA)."),
            code="akte_zda",
            params={"az": akte.aktenzeichen},
        )
    akte.letzte_vorgangsnummer += 1
    akte.save(update_fields=["letzte_vorgangsnummer"])
    vorgang = Vorgang.objects.create(
        akte=akte,
        nummer=akte.letzte_vorgangsnummer,
        betreff=betreff,
        verfahren_ref=verfahren_ref.strip()[:100],
    )
    protokoll_write(
        actor=actor,
        action="akten.vorgang.open",
        target=vorgang,
        details={"verfahren_ref": vorgang.verfahren_ref},
    )
    return vorgang


@transaction.atomic
def vorgang_close(*, vorgang: Vorgang, actor: Actor) -> Vorgang:
    """zdA for one Vorgang: its Dokumente become immutable."""
    vorgang = Vorgang.objects.select_for_update().select_related("akte").get(pk=vorgang.pk)
    if vorgang.zda_am is not None:
        raise ValidationError(
            _("Der Vorgang ist bereits zu den Akten verfügt."), code="bereits_zda"
        )
    vorgang.zda_am = timezone.now()
    vorgang.save(update_fields=["zda_am", "geaendert_am"])
    protokoll_write(actor=actor, action="akten.vorgang.close", target=vorgang)
    return vorgang


@transaction.atomic
def vorgang_reopen(*, vorgang: Vorgang, grund: str, actor: Actor) -> Vorgang:
    """Undo zdA of a Vorgang in an open Akte; needs `akten.reopen_akte` and a reason."""
    grund = _reopen_pruefen(actor, grund)
    vorgang = Vorgang.objects.select_for_update().select_related("akte").get(pk=vorgang.pk)
    if vorgang.akte.zda_am is not None:
        raise ValidationError(
            _("Erst die Akte %(az)s wieder öffnen."),
            code="akte_zda",
            params={"az": vorgang.akte.aktenzeichen},
        )
    if vorgang.zda_am is None:
        raise ValidationError(_("Der Vorgang ist nicht zu den Akten verfügt."), code="nicht_zda")
    details = {"grund": grund, "zda_am": vorgang.zda_am.isoformat()}
    vorgang.zda_am = None
    vorgang.save(update_fields=["zda_am", "geaendert_am"])
    protokoll_write(actor=actor, action="akten.vorgang.reopen", target=vorgang, details=details)
    return vorgang
