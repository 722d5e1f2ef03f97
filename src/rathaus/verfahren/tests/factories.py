"""Objects for the Verfahren tests, made through the services where they exist."""

from __future__ import annotations

from itertools import count

from django.contrib.auth.models import User

from rathaus.katalog.models import Leistung
from rathaus.konten.models import Buerger
from rathaus.organisation.models import Organisationseinheit, Rolle
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren import services
from rathaus.verfahren.bpmn import STANDARD_BPMN
from rathaus.verfahren.models import Aufgabe, Verfahren

ACTOR = "test"
_seq = count(1)


def organisationseinheit(name: str = "Ordnungsamt") -> Organisationseinheit:
    n = next(_seq)
    return Organisationseinheit.objects.create(name=f"{name} {n}", slug=f"oe-{n}", art="amt")


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


def verfahren(
    einheit: Organisationseinheit | None = None, leistung_: Leistung | None = None, **kwargs
) -> Verfahren:
    n = next(_seq)
    return services.verfahren_create(
        antrag_id=kwargs.pop("antrag_id", n),
        aktenzeichen=kwargs.pop("aktenzeichen", f"STR-2026-{n:06d}"),
        leistung=leistung_ or leistung(),
        organisationseinheit=einheit or organisationseinheit(),
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
