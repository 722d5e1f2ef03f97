"""The client address behind the proxy (core.client), the limits in the cache (core.drossel)
and the request log line that names the client."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, RequestFactory

from rathaus.core.client import client_address, client_network
from rathaus.core.drossel import Bremse, fehlschlag_zaehlen, im_limit, limit_erreicht
from rathaus.core.logging import JsonFormatter


@pytest.fixture(autouse=True)
def _leerer_cache() -> None:
    cache.clear()


def _anfrage(xff: str | None = None, remote: str = "127.0.0.1") -> Any:
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "xff", "remote", "erwartet"),
    [
        # No trusted proxy: the peer address, whatever the header says.
        (0, None, "203.0.113.7", "203.0.113.7"),
        (0, "198.51.100.1", "203.0.113.7", "203.0.113.7"),
        (0, "198.51.100.1, 10.0.0.1", "127.0.0.1", "127.0.0.1"),
        # One proxy (nginx, $proxy_add_x_forwarded_for): the entry it appended.
        (1, "198.51.100.1", "127.0.0.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "127.0.0.1", "198.51.100.1"),
        (1, "6.6.6.6,7.7.7.7 , 198.51.100.1 ", "127.0.0.1", "198.51.100.1"),
        # The request did not come through the proxy (no header): the peer.
        (1, None, "127.0.0.1", "127.0.0.1"),
        (1, "", "127.0.0.1", "127.0.0.1"),
        # Two proxies: the second entry from the right; fewer entries: the peer.
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "127.0.0.1", "198.51.100.1"),
        (2, "10.0.0.2", "127.0.0.1", "127.0.0.1"),
        # Forms proxies write: ports, IPv6 in brackets, IPv4-mapped IPv6.
        (1, "198.51.100.1:51234", "127.0.0.1", "198.51.100.1"),
        (1, "[2001:db8::1]:443", "127.0.0.1", "2001:db8::1"),
        (1, "2001:DB8:0:0::1", "127.0.0.1", "2001:db8::1"),
        (1, "::ffff:198.51.100.1", "127.0.0.1", "198.51.100.1"),
    ],
)
def test_client_address(settings, hops, xff, remote, erwartet) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = hops
    assert client_address(_anfrage(xff, remote)) == erwartet


@pytest.mark.parametrize(
    "xff",
    [
        "unknown",
        "198.51.100.1, ",
        "198.51.100.1,,",
        "<script>alert(1)</script>",
        "198.51.100.1\x00",
        "999.1.1.1",
        "_hidden",  # RFC 7239 obfuscated identifier
        "a" * 10_000,
        "1.1.1.1," * 5_000 + "nonsense",
    ],
)
def test_an_entry_that_is_no_address_gives_the_peer(settings, xff) -> None:
    """Whatever sits at the trusted place, a client can never name itself with it."""
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    assert client_address(_anfrage(xff, "127.0.0.1")) == "127.0.0.1"


def test_a_long_forged_header_costs_only_its_last_entries(settings) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    anfrage = _anfrage("10.9.9.9, " * 100_000 + "198.51.100.1")
    start = time.perf_counter()
    for _ in range(100):
        assert client_address(anfrage) == "198.51.100.1"
    assert time.perf_counter() - start < 0.5


def test_client_network_groups_ipv6_by_64() -> None:
    assert client_network("198.51.100.1") == "198.51.100.1"
    assert client_network("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert client_network("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_network("") == ""


# --- core.drossel --------------------------------------------------------------------------


def test_limit_erreicht_counts_nothing() -> None:
    for _ in range(10):
        assert not limit_erreicht(schluessel="k", limit="2/60", standard_sekunden=60)
    fehlschlag_zaehlen(schluessel="k", limit="2/60", standard_sekunden=60)
    assert not limit_erreicht(schluessel="k", limit="2/60", standard_sekunden=60)
    fehlschlag_zaehlen(schluessel="k", limit="2/60", standard_sekunden=60)
    assert limit_erreicht(schluessel="k", limit="2/60", standard_sekunden=60)
    # im_limit keeps counting every attempt, as before.
    assert im_limit(schluessel="j", limit="1/60", standard_sekunden=60)
    assert not im_limit(schluessel="j", limit="1/60", standard_sekunden=60)


def test_bremse_waits_double_and_stop_at_the_cap() -> None:
    bremse = Bremse(bereich="test", frei=3, hoechstens=8)
    wartezeiten = []
    for _ in range(8):
        bremse.fehlschlag("anna")
        wartezeiten.append(bremse.einlass("anna"))
    # Failures 1 and 2 are free; from the third on 1, 2, 4, 8, 8 … seconds.
    assert wartezeiten == [0, 0, 1, 2, 4, 8, 8, 8]


def test_bremse_refusals_are_not_counted_and_one_attempt_gets_through() -> None:
    bremse = Bremse(bereich="test", frei=2, hoechstens=1)
    bremse.fehlschlag("anna")
    assert bremse.einlass("anna") == 0  # below the free count nothing waits
    bremse.fehlschlag("anna")
    assert [bremse.einlass("anna") for _ in range(50)] == [1] * 50
    assert bremse.fehlschlaege("anna") == 2
    time.sleep(1.05)
    # Open again: exactly one of the waiting attempts gets through.
    assert [bremse.einlass("anna") for _ in range(5)] == [0, 1, 1, 1, 1]
    # Other names are not affected.
    assert bremse.einlass("bert") == 0


@pytest.mark.parametrize("name", ["", "x" * 10_000, "Ännä 🦆", "a\x00b", "\udcff", "a b:c*"])
def test_bremse_takes_any_name(name: str) -> None:
    bremse = Bremse(bereich="test", frei=1, hoechstens=60)
    bremse.fehlschlag(name)
    assert bremse.fehlschlaege(name) == 1
    assert bremse.einlass(name) == 1


# --- the request log ---------------------------------------------------------------------


@pytest.mark.django_db
def test_request_log_names_client_and_user(settings, caplog) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    user = User.objects.create_user("anna")
    client = Client(HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    with caplog.at_level(logging.INFO, logger="rathaus.request"):
        client.get("/healthz")
        client.force_login(user)
        client.get("/healthz")
    anonym, angemeldet = [r for r in caplog.records if r.name == "rathaus.request"]
    assert (anonym.client, anonym.user_id) == ("198.51.100.4", None)
    assert (angemeldet.client, angemeldet.user_id) == ("198.51.100.4", user.pk)
    zeile = json.loads(JsonFormatter().format(anonym))
    assert zeile["client"] == "198.51.100.4" and zeile["user_id"] is None
    assert zeile["path"] == "/healthz" and zeile["status"] in {200, 503}


@pytest.mark.django_db
def test_429_is_logged_as_a_security_event(settings, caplog) -> None:
    settings.RATHAUS_LOGIN_RATE_LIMIT = "1/300"
    fehlschlag_zaehlen(schluessel="konten:callback:192.0.2.9", limit="1/300", standard_sekunden=300)
    client = Client(REMOTE_ADDR="192.0.2.9")
    session = client.session
    session["oidc_states"] = {"s1": {"nonce": "n", "code_verifier": None, "added_on": 0}}
    session.save()
    with caplog.at_level(logging.INFO):
        response = client.get("/konto/oidc/callback/?code=c&state=s1")
    assert response.status_code == 429
    (ereignis,) = [r for r in caplog.records if r.name == "rathaus.security"]
    assert ereignis.levelno == logging.WARNING
    assert ereignis.event == "rate_limited"
    assert ereignis.client == "192.0.2.9"
    assert ereignis.path == "/konto/oidc/callback/"
    # An ordinary answer is no security event.
    caplog.clear()
    with caplog.at_level(logging.INFO):
        Client().get("/healthz")
    assert not [r for r in caplog.records if r.name == "rathaus.security"]
