"""Editorial writes on the service catalogue: texts, fees, responsibilities, synonyms.

Every function is idempotent: called again with the same data it changes nothing and
writes no Protokoll entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from rathaus.core.services import Actor, protokoll_write

from ..models import (
    Gebuehr,
    Leistung,
    Synonym,
    Zustaendigkeit,
    validate_leika_schluessel,
)
from ..search import suchindex_update

if TYPE_CHECKING:
    from rathaus.organisation.models import Organisationseinheit

GEBIET_STRALSUND = "13073088"


class LeistungRedaktion(TypedDict, total=False):
    """The editorial fields of a Leistung; a field left out stays as it is."""

    name: str
    name_buerger: str
    name_en: str
    kurztext: str
    kurztext_en: str
    volltext: str
    voraussetzungen: str
    unterlagen: str
    kosten: str
    verfahrensablauf: str
    bearbeitungsdauer: str
    fristen: str
    formulare: str
    hinweise: str
    rechtsgrundlagen: str
    gesetze: str
    synonyme: str | Sequence[str]
    termin_url: str
    nachfrage: int
    beispielinhalt: bool


@dataclass(frozen=True)
class GebuehrEintrag:
    """One fee line: a fixed amount, a range (betrag … betrag_bis) or free text only."""

    bezeichnung: str
    betrag: Decimal | None = None
    betrag_bis: Decimal | None = None
    hinweis: str = ""


@dataclass(frozen=True)
class ZustaendigkeitEintrag:
    organisationseinheit: Organisationseinheit
    hinweis: str = ""


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def _unique_slug(name: str) -> str:
    """slugify(name), with -2, -3 ... appended while the slug is taken."""
    max_length = Leistung._meta.get_field("slug").max_length or 140
    base = slugify(name)[: max_length - 6].strip("-") or "leistung"
    slug, n = base, 1
    while Leistung.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _normalize_synonyme(value: str | Sequence[str]) -> str:
    lines = value.splitlines() if isinstance(value, str) else list(value)
    seen: dict[str, None] = {}
    for line in lines:
        text = " ".join(line.split())
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    return "\n".join(seen)


@transaction.atomic
def leistung_demo_ensure(
    *, leika_schluessel: str | None, name: str, slug: str | None = None, actor: Actor
) -> tuple[Leistung, bool]:
    """Find the Leistung with this LeiKa key, or create a sample entry for it.

    The real catalogue is normally imported first and already holds the key; the demo then
    enriches that entry. Otherwise a Leistung with quelle "demo:<key or slug>" is created.
    Returns the Leistung and whether it was created.
    """
    if leika_schluessel is not None:
        validate_leika_schluessel(leika_schluessel)
        found = Leistung.objects.filter(leika_schluessel=leika_schluessel).first()
        if found is not None:
            return found, False
    elif not slug:
        raise ValidationError({"slug": "Ohne LeiKa-Schlüssel ist ein Kurzname nötig."})
    quelle = f"demo:{leika_schluessel or slug}"
    found = Leistung.objects.filter(quelle=quelle).first()
    if found is not None:
        return found, False
    leistung = Leistung(
        quelle=quelle,
        name=name,
        slug=_unique_slug(slug or name),
        leika_schluessel=leika_schluessel,
        beispielinhalt=True,
    )
    leistung.full_clean()
    leistung.save()
    protokoll_write(
        actor=actor,
        action="leistung.create",
        target=leistung,
        details={"quelle": quelle, "leika_schluessel": leika_schluessel},
    )
    return leistung, True


@transaction.atomic
def leistung_redaktion_update(
    *, leistung: Leistung, actor: Actor, **felder: Unpack[LeistungRedaktion]
) -> bool:
    """Set editorial fields of a Leistung; returns whether anything changed.

    The source fields of an import (quelle, leika_schluessel, ozg_leistung) are not
    editorial. `synonyme` may be given as text (one term per line) or as a list of terms.
    """
    unknown = set(felder) - set(LeistungRedaktion.__annotations__)
    if unknown:
        raise ValidationError(
            {f: "Dieses Feld kann redaktionell nicht gesetzt werden." for f in sorted(unknown)}
        )
    if "synonyme" in felder:
        felder["synonyme"] = _normalize_synonyme(felder["synonyme"])
    leistung = Leistung.objects.select_for_update().get(pk=leistung.pk)
    changes: dict[str, list[Any]] = {}
    for field, new in felder.items():
        old = getattr(leistung, field)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
            setattr(leistung, field, new)
    if not changes:
        return False
    leistung.full_clean()
    leistung.save()
    # Long texts would bloat the audit log: record which fields changed, and the values of
    # the short ones.
    details = {
        f: v if all(len(str(x or "")) <= 200 for x in v) else "geändert" for f, v in changes.items()
    }
    protokoll_write(
        actor=actor, action="leistung.redaktion_update", target=leistung, details=details
    )
    suchindex_update(leistung_ids=[leistung.pk])
    return True


@transaction.atomic
def gebuehren_set(
    *, leistung: Leistung, gebuehren: Sequence[GebuehrEintrag], actor: Actor
) -> list[Gebuehr]:
    """Replace the fee lines of a Leistung (in the given order); unchanged data writes nothing."""
    for g in gebuehren:
        if g.betrag is not None and g.betrag_bis is not None and g.betrag > g.betrag_bis:
            raise ValidationError({"gebuehren": f"{g.bezeichnung}: Spanne von > bis."})
        if not g.bezeichnung.strip():
            raise ValidationError({"gebuehren": "Eine Gebühr braucht eine Bezeichnung."})
    neu = [(g.bezeichnung, g.betrag, g.betrag_bis, g.hinweis) for g in gebuehren]
    bestehend = list(
        Gebuehr.objects.select_for_update().filter(leistung=leistung).order_by("reihenfolge", "id")
    )
    alt = [(g.bezeichnung, g.betrag, g.betrag_bis, g.hinweis) for g in bestehend]
    if alt == neu:
        return bestehend
    Gebuehr.objects.filter(leistung=leistung).delete()
    created = Gebuehr.objects.bulk_create(
        Gebuehr(
            leistung=leistung,
            bezeichnung=bezeichnung,
            betrag=betrag,
            betrag_bis=betrag_bis,
            hinweis=hinweis,
            reihenfolge=i,
        )
        for i, (bezeichnung, betrag, betrag_bis, hinweis) in enumerate(neu)
    )
    protokoll_write(
        actor=actor,
        action="gebuehren.set",
        target=leistung,
        details={
            "alt": [[_jsonable(x) for x in row] for row in alt],
            "neu": [[_jsonable(x) for x in row] for row in neu],
        },
    )
    return created


@transaction.atomic
def zustaendigkeit_set(
    *,
    leistung: Leistung,
    eintraege: Sequence[ZustaendigkeitEintrag],
    gebiet_ags: str = GEBIET_STRALSUND,
    actor: Actor,
) -> list[Zustaendigkeit]:
    """Make exactly these offices responsible for the Leistung in the area `gebiet_ags`.

    Responsibilities for other areas are left alone; unchanged data writes nothing.
    """
    if not (len(gebiet_ags) == 8 and gebiet_ags.isdigit()):
        raise ValidationError({"gebiet_ags": f"Ein AGS hat 8 Ziffern: {gebiet_ags}"})
    wanted = {e.organisationseinheit.pk: e.hinweis for e in eintraege}
    if len(wanted) != len(eintraege):
        raise ValidationError({"eintraege": "Eine Organisationseinheit ist doppelt genannt."})
    bestehend = {
        z.organisationseinheit_id: z
        for z in Zustaendigkeit.objects.select_for_update().filter(
            leistung=leistung, gebiet_ags=gebiet_ags
        )
    }
    removed = [z for oe, z in bestehend.items() if oe not in wanted]
    added = [oe for oe in wanted if oe not in bestehend]
    changed = [z for oe, z in bestehend.items() if oe in wanted and z.hinweis != wanted[oe]]
    if not (removed or added or changed):
        return list(bestehend.values())
    Zustaendigkeit.objects.filter(pk__in=[z.pk for z in removed]).delete()
    for z in changed:
        z.hinweis = wanted[z.organisationseinheit_id]
        z.save(update_fields=["hinweis", "geaendert_am"])
    for oe in added:
        Zustaendigkeit.objects.create(
            leistung=leistung, organisationseinheit_id=oe, gebiet_ags=gebiet_ags, hinweis=wanted[oe]
        )
    protokoll_write(
        actor=actor,
        action="zustaendigkeit.set",
        target=leistung,
        details={
            "gebiet_ags": gebiet_ags,
            "hinzugefuegt": sorted(added),
            "entfernt": sorted(z.organisationseinheit_id for z in removed),
            "hinweis_geaendert": sorted(z.organisationseinheit_id for z in changed),
        },
    )
    return list(
        Zustaendigkeit.objects.filter(leistung=leistung, gebiet_ags=gebiet_ags).select_related(
            "organisationseinheit"
        )
    )


@transaction.atomic
def synonym_upsert(*, begriff: str, ersetzung: str, actor: Actor) -> Synonym:
    """Map a citizen's word to the administration's search word (unique per begriff)."""
    begriff = " ".join(begriff.split())
    ersetzung = " ".join(ersetzung.split())
    if not begriff or not ersetzung:
        raise ValidationError({"begriff": "Begriff und Suchwort dürfen nicht leer sein."})
    if begriff.casefold() == ersetzung.casefold():
        raise ValidationError({"ersetzung": "Das Suchwort muss sich vom Begriff unterscheiden."})
    synonym = Synonym.objects.select_for_update().filter(begriff__iexact=begriff).first()
    if synonym is None:
        synonym = Synonym(begriff=begriff, ersetzung=ersetzung)
        synonym.full_clean()
        synonym.save()
        protokoll_write(
            actor=actor,
            action="synonym.create",
            target=synonym,
            details={"begriff": begriff, "ersetzung": ersetzung},
        )
        return synonym
    if synonym.ersetzung == ersetzung:
        return synonym
    alt = synonym.ersetzung
    synonym.ersetzung = ersetzung
    synonym.full_clean()
    synonym.save()
    protokoll_write(
        actor=actor,
        action="synonym.update",
        target=synonym,
        details={"begriff": synonym.begriff, "ersetzung": [alt, ersetzung]},
    )
    return synonym
