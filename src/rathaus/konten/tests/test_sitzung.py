"""Session limits by level (time moved by patching the middleware's clock) and the
level check for views."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from rathaus.konten.niveau import Vertrauensniveau
from rathaus.konten.sitzung import (
    AKTIV_AM,
    NIVEAU,
    require_vertrauensniveau,
    sitzung_beginnen,
    vertrauensniveau_redirect,
)

from .factories import buerger_anlegen, einloggen

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000.0
MIN = 60


def _um(client: Client, sekunden: float) -> int:
    with mock.patch("rathaus.konten.middleware._jetzt", return_value=T0 + sekunden):
        return client.get("/konto/").status_code


# level, steps (seconds after login of each request, all still inside), expired at
GRENZFAELLE = [
    ("hoch", [4 * MIN, 8 * MIN], 14 * MIN),  # idle 5 min
    ("hoch", [4 * MIN * i for i in range(1, 8)], 31 * MIN),  # absolute 30 min
    ("substantiell", [29 * MIN, 58 * MIN], 89 * MIN),  # idle 30 min
    ("substantiell", [25 * MIN * i for i in range(1, 5)], 121 * MIN),  # absolute 2 h
    ("basis", [59 * MIN, 118 * MIN], 179 * MIN),  # idle 60 min
    ("basis", [50 * MIN * i for i in range(1, 15)], 12 * 60 * MIN + MIN),  # absolute 12 h
]


@pytest.mark.parametrize(("niveau", "schritte", "ablauf"), GRENZFAELLE)
def test_session_limits(niveau: str, schritte: list[int], ablauf: int) -> None:
    client = Client()
    einloggen(client, buerger_anlegen(), Vertrauensniveau(niveau), jetzt=T0)
    for schritt in schritte:
        assert _um(client, schritt) == 200, f"{niveau}: logged out at {schritt / MIN} min"
    assert _um(client, ablauf) == 302
    assert "_auth_user_id" not in client.session
    # The login page says why.
    assert "Ihre Sitzung ist abgelaufen" in client.get("/konto/anmelden/").content.decode()


def test_activity_written_coarsely() -> None:
    client = Client()
    einloggen(client, buerger_anlegen(), Vertrauensniveau.HOCH, jetzt=T0)
    _um(client, 10)
    assert client.session[AKTIV_AM] == T0
    _um(client, 40)
    assert client.session[AKTIV_AM] == T0 + 40


def test_staff_session_untouched() -> None:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_user("staff", is_staff=True))
    with mock.patch("rathaus.konten.middleware._jetzt", return_value=T0 + 10**7):
        client.get("/konto/")
    assert "_auth_user_id" in client.session


def _request(niveau: Vertrauensniveau | None) -> HttpRequest:
    request = RequestFactory().get("/antrag/42/?schritt=2")
    request.session = SessionStore()
    if niveau is None:
        request.user = AnonymousUser()
    else:
        request.user = buerger_anlegen().user
        sitzung_beginnen(request.session, niveau=niveau, jetzt=T0)
    return request


@require_vertrauensniveau("substantiell")
def _geschuetzt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("niveau", "durch"),
    [
        (None, False),
        (Vertrauensniveau.BASIS, False),
        (Vertrauensniveau.SUBSTANTIELL, True),
        (Vertrauensniveau.HOCH, True),
    ],
)
def test_require_vertrauensniveau(niveau: Vertrauensniveau | None, durch: bool) -> None:
    response = _geschuetzt(_request(niveau))
    if durch:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == (
            "/konto/oidc/start/?next=%2Fantrag%2F42%2F%3Fschritt%3D2&niveau=substantiell&sprache=de"
        )


def test_logged_in_without_level_counts_as_none() -> None:
    request = _request(Vertrauensniveau.HOCH)
    del request.session[NIVEAU]
    assert vertrauensniveau_redirect(request, Vertrauensniveau.BASIS) is not None


def test_unknown_level_rejected() -> None:
    with pytest.raises(ValueError, match="Vertrauensniveau"):
        require_vertrauensniveau("mittel")


def test_step_up_keeps_target(settings: Any) -> None:
    """Decorator redirect → start view: acr_values asked, next kept for after the login."""
    client = Client()
    einloggen(client, buerger_anlegen(), Vertrauensniveau.BASIS)
    response = _geschuetzt(_request(Vertrauensniveau.BASIS))
    with mock.patch(
        "rathaus.konten.views.provider_config",
        return_value=mock.Mock(authorization_endpoint="https://idp.example/auth"),
    ):
        weiter = client.get(response["Location"])
    assert "acr_values=STORK-QAA-Level-3+STORK-QAA-Level-4" in weiter["Location"]
    assert client.session["oidc_login_next"] == "/antrag/42/?schritt=2"
