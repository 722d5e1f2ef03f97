"""Bescheidvorlagen: create and change them (Fachadministration), find the one that applies.

A Vorlage is checked completely before anything is written: required texts, length,
control characters, every placeholder (for a Leistung's Vorlage also against the FIM ids
of the Leistung's forms). Refused input raises one ValidationError naming every field;
nothing is saved.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rathaus.core.services import SYSTEM, Actor, protokoll_write
from rathaus.formulare.selectors import fim_ids_of
from rathaus.organisation.selectors import Rolle, hat_rolle

from ..models import BescheidVorlage
from ..services._zugriff import person
from . import platzhalter
from .standardvorlage import STANDARDVORLAGE

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung

MAX_TEXT = 20_000
MAX_BEZEICHNUNG = 200
TEXTFELDER = ("text_bewilligt", "text_abgelehnt", "text_gebuehr", "rechtsbehelfsbelehrung")
PFLICHT = ("bezeichnung", "text_bewilligt", "text_abgelehnt", "rechtsbehelfsbelehrung")
# Bidirectional overrides could make the printed text differ from what was checked.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _fachadministration_pruefen(actor: Actor) -> None:
    user = person(actor)
    if not hat_rolle(user=user, rolle=Rolle.FACHADMINISTRATION):
        raise PermissionDenied(_("Nur die Fachadministration darf Bescheidvorlagen pflegen."))


def fim_ids_der_leistung(leistung: Leistung | None) -> frozenset[str] | None:
    """FIM ids of the Leistung's forms; None when the Leistung has no form (then only
    the syntax of ``antrag.…`` placeholders is checked)."""
    if leistung is None:
        return None
    return fim_ids_of(leistung=leistung)


def _bereinigen(wert: Any) -> str:
    text = wert if isinstance(wert, str) else ""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _steuerzeichen(text: str) -> bool:
    return any(
        (unicodedata.category(ch) == "Cc" and ch not in "\n\t") or ch in _BIDI for ch in text
    )


def vorlage_pruefen(*, leistung: Leistung | None, **felder: Any) -> dict[str, str]:
    """The cleaned fields of a Vorlage, or ValidationError naming every bad field.

    Used by the services and by the admin form (so both refuse the same input)."""
    sauber = {name: _bereinigen(felder.get(name)) for name in ("bezeichnung", *TEXTFELDER)}
    fehler: dict[str, list[str]] = {}
    for name, wert in sauber.items():
        roh = felder.get(name)
        if roh is not None and not isinstance(roh, str):
            fehler.setdefault(name, []).append(_("Bitte einen Text angeben."))
        elif name in PFLICHT and not wert:
            fehler.setdefault(name, []).append(_("Dieses Feld darf nicht leer sein."))
        elif len(wert) > (MAX_BEZEICHNUNG if name == "bezeichnung" else MAX_TEXT):
            fehler.setdefault(name, []).append(_("Der Text ist zu lang."))
        elif _steuerzeichen(wert) or (name == "bezeichnung" and "\n" in wert):
            fehler.setdefault(name, []).append(_("Der Text enthält Steuerzeichen."))
    try:
        platzhalter.pruefen(
            {n: sauber[n] for n in TEXTFELDER if n not in fehler},
            fim_ids=fim_ids_der_leistung(leistung),
        )
    except ValidationError as error:
        for name, meldungen in error.message_dict.items():
            fehler.setdefault(name, []).extend(meldungen)
    if fehler:
        raise ValidationError(fehler, code="ungueltig")
    return sauber


def _andere_deaktivieren(leistung: Leistung | None, ausser: int | None) -> list[int]:
    aktive = BescheidVorlage.objects.select_for_update().filter(aktiv=True)
    aktive = aktive.filter(leistung=leistung) if leistung else aktive.filter(leistung__isnull=True)
    if ausser is not None:
        aktive = aktive.exclude(pk=ausser)
    ids = list(aktive.values_list("pk", flat=True))
    BescheidVorlage.objects.filter(pk__in=ids).update(aktiv=False)
    return ids


def _standard_bleibt_aktiv(vorlage_pk: int | None) -> None:
    andere = BescheidVorlage.objects.filter(leistung__isnull=True, aktiv=True)
    if vorlage_pk is not None:
        andere = andere.exclude(pk=vorlage_pk)
    if not andere.exists():
        raise ValidationError(
            {
                "aktiv": _(
                    "Eine Standardvorlage muss aktiv sein. Legen Sie eine neue aktive "
                    "Standardvorlage an; sie löst die bisherige ab."
                )
            },
            code="standard_aktiv",
        )


@transaction.atomic
def bescheidvorlage_create(
    *,
    leistung: Leistung | None,
    bezeichnung: str,
    text_bewilligt: str,
    text_abgelehnt: str,
    rechtsbehelfsbelehrung: str,
    actor: Actor,
    text_gebuehr: str = "",
    aktiv: bool = True,
) -> BescheidVorlage:
    """Add a Vorlage for a Leistung (None: the default for all). An active one replaces
    the active Vorlage of the same Leistung. Fachadministration only."""
    _fachadministration_pruefen(actor)
    sauber = vorlage_pruefen(
        leistung=leistung,
        bezeichnung=bezeichnung,
        text_bewilligt=text_bewilligt,
        text_abgelehnt=text_abgelehnt,
        text_gebuehr=text_gebuehr,
        rechtsbehelfsbelehrung=rechtsbehelfsbelehrung,
    )
    abgeloest: list[int] = []
    if aktiv:
        abgeloest = _andere_deaktivieren(leistung, ausser=None)
    elif leistung is None:
        _standard_bleibt_aktiv(None)
    vorlage = BescheidVorlage.objects.create(leistung=leistung, aktiv=bool(aktiv), **sauber)
    protokoll_write(
        actor=actor,
        action="verfahren.bescheidvorlage.create",
        target=vorlage,
        details={
            "leistung": leistung.pk if leistung else None,
            "aktiv": vorlage.aktiv,
            "abgeloest": abgeloest,
        },
    )
    return vorlage


@transaction.atomic
def bescheidvorlage_update(
    *,
    vorlage: BescheidVorlage,
    bezeichnung: str,
    text_bewilligt: str,
    text_abgelehnt: str,
    rechtsbehelfsbelehrung: str,
    actor: Actor,
    text_gebuehr: str = "",
    aktiv: bool = True,
) -> BescheidVorlage:
    """Replace the texts of a Vorlage (its Leistung stays) and count its version up.
    Activating it deactivates the other Vorlage of the Leistung; the active default
    cannot be deactivated (a new default replaces it). Fachadministration only."""
    _fachadministration_pruefen(actor)
    vorlage = (
        BescheidVorlage.objects.select_for_update(of=("self",))
        .select_related("leistung")
        .get(pk=vorlage.pk)
    )
    sauber = vorlage_pruefen(
        leistung=vorlage.leistung,
        bezeichnung=bezeichnung,
        text_bewilligt=text_bewilligt,
        text_abgelehnt=text_abgelehnt,
        text_gebuehr=text_gebuehr,
        rechtsbehelfsbelehrung=rechtsbehelfsbelehrung,
    )
    geaendert = [name for name, wert in sauber.items() if getattr(vorlage, name) != wert]
    if bool(aktiv) != vorlage.aktiv:
        geaendert.append("aktiv")
    if not geaendert:
        return vorlage
    abgeloest: list[int] = []
    if aktiv:
        abgeloest = _andere_deaktivieren(vorlage.leistung, ausser=vorlage.pk)
    elif vorlage.leistung_id is None:
        _standard_bleibt_aktiv(vorlage.pk)
    for name, wert in sauber.items():
        setattr(vorlage, name, wert)
    vorlage.aktiv = bool(aktiv)
    vorlage.version += 1
    vorlage.save()
    protokoll_write(
        actor=actor,
        action="verfahren.bescheidvorlage.update",
        target=vorlage,
        details={"version": vorlage.version, "geaendert": geaendert, "abgeloest": abgeloest},
    )
    return vorlage


def vorlage_fuer(*, leistung: Leistung) -> BescheidVorlage | None:
    """The active Vorlage of the Leistung, else the active default. Where no default
    exists at all (a database emptied after migrating), the shipped one is installed, as
    the standard process model is; a deactivated default is not replaced."""
    gefunden = (
        BescheidVorlage.objects.filter(leistung=leistung, aktiv=True).first()
        or BescheidVorlage.objects.filter(leistung__isnull=True, aktiv=True).first()
    )
    if gefunden is None and not BescheidVorlage.objects.filter(leistung__isnull=True).exists():
        gefunden = _standardvorlage_anlegen()
    return gefunden


def _standardvorlage_anlegen() -> BescheidVorlage:
    try:
        with transaction.atomic():
            vorlage = BescheidVorlage.objects.create(leistung=None, aktiv=True, **STANDARDVORLAGE)
            protokoll_write(
                actor=SYSTEM,
                action="verfahren.bescheidvorlage.create",
                target=vorlage,
                details={"standard": True, "version": vorlage.version},
            )
            return vorlage
    except IntegrityError:  # installed concurrently
        return BescheidVorlage.objects.get(leistung__isnull=True, aktiv=True)
