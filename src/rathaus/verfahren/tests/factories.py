"""Objects for the Verfahren tests, made through the services where they exist."""

from __future__ import annotations

import tempfile
from itertools import count
from pathlib import Path

from django.contrib.auth.models import User
from django.utils import timezone

from rathaus.akten import services as akten_services
from rathaus.akten.models import Vorgang
from rathaus.antraege.models import Antrag
from rathaus.antraege.models.antrag import Kanal
from rathaus.formulare.models import Formular
from rathaus.katalog.models import Leistung
from rathaus.konten.models import Buerger
from rathaus.organisation.models import Organisationseinheit, Rolle
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren import services
from rathaus.verfahren.bpmn import STANDARD_BPMN
from rathaus.verfahren.models import Aufgabe, Verfahren

ACTOR = "test"
FORMULAR_FIM_ID = "S99000000001"
_seq = count(1)


def organisationseinheit(name: str = "Ordnungsamt") -> Organisationseinheit:
    n = next(_seq)
    return Organisationseinheit.objects.create(name=f"{name} {n}", slug=f"oe-v{n}", art="amt")


def leistung(name: str = "Sondernutzungserlaubnis") -> Leistung:
    """A Leistung with an Aktenplan position, so its Bescheide can be filed in the E-Akte."""
    from rathaus.akten import services as akten
    from rathaus.akten.tests.factories import aktenplaneinheit

    n = next(_seq)
    neu = Leistung.objects.create(quelle=f"test:{n}", name=f"{name} {n}", slug=f"leistung-{n}")
    akten.aktenplan_zuordnung_set(leistung=neu, aktenplaneinheit=aktenplaneinheit(), actor=ACTOR)
    return neu


def user(name: str | None = None, *rollen: tuple[Organisationseinheit, str]) -> User:
    account = User.objects.create_user(name or f"user{next(_seq)}", password=None)
    for einheit, rolle in rollen:
        mitgliedschaft_add(user=account, organisationseinheit=einheit, rolle=rolle, actor=ACTOR)
    return account


def buerger() -> Buerger:
    n = next(_seq)
    account = User.objects.create_user(f"buerger{n}", password=None)
    return Buerger.objects.create(
        user=account,
        aussteller="https://idp.test",
        sub=f"sub-{n}",
        vorname="Erika",
        nachname="Musterfrau",
    )


def fachadmin() -> User:
    return user(None, (organisationseinheit("IT"), Rolle.FACHADMINISTRATION))


def _formular() -> Formular:
    """One small form for the Anträge behind the test Verfahren (imported once per test)."""
    vorhanden = Formular.objects.filter(fim_id=FORMULAR_FIM_ID).first()
    if vorhanden is not None:
        return vorhanden
    from rathaus.formulare.services import formular_import
    from rathaus.formulare.tests.daten import schema_xml

    with tempfile.TemporaryDirectory() as ordner:
        datei = Path(ordner) / "test.xdf.xml"
        datei.write_bytes(schema_xml())
        return formular_import(dateien=[datei], actor=ACTOR)[0].formular


def antrag(aktenzeichen: str, leistung_: Leistung, buerger_: Buerger | None = None) -> Antrag:
    """A submitted Antrag as the intake receives it (made directly: the Verfahren tests
    are about what happens after the intake)."""
    formular = _formular()
    return Antrag.objects.create(
        aktenzeichen=aktenzeichen,
        formular=formular,
        fim_id=formular.fim_id,
        fim_version=formular.fim_version,
        leistung=leistung_,
        buerger=buerger_,
        kanal=Kanal.WEB,
        daten={},
        daten_sha256="0" * 64,
        eingereicht_am=timezone.now(),
        idempotenzschluessel=f"test:{aktenzeichen}",
        anfrage_sha256="0" * 64,
    )


def _vorgang(leistung_: Leistung, einheit: Organisationseinheit, aktenzeichen: str) -> Vorgang:
    """Where the intake files it: by the Leistung's Aktenplan position, else (a Leistung
    made without one) in an Akte of its own."""
    from rathaus.akten.models import AktenplanZuordnung
    from rathaus.akten.tests.factories import vorgang

    if not AktenplanZuordnung.objects.filter(leistung=leistung_).exists():
        return vorgang(betreff=f"{leistung_.name} – {aktenzeichen}")
    return akten_services.vorgang_open(
        betreff=f"{leistung_.name} – {aktenzeichen}",
        actor=ACTOR,
        leistung=leistung_,
        organisationseinheit=einheit,
        verfahren_ref=aktenzeichen,
    )


def verfahren(
    einheit: Organisationseinheit | None = None, leistung_: Leistung | None = None, **kwargs
) -> Verfahren:
    """A running Verfahren with its Antrag and its Vorgang in the E-Akte, as the intake
    leaves it (`antrag=` an existing one: the intake's repeated step)."""
    n = next(_seq)
    aktenzeichen = kwargs.pop("aktenzeichen", f"STR-2026-{n:06d}")
    leistung_ = leistung_ or leistung()
    einheit = einheit or organisationseinheit()
    antrag_ = kwargs.pop("antrag", None) or antrag(aktenzeichen, leistung_, kwargs.get("buerger"))
    vorgang = kwargs.pop("vorgang", None) or _vorgang(leistung_, einheit, aktenzeichen)
    return services.verfahren_create(
        antrag=antrag_,
        vorgang=vorgang,
        aktenzeichen=aktenzeichen,
        leistung=leistung_,
        organisationseinheit=einheit,
        actor=kwargs.pop("actor", ACTOR),
        **kwargs,
    )


def offene(v: Verfahren) -> list[Aufgabe]:
    return list(Aufgabe.objects.filter(verfahren=v, status=Aufgabe.Status.OFFEN).order_by("id"))


def offen(v: Verfahren) -> Aufgabe:
    (aufgabe,) = offene(v)
    return aufgabe


def standard_xml() -> bytes:
    return STANDARD_BPMN.read_bytes()


class Team:
    """A unit with two clerks and two heads, as most tests need."""

    def __init__(self) -> None:
        self.oe = organisationseinheit()
        self.sb1 = user("sb1-" + self.oe.slug, (self.oe, Rolle.SACHBEARBEITUNG))
        self.sb2 = user("sb2-" + self.oe.slug, (self.oe, Rolle.SACHBEARBEITUNG))
        self.leitung1 = user("l1-" + self.oe.slug, (self.oe, Rolle.LEITUNG))
        self.leitung2 = user("l2-" + self.oe.slug, (self.oe, Rolle.LEITUNG))
