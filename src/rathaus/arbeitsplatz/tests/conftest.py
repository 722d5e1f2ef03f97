"""Staff accounts, Akten and logged-in clients for the workspace tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.akten.models import Akte, Dokument, Vorgang
from rathaus.akten.tests import factories as af
from rathaus.arbeitsplatz import sitzung
from rathaus.core.tests.otp import mit_zweitem_faktor
from rathaus.organisation.models import Organisationseinheit, Rolle
from rathaus.organisation.services import mitgliedschaft_add

PASSWORT = "richtig-geheim-42"


def totp_code(geraet: TOTPDevice, *, versatz: int = 0) -> str:
    """The code the app shows now (or `versatz` steps later)."""
    totp = TOTP(geraet.bin_key, geraet.step, geraet.t0, geraet.digits, geraet.drift)
    totp.time = time.time() + versatz * geraet.step
    return f"{totp.token():06d}"


def mitarbeiter(
    name: str,
    *einheiten: Organisationseinheit,
    rolle: str = Rolle.SACHBEARBEITUNG,
    perms: tuple[str, ...] = (),
    totp: bool = True,
) -> User:
    user = User.objects.create_user(name, password=PASSWORT, first_name=name.title())
    for einheit in einheiten:
        mitgliedschaft_add(user=user, organisationseinheit=einheit, rolle=rolle, actor="test")
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    if totp:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return User.objects.get(pk=user.pk)


def angemeldet(user: User) -> Client:
    """A client with a full staff login (password and verified TOTP device)."""
    client = mit_zweitem_faktor(Client(), user)
    session = client.session
    sitzung.sitzung_beginnen(session)
    session.save()
    return client


@dataclass
class Welt:
    oe: Organisationseinheit
    andere_oe: Organisationseinheit
    akte: Akte
    vorgang: Vorgang
    dokument: Dokument
    sb: User
    sb_andere: User
    leitung: User


@pytest.fixture(autouse=True)
def _schnell(settings: Any) -> None:
    cache.clear()
    # Hashing with the production cost makes every login test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def welt(db: Any) -> Welt:
    oe = af.organisationseinheit("Ordnungsamt")
    andere = af.organisationseinheit("Wohngeldstelle")
    akte = af.akte(oe, betreff="Hundesteuer Musterfrau")
    vorgang = af.vorgang(akte, betreff="Anmeldung eines Hundes")
    dokument = af.dokument(
        vorgang,
        text="Bescheid über die Hundesteuer für Dackel Waldemar.",
        personenbezogen=True,
    )
    return Welt(
        oe=oe,
        andere_oe=andere,
        akte=akte,
        vorgang=vorgang,
        dokument=dokument,
        sb=mitarbeiter("sb", oe),
        sb_andere=mitarbeiter("sbandere", andere),
        leitung=mitarbeiter("leitung", oe, rolle=Rolle.LEITUNG, perms=("akten.reopen_akte",)),
    )


@pytest.fixture
def als() -> Callable[[User], Client]:
    return angemeldet
