"""Staff session limits: 30 minutes idle, 12 hours absolute; citizens untouched."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client

from rathaus.arbeitsplatz import sitzung
from rathaus.konten.models import Buerger
from rathaus.konten.sitzung import ANMELDUNG_AM, NIVEAU, sitzung_beginnen

from .conftest import mitarbeiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def uhr() -> Any:
    """A clock the test moves forward; the middleware reads it through sitzung.jetzt."""
    stand = {"t": 1_800_000_000.0}
    with mock.patch.object(sitzung, "jetzt", side_effect=lambda: stand["t"]):
        yield stand


def _angemeldet(user: User) -> Client:
    from .conftest import angemeldet

    return angemeldet(user)


@pytest.fixture
def user(db: Any) -> User:
    from rathaus.akten.tests.factories import organisationseinheit

    return mitarbeiter("anna", organisationseinheit())


def test_leerlauf_beendet_sitzung(uhr: Any, user: User) -> None:
    client = _angemeldet(user)
    assert client.get("/arbeitsplatz/").status_code == 200
    uhr["t"] += 29 * 60
    assert client.get("/arbeitsplatz/").status_code == 200  # activity resets the idle clock
    uhr["t"] += 29 * 60
    assert client.get("/arbeitsplatz/").status_code == 200
    uhr["t"] += 30 * 60
    response = client.get("/arbeitsplatz/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    anmelden = client.get(response["Location"])
    assert "Ihre Sitzung ist abgelaufen" in anmelden.content.decode()


def test_absolute_grenze_trotz_aktivitaet(uhr: Any, user: User) -> None:
    client = _angemeldet(user)
    client.get("/arbeitsplatz/")
    for _ in range(int(12 * 60 / 20) - 1):
        uhr["t"] += 20 * 60
        assert client.get("/arbeitsplatz/").status_code == 200
    uhr["t"] += 20 * 60  # 12 h after the login
    assert client.get("/arbeitsplatz/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_sitzungsablauf_im_cookie(uhr: Any, user: User) -> None:
    client = _angemeldet(user)
    client.get("/arbeitsplatz/")
    assert client.session.get_expiry_age() <= 30 * 60


def test_buergersitzung_bleibt_unberuehrt(uhr: Any, db: Any) -> None:
    """The staff middleware leaves a citizen session to konten's own limits."""
    buerger_user = User.objects.create_user("b1")
    Buerger.objects.create(user=buerger_user, aussteller="http://idp", sub="s1")
    client = Client()
    client.force_login(buerger_user)
    session = client.session
    from rathaus.konten.niveau import Vertrauensniveau

    sitzung_beginnen(session, niveau=Vertrauensniveau.SUBSTANTIELL, jetzt=uhr["t"])
    session.save()
    uhr["t"] += 45 * 60  # past the staff idle limit; konten's middleware uses its own clock
    client.get("/")
    session = client.session
    assert NIVEAU in session and ANMELDUNG_AM in session
    assert sitzung.ANMELDUNG_AM not in session


def test_mitarbeiter_ohne_marken_bekommt_grenzen(uhr: Any, user: User) -> None:
    """Logged in elsewhere (admin site): the limits start with the first request."""
    client = Client()
    client.force_login(user)
    client.get("/arbeitsplatz/anmelden/")
    assert client.session[sitzung.ANMELDUNG_AM] == uhr["t"]
    uhr["t"] += 31 * 60
    client.get("/arbeitsplatz/anmelden/")
    assert "_auth_user_id" not in client.session
