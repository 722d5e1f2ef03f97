"""The API's throttles count per client address exactly as the rest of Rathaus does
(core.client): many clients behind one proxy each have their own budget, a forged
X-Forwarded-For buys no fresh one and cannot use up someone else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from rest_framework.test import APIClient

from rathaus.api import services as api_services
from rathaus.api.auth_mitarbeiter import TokenFehlversuchThrottle
from rathaus.api.drosseln import ClientAnonRateThrottle
from rathaus.core.client import client_address

pytestmark = pytest.mark.django_db

LISTE = "/api/v1/themenfelder/"
AUFGABEN = "/api/v1/aufgaben/"


@pytest.fixture
def knapp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two anonymous requests and two wrong tokens a minute per client."""
    monkeypatch.setattr(ClientAnonRateThrottle, "rate", "2/minute", raising=False)
    monkeypatch.setattr(TokenFehlversuchThrottle, "STANDARD_RATE", "2/minute")


def _client(remote: str = "127.0.0.1", xff: str | None = None, token: str = "") -> APIClient:
    extra = {"REMOTE_ADDR": remote, "HTTP_ACCEPT": "application/json"}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return APIClient(**extra)


def test_many_clients_behind_one_proxy_each_have_their_own_budget(settings, knapp) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    eine = _client(xff="198.51.100.1")
    assert [eine.get(LISTE).status_code for _ in range(3)] == [200, 200, 429]
    for n in range(2, 7):
        assert _client(xff=f"198.51.100.{n}").get(LISTE).status_code == 200


@pytest.mark.parametrize(
    ("hops", "remote", "xff"),
    [
        (0, "203.0.113.5", "{n}.6.6.6"),  # no proxy: the header is the client's own
        (1, "127.0.0.1", "{n}.6.6.6, 203.0.113.5"),  # behind nginx: forged left entry
    ],
)
def test_a_forged_header_gets_no_fresh_budget(settings, knapp, hops, remote, xff) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = hops
    status = [_client(remote, xff.format(n=n)).get(LISTE).status_code for n in range(10, 15)]
    assert status == [200, 200, 429, 429, 429]


def test_wrong_tokens_behind_the_proxy(settings, knapp) -> None:
    from rathaus.akten.tests.factories import organisationseinheit
    from rathaus.arbeitsplatz.tests.conftest import mitarbeiter

    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    integration = mitarbeiter("integration", organisationseinheit("Bürgerbüro"))
    token = api_services.api_token_create(user=integration, actor="test")[1]
    status = [
        _client(xff=f"{n}.6.6.6, 203.0.113.5", token="rhm_geraten").get(AUFGABEN).status_code
        for n in range(10, 14)
    ]
    assert status == [401, 401, 429, 429]
    # The integration on its own address is not held up by the guesser.
    assert _client(xff="198.51.100.7", token=token).get(AUFGABEN).status_code == 200


def test_a_guesser_cannot_use_up_the_budget_of_another_address(settings, knapp) -> None:
    """Without a proxy, naming the integration's address in the header once blocked it."""
    from rathaus.akten.tests.factories import organisationseinheit
    from rathaus.arbeitsplatz.tests.conftest import mitarbeiter

    settings.RATHAUS_TRUSTED_PROXY_HOPS = 0
    integration = mitarbeiter("integration", organisationseinheit("Bürgerbüro"))
    token = api_services.api_token_create(user=integration, actor="test")[1]
    for _ in range(4):
        _client("203.0.113.5", xff="198.51.100.7", token="rhm_geraten").get(AUFGABEN)
    assert _client("198.51.100.7", token=token).get(AUFGABEN).status_code == 200
    assert _client("198.51.100.7").get(LISTE).status_code == 200


@pytest.mark.parametrize("hops", [0, 1, 2])
@pytest.mark.parametrize(
    "xff", [None, "198.51.100.1", "6.6.6.6, 198.51.100.1", "10.0.0.1", "kaputt, 198.51.100.1"]
)
def test_drf_and_everyone_else_see_the_same_address(settings, hops: int, xff: Any) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = hops
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    anfrage = RequestFactory().get("/", **extra)
    adresse = client_address(anfrage)
    assert ClientAnonRateThrottle().get_ident(anfrage) == adresse
    assert TokenFehlversuchThrottle().get_ident(anfrage) == adresse


def test_the_settings_give_drf_the_same_hop_count() -> None:
    rest = django_settings.REST_FRAMEWORK
    assert rest["NUM_PROXIES"] == django_settings.RATHAUS_TRUSTED_PROXY_HOPS
    assert rest["DEFAULT_THROTTLE_CLASSES"] == ["rathaus.api.drosseln.ClientAnonRateThrottle"]
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "rathaus.core.client.client_address"
