"""`rathaus load_demo_akten`: a sample Aktenplan, its mapping to the demo Leistungen and
sample Akten – some closed years ago, so an Aussonderung can be tried at once.

Idempotent (existing positions, mappings and Akten are left alone) and atomic; every
write goes through the akten services. Only the zdA dates of the sample Akten are set
back, by `_zda_zurueckdatieren`, recorded in the Protokoll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rathaus.core.services import Actor, protokoll_write
from rathaus.katalog.selectors import leistungen_filter
from rathaus.organisation.selectors import organisationseinheiten_list

from . import services
from .demo_daten import AKTEN, AKTENPLAN, ZUORDNUNGEN, AkteDemo
from .models import Akte, Aktenplaneinheit, AktenplanZuordnung, Vorgang

ACTOR = "load_demo"
PRAEFIX = "Beispiel: "


@dataclass
class DemoAktenBericht:
    positionen: int = 0
    zuordnungen: int = 0
    akten: int = 0
    geschlossen: int = 0
    fehlende_leistungen: list[str] = field(default_factory=list)


def demo_akten_geladen() -> bool:
    """True once the sample Akten exist (bootstrap loads them only once)."""
    return Akte.objects.filter(betreff__startswith=PRAEFIX).exists()


@lru_cache(maxsize=32)
def _pdf(titel: str, text: str) -> bytes:
    import weasyprint

    html = (
        "<html lang='de'><head><style>body{font-family:sans-serif;margin:2cm}"
        ".hinweis{color:#a00}</style></head><body>"
        "<p>Hansestadt Stralsund</p>"
        f"<h1>{titel}</h1><p>{text}</p>"
        "<p class='hinweis'>Beispieldokument – enthält keine echten Daten.</p></body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def _aktenplan(actor: Actor, bericht: DemoAktenBericht) -> dict[str, Aktenplaneinheit]:
    vorhanden = {e.kennzeichen: e for e in Aktenplaneinheit.objects.all()}
    for position in AKTENPLAN:
        if position.kennzeichen in vorhanden:
            continue
        eltern = position.kennzeichen.rpartition(".")[0]
        vorhanden[position.kennzeichen] = services.aktenplaneinheit_create(
            kennzeichen=position.kennzeichen,
            titel=position.titel,
            uebergeordnet=vorhanden.get(eltern) if eltern else None,
            aufbewahrungsdauer_jahre=position.jahre,
            aussonderungsart=position.art,
            actor=actor,
        )
        bericht.positionen += 1
    return vorhanden


def _zuordnungen(
    plan: dict[str, Aktenplaneinheit], actor: Actor, bericht: DemoAktenBericht
) -> None:
    for leika, (kennzeichen, aktenbildung) in ZUORDNUNGEN.items():
        leistung = leistungen_filter(leika_schluessel=leika).first()
        if leistung is None:
            bericht.fehlende_leistungen.append(leika)
            continue
        if AktenplanZuordnung.objects.filter(leistung=leistung).exists():
            continue
        services.aktenplan_zuordnung_set(
            leistung=leistung,
            aktenplaneinheit=plan[kennzeichen],
            aktenbildung=aktenbildung,
            actor=actor,
        )
        bericht.zuordnungen += 1


def _zda_zurueckdatieren(*, akte: Akte, am: datetime, actor: Actor) -> Akte:
    """Demo only: move the zdA of a just-closed sample Akte to a day in the past.

    Akte and Vorgang rows are not guarded by the zdA triggers (their content is); the
    content itself is not touched. Refused for anything but a sample Akte.
    """
    if not akte.betreff.startswith(PRAEFIX) or akte.zda_am is None or am >= akte.zda_am:
        raise ValidationError("nur für geschlossene Beispielakten und Daten in der Vergangenheit")
    Vorgang.objects.filter(akte=akte).update(zda_am=am)
    akte.zda_am = am
    akte.laufzeit_ende = timezone.localdate(am)
    akte.aufbewahrung_bis = services.aufbewahrung_bis(
        zda_am=am, jahre=akte.aufbewahrungsdauer_jahre
    )
    akte.save(update_fields=["zda_am", "laufzeit_ende", "aufbewahrung_bis", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="akten.demo.zda_zurueckdatiert",
        target=akte,
        details={"zda_am": am.isoformat(), "aufbewahrung_bis": str(akte.aufbewahrung_bis)},
    )
    return akte


def _akte(
    demo: AkteDemo, plan: dict[str, Aktenplaneinheit], actor: Actor, bericht: DemoAktenBericht
) -> None:
    betreff = PRAEFIX + demo.betreff
    if Akte.objects.filter(betreff=betreff).exists():
        return
    oe = (
        organisationseinheiten_list().filter(slug=demo.oe).first()
        or organisationseinheiten_list().order_by("pk").first()
    )
    if oe is None:
        raise ValidationError("Keine Organisationseinheit: zuerst `rathaus load_demo` ausführen.")
    akte = services.akte_create(
        aktenplaneinheit=plan[demo.position],
        betreff=betreff,
        federfuehrend=oe,
        laufzeit_beginn=demo.beginn,
        actor=actor,
    )
    vorgang = services.vorgang_open(akte=akte, betreff=demo.betreff, actor=actor)
    for nummer, (art, titel, text) in enumerate(demo.dokumente, start=1):
        services.dokument_file(
            vorgang=vorgang,
            art=art,
            betreff=titel,
            versionen=[(f"{nummer:02d}-{titel[:40]}.pdf", "application/pdf", _pdf(titel, text))],
            posteingangsdatum=demo.beginn if art == "eingang" else None,
            postausgangsdatum=demo.zda or demo.beginn if art == "ausgang" else None,
            absender="Beispiel GmbH" if art == "eingang" else "",
            actor=actor,
        )
    bericht.akten += 1
    if demo.zda is not None:
        akte = services.akte_close(akte=akte, actor=actor)
        am = timezone.make_aware(datetime.combine(demo.zda, time(12, 0)))
        _zda_zurueckdatieren(akte=akte, am=am, actor=actor)
        bericht.geschlossen += 1


@transaction.atomic
def demo_akten_load(*, actor: Actor = ACTOR) -> DemoAktenBericht:
    """Load the sample Aktenplan, mappings and Akten; a second run changes nothing."""
    bericht = DemoAktenBericht()
    plan = _aktenplan(actor, bericht)
    _zuordnungen(plan, actor, bericht)
    for demo in AKTEN:
        _akte(demo, plan, actor, bericht)
    return bericht


__all__ = ["demo_akten_geladen", "demo_akten_load"]
