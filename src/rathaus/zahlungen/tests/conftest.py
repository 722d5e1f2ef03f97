"""Fixtures of the payment tests: a Leistung with the M-V fee for civil-status certificates
(15 € first copy, 7.50 € each further copy), citizens, staff with rights, and the
development provider served over real HTTP by a live server of our own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.contrib.auth.models import Permission, User

from rathaus.katalog.models import Leistung
from rathaus.zahlungen.models import Gebuehrenregel


@pytest.fixture(autouse=True)
def _zahlung_settings(settings: Any, tmp_path: Any) -> None:
    settings.RATHAUS_DEV_ZAHLUNG = True
    settings.RATHAUS_XBEZAHLDIENSTE_URL = ""
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "basic"
    settings.RATHAUS_XBEZAHLDIENSTE_BENUTZER = "rathaus"
    settings.RATHAUS_XBEZAHLDIENSTE_PASSWORT = "test-passwort"
    settings.RATHAUS_XBEZAHLDIENSTE_TIMEOUT = 2.0
    settings.RATHAUS_ZAHLUNG_BENACHRICHTIGUNG_SCHLUESSEL = "test-schluessel"
    settings.RATHAUS_ZAHLUNG_IBAN = "DE02120300000000202051"
    settings.RATHAUS_ZAHLUNG_BIC = "BYLADEM1001"
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["xbezahldienste", "girocode"]
    settings.RATHAUS_KASSENZEICHEN_FORMAT = "RH{jahr}{nummer:07d}{pruefziffer}"
    settings.RATHAUS_ZAHLUNG_EXPORT_DIR = tmp_path / "export"
    settings.RATHAUS_BASE_URL = "http://testserver"


@pytest.fixture
def leistung(db: None) -> Leistung:
    return Leistung.objects.create(
        name="Geburtsurkunde ausstellen", slug="geburtsurkunde", leika_schluessel="99050012104000"
    )


@pytest.fixture
def urkundenregel(leistung: Leistung) -> Gebuehrenregel:
    return Gebuehrenregel.objects.create(
        leistung=leistung,
        bezeichnung="Personenstandsurkunde",
        art=Gebuehrenregel.Art.STUECK,
        betrag_cent=1500,
        betrag_weitere_cent=750,
        mengenfeld="anzahl",
        menge_max=10,
        rechtsgrundlage="Tarifstelle 1.1 KostVO PStG M-V",
        befreiung_moeglich=True,
    )


@pytest.fixture
def buerger(db: None) -> User:
    return User.objects.create_user("buerger")


@pytest.fixture
def anderer(db: None) -> User:
    return User.objects.create_user("anderer")


def _mit_rechten(name: str, *rechte: str) -> User:
    user = User.objects.create_user(name, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="zahlungen", codename__in=rechte)
    )
    return User.objects.get(pk=user.pk)  # fresh: no permission cache


@pytest.fixture
def kasse(db: None) -> User:
    return _mit_rechten("kasse", "buchen", "erstatten", "festsetzen")


@pytest.fixture
def kasse2(db: None) -> User:
    return _mit_rechten("kasse2", "erstatten")


@pytest.fixture
def sachbearbeitung(db: None) -> User:
    return User.objects.create_user("sb", is_staff=True)


@pytest.fixture(scope="module")
def live(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """A live server of our own (Django's wraps a media handler that fails on our MEDIA_URL
    of None); the development provider answers there over real HTTP."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(MEDIA_URL="/_live_server_media/"):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def anbieter_live(live: Any, settings: Any) -> str:
    """Rathaus and its development provider at the live server's address."""
    settings.RATHAUS_BASE_URL = live.url
    return str(live.url)


def seite_bedienen(url: str, aktion: str) -> requests.Response:
    """Press a button on the development provider's pay page over HTTP, as a browser."""
    sitzung = requests.Session()
    seite = sitzung.get(url, timeout=10)
    assert seite.status_code == 200, seite.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite.text)
    assert token is not None
    return sitzung.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), "aktion": aktion},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=10,
    )
