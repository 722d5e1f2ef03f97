"""Before the idle limit: the warning dialog's data, the endpoint that extends a session,
configurable idle limits; after it: the login page says whether the input was kept."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import Client, RequestFactory

from rathaus.konten.niveau import GRENZEN, Vertrauensniveau, grenze
from rathaus.konten.sitzung import (
    ABGELAUFEN,
    AKTIV_AM,
    EINGABEN_GESICHERT,
    sitzung_beginnen,
)

from .factories import buerger_anlegen, einloggen

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000.0
URL = "/konto/sitzung/verlaengern/"


@contextmanager
def _um(sekunden: float) -> Iterator[None]:
    """Move the clock of the middleware and of the views together."""
    with (
        mock.patch("rathaus.konten.middleware._jetzt", return_value=T0 + sekunden),
        mock.patch("rathaus.konten.views._jetzt", return_value=T0 + sekunden),
    ):
        yield


def _csrf(client: Client) -> str:
    with _um(1):
        client.get("/konto/anmelden/")
    return str(client.cookies["csrftoken"].value)


# --- idle limits from the settings --------------------------------------------------------


def test_default_limits_and_warning_two_minutes_before() -> None:
    for niveau in Vertrauensniveau:
        assert grenze(niveau) == GRENZEN[niveau]
    assert grenze(Vertrauensniveau.HOCH).leerlauf == 300
    assert grenze(Vertrauensniveau.HOCH).warnung == 120
    assert grenze(Vertrauensniveau.BASIS).warnung == 120


def test_idle_limit_set_per_level(settings: Any) -> None:
    settings.RATHAUS_CITIZEN_SESSION_IDLE_MINUTES = "hoch=0.2, substantiell=45"
    assert grenze(Vertrauensniveau.HOCH).leerlauf == 12
    assert grenze(Vertrauensniveau.HOCH).warnung == 4  # two fifths of a short limit
    assert grenze(Vertrauensniveau.HOCH).absolut == 30 * 60  # unchanged
    assert grenze(Vertrauensniveau.SUBSTANTIELL).leerlauf == 45 * 60
    assert grenze(Vertrauensniveau.BASIS) == GRENZEN[Vertrauensniveau.BASIS]
    settings.RATHAUS_CITIZEN_SESSION_IDLE_MINUTES = "hoch=600"
    assert grenze(Vertrauensniveau.HOCH).leerlauf == 30 * 60  # never past the absolute end


@pytest.mark.parametrize("wert", ["hoch", "hoch=0", "hoch=-5", "mittel=5", "hoch=inf", "hoch=nan"])
def test_bad_idle_setting_is_named(settings: Any, wert: str) -> None:
    settings.RATHAUS_CITIZEN_SESSION_IDLE_MINUTES = wert
    with pytest.raises(ImproperlyConfigured, match="RATHAUS_CITIZEN_SESSION_IDLE_MINUTES"):
        grenze(Vertrauensniveau.HOCH)


def test_short_idle_limit_ends_the_session(settings: Any) -> None:
    settings.RATHAUS_CITIZEN_SESSION_IDLE_MINUTES = "hoch=0.2"
    client = Client()
    einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH, jetzt=T0)
    with _um(5):
        assert client.get("/konto/").status_code == 200
    assert client.session[AKTIV_AM] == T0 + 5  # activity is written finer for short limits
    with _um(5 + 12):
        assert client.get("/konto/").status_code == 302


# --- the extend endpoint -----------------------------------------------------------------


def test_extend_moves_the_idle_deadline() -> None:
    client = Client(enforce_csrf_checks=True)
    einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH, jetzt=T0)
    token = _csrf(client)
    with _um(200):
        response = client.post(URL, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert json.loads(response.content) == {
        "restzeit": 300,
        "absolut": 30 * 60 - 200,
        "warnung": 120,
    }
    assert client.session[AKTIV_AM] == T0 + 200
    # 5 minutes after the login the session would have ended; extended, it goes on
    with _um(450):
        assert client.get("/konto/").status_code == 200
    assert "_auth_user_id" in client.session


def test_extend_cannot_pass_the_absolute_end() -> None:
    client = Client()
    einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH, jetzt=T0)
    for minute in range(4, 29, 4):
        with _um(minute * 60):
            assert client.post(URL).status_code == 200
    with _um(29 * 60):
        daten = json.loads(client.post(URL).content)
    assert daten["restzeit"] == daten["absolut"] == 60
    with _um(30 * 60):
        assert client.post(URL).status_code == 403


def test_extend_needs_the_csrf_token_and_changes_nothing_without() -> None:
    client = Client(enforce_csrf_checks=True)
    einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH, jetzt=T0)
    token = _csrf(client)
    # 10 s: below the resolution at which any request counts as activity
    with _um(10):
        assert client.post(URL).status_code == 403
        assert client.post(URL, HTTP_X_CSRFTOKEN="falsch" * 6).status_code == 403
    assert client.session[AKTIV_AM] == T0
    with _um(10):
        assert client.post(URL, HTTP_X_CSRFTOKEN=token).status_code == 200
    assert client.session[AKTIV_AM] == T0 + 10


@pytest.mark.parametrize("wer", ["anonym", "abgelaufen", "personal"])
def test_extend_refused_without_a_citizen_session(wer: str) -> None:
    client = Client()
    if wer == "abgelaufen":
        einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH, jetzt=T0)
    elif wer == "personal":
        client.force_login(User.objects.create_user("sb", is_staff=True))
    with _um(6 * 60):
        response = client.post(URL)
    assert response.status_code == 403
    assert json.loads(response.content) == {"abgelaufen": True}
    assert AKTIV_AM not in client.session
    if wer == "personal":
        assert "_auth_user_id" in client.session  # a staff session is not the citizen's


def test_extend_only_by_post() -> None:
    client = Client()
    einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH)
    assert client.get(URL).status_code == 405


# --- the dialog ----------------------------------------------------------------------------

TAG = Template("{% load konten %}{% sitzung_warnung 'Eingaben bleiben.' %}")


def _rendern(user: Any, session: Any) -> str:
    request = RequestFactory().get("/antrag/1/schritt/1/")
    request.user = user
    request.session = session
    return TAG.render(Context({"request": request, "csrf_token": "tok", "csp_nonce": "n0nce"}))


def test_dialog_carries_the_seconds_left_for_a_citizen() -> None:
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    session = SessionStore()
    jetzt = timezone.now().timestamp()
    sitzung_beginnen(session, niveau=Vertrauensniveau.HOCH, jetzt=jetzt - 100)
    html = _rendern(buerger_anlegen().user, session)
    restzeit = int(re.search(r'data-restzeit="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert 198 <= restzeit <= 200
    assert 'data-warnung="120"' in html
    assert '<dialog class="kern-dialog sitzung-warnung" id="sitzung-warnung"' in html
    assert 'aria-labelledby="sitzung-warnung-titel"' in html
    assert 'id="sitzung-warnung-titel"><span data-sitzung-zustand="laeuft grenze">Ihre' in html
    assert 'action="/konto/sitzung/verlaengern/"' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    assert 'src="/static/konten/sitzung.js" nonce="n0nce" defer' in html
    assert "<script>" not in html
    assert "Eingaben bleiben." in html
    assert ">Sitzung verlängern<" in html


def test_no_dialog_without_a_citizen_session() -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    assert "dialog" not in _rendern(AnonymousUser(), SessionStore())
    staff = User.objects.create_user("sb2", is_staff=True)
    assert "dialog" not in _rendern(staff, SessionStore())


# --- the login page after the end --------------------------------------------------------


def test_login_page_says_the_input_was_kept_and_asks_for_the_level() -> None:
    client = Client()
    session = client.session
    session[ABGELAUFEN] = True
    session[EINGABEN_GESICHERT] = True
    session.save()
    response = client.get("/konto/anmelden/?next=/antrag/7/schritt/3/&niveau=hoch")
    body = response.content.decode()
    assert "Ihre Sitzung ist abgelaufen" in body
    assert 'id="eingaben-gesichert"' in body
    assert "next=%2Fantrag%2F7%2Fschritt%2F3%2F&amp;niveau=hoch" in body
    # said once
    assert 'id="eingaben-gesichert"' not in client.get("/konto/anmelden/").content.decode()


def test_login_page_ignores_an_unknown_level() -> None:
    body = Client().get("/konto/anmelden/?niveau=%3Cscript%3E").content.decode()
    start = re.search(r'href="(/konto/oidc/start/[^"]*)"', body)
    assert start is not None
    assert "niveau" not in start.group(1)
    assert "<script>" not in body
