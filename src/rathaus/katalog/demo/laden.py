"""Loading the Stralsund sample content through the regular services.

Idempotent: every step goes through a service that writes (and records) only real
changes, so a second run changes nothing and adds no Protokoll entry.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from rathaus.core.models import Protokoll
from rathaus.core.services import Actor, protokoll_write
from rathaus.katalog.models import Leistung
from rathaus.katalog.services.redaktion import (
    ZustaendigkeitEintrag,
    gebuehren_set,
    leistung_demo_ensure,
    leistung_redaktion_update,
    synonym_upsert,
    zustaendigkeit_set,
)
from rathaus.organisation.services import (
    oeffnungszeiten_set,
    organisationseinheit_upsert,
    sonderoeffnung_upsert,
    standort_upsert,
)

from . import (
    GEBIET_AGS,
    LEISTUNGEN,
    OEFFNUNGSZEITEN,
    ORGANISATIONSEINHEITEN,
    SCHLIESSTAG_JAHRE,
    SONDEROEFFNUNGEN,
    STANDORTE,
    SYNONYME,
    schliesstage,
)

if TYPE_CHECKING:
    from rathaus.organisation.models import Organisationseinheit, Standort

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "rathaus-demo"  # noqa: S105 - a documented demo account


@dataclass
class DemoBericht:
    standorte: int = 0
    organisationseinheiten: int = 0
    schliesstage: int = 0
    leistungen: int = 0
    leistungen_angelegt: int = 0  # created because the catalogue had no entry with the key
    leistungen_geaendert: int = 0
    synonyme: int = 0
    admin_angelegt: bool = False
    protokolleintraege: int = 0
    suchindex: int | None = None  # None: search module not installed
    leistung_ids: list[int] = field(default_factory=list)


def _standorte(*, actor: Actor) -> dict[str, Standort]:
    return {
        s.slug: standort_upsert(
            slug=s.slug,
            name=s.name,
            strasse=s.strasse,
            plz=s.plz,
            telefon=s.telefon,
            email=s.email,
            stufenloser_zugang=s.stufenloser_zugang,
            aufzug=s.aufzug,
            barrierefreies_wc=s.barrierefreies_wc,
            behindertenparkplatz=s.behindertenparkplatz,
            barrierefreiheit_hinweis=s.barrierefreiheit_hinweis,
            anfahrt=s.anfahrt,
            actor=actor,
        )
        for s in STANDORTE
    }


def _organisation(
    *, standorte: dict[str, Standort], actor: Actor
) -> dict[str, Organisationseinheit]:
    einheiten: dict[str, Organisationseinheit] = {}
    for oe in ORGANISATIONSEINHEITEN:  # parents come before their children
        einheiten[oe.slug] = organisationseinheit_upsert(
            slug=oe.slug,
            name=oe.name,
            name_en=oe.name_en,
            art=oe.art,
            uebergeordnet=einheiten[oe.uebergeordnet] if oe.uebergeordnet else None,
            standort=standorte[oe.standort] if oe.standort else None,
            beschreibung=oe.beschreibung,
            telefon=oe.telefon,
            email=oe.email,
            raum=oe.raum,
            nur_mit_termin=oe.nur_mit_termin,
            termin_hinweis=oe.termin_hinweis,
            erste_anlaufstelle=oe.erste_anlaufstelle,
            beispielinhalt=True,
            actor=actor,
        )
    return einheiten


def _zeiten(*, einheiten: dict[str, Organisationseinheit], actor: Actor) -> int:
    tage = [t for jahr in SCHLIESSTAG_JAHRE for t in schliesstage(jahr)]
    for slug, oe in einheiten.items():
        oeffnungszeiten_set(organisationseinheit=oe, zeiten=OEFFNUNGSZEITEN[slug], actor=actor)
        for datum, grund in tage:
            sonderoeffnung_upsert(organisationseinheit=oe, datum=datum, grund=grund, actor=actor)
        for tag, grund, intervalle in SONDEROEFFNUNGEN.get(slug, []):
            sonderoeffnung_upsert(
                organisationseinheit=oe,
                datum=date.fromisoformat(tag),
                grund=grund,
                intervalle=intervalle,
                actor=actor,
            )
    return len(tage)


def _leistungen(
    *, einheiten: dict[str, Organisationseinheit], bericht: DemoBericht, actor: Actor
) -> list[int]:
    touched: list[int] = []
    for demo in LEISTUNGEN:
        leistung, created = leistung_demo_ensure(
            leika_schluessel=demo.leika, name=demo.name_buerger, actor=actor
        )
        changed = leistung_redaktion_update(
            leistung=leistung,
            name_buerger=demo.name_buerger,
            name_en=demo.name_en,
            kurztext=demo.kurztext,
            kurztext_en=demo.kurztext_en,
            volltext=demo.volltext,
            voraussetzungen=demo.voraussetzungen,
            unterlagen=demo.unterlagen,
            kosten=demo.kosten,
            verfahrensablauf=demo.verfahrensablauf,
            bearbeitungsdauer=demo.bearbeitungsdauer,
            fristen=demo.fristen,
            formulare=demo.formulare,
            hinweise=demo.hinweise,
            rechtsgrundlagen=demo.rechtsgrundlagen,
            synonyme=demo.synonyme,
            nachfrage=demo.nachfrage,
            termin_url=demo.termin_url,
            beispielinhalt=True,
            actor=actor,
        )
        gebuehren_set(leistung=leistung, gebuehren=demo.gebuehren, actor=actor)
        zustaendigkeit_set(
            leistung=leistung,
            eintraege=[
                ZustaendigkeitEintrag(
                    organisationseinheit=einheiten[demo.zustaendig],
                    hinweis=demo.zustaendig_hinweis,
                )
            ],
            gebiet_ags=GEBIET_AGS,
            actor=actor,
        )
        bericht.leistung_ids.append(leistung.pk)
        bericht.leistungen_angelegt += created
        if created or changed:
            bericht.leistungen_geaendert += 1
            touched.append(leistung.pk)
    return touched


def _suchindex(leistung_ids: list[int]) -> int | None:
    if importlib.util.find_spec("rathaus.katalog.search") is None:
        return None
    from rathaus.katalog.search import suchindex_update

    return suchindex_update(leistung_ids=leistung_ids) if leistung_ids else 0


def demo_admin_ensure(*, actor: Actor) -> bool:
    """Create the demo superuser if no user of that name exists; returns whether it did."""
    user_model = get_user_model()
    if user_model._default_manager.filter(username=DEMO_ADMIN_USERNAME).exists():
        return False
    user = cast(
        AbstractBaseUser,
        user_model._default_manager.create_superuser(
            username=DEMO_ADMIN_USERNAME, email="", password=DEMO_ADMIN_PASSWORD
        ),
    )
    protokoll_write(
        actor=actor,
        action="benutzer.demo_admin_create",
        target=user,
        details={"username": DEMO_ADMIN_USERNAME},
    )
    return True


@transaction.atomic
def demo_load(*, actor: Actor, admin: bool = True) -> DemoBericht:
    """Load (or refresh) the whole Stralsund sample content in one transaction."""
    bericht = DemoBericht()
    letzte = Protokoll.objects.aggregate(m=Max("id"))["m"] or 0
    standorte = _standorte(actor=actor)
    einheiten = _organisation(standorte=standorte, actor=actor)
    bericht.standorte = len(standorte)
    bericht.organisationseinheiten = len(einheiten)
    bericht.schliesstage = _zeiten(einheiten=einheiten, actor=actor)
    touched = _leistungen(einheiten=einheiten, bericht=bericht, actor=actor)
    bericht.leistungen = len(bericht.leistung_ids)
    for begriff, ersetzung in SYNONYME:
        synonym_upsert(begriff=begriff, ersetzung=ersetzung, actor=actor)
    bericht.synonyme = len(SYNONYME)
    if admin:
        bericht.admin_angelegt = demo_admin_ensure(actor=actor)
    bericht.suchindex = _suchindex(touched)
    bericht.protokolleintraege = Protokoll.objects.filter(id__gt=letzte).count()
    return bericht


def demo_leistungen() -> list[Leistung]:
    """The catalogue entries the demo describes, in demo order (for tests and checks)."""
    by_key = Leistung.objects.in_bulk([d.leika for d in LEISTUNGEN], field_name="leika_schluessel")
    return [by_key[d.leika] for d in LEISTUNGEN if d.leika in by_key]
