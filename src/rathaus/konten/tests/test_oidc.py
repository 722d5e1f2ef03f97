"""The authorization code flow against the development IdP, and hostile answers to it.

Every attack must end on a clean error page (not a 500) with nobody logged in.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from rathaus.core.models import Protokoll
from rathaus.dev_idp import keys
from rathaus.konten.models import Buerger
from rathaus.konten.sitzung import NIVEAU

from .conftest import BASE, Netz, idp_anmelden, idp_formular, oidc_login

pytestmark = pytest.mark.django_db


def _nicht_angemeldet(client: Client) -> None:
    assert "_auth_user_id" not in client.session
    assert NIVEAU not in client.session
    assert client.get("/konto/").status_code == 302


@pytest.mark.parametrize(
    ("person", "name", "niveau"),
    [
        ("jan-petersen", "Jan Petersen", "basis"),
        ("anke-brandt", "Anke Brandt", "substantiell"),
        ("erika-mustermann", "Erika Mustermann", "hoch"),
    ],
)
def test_login_each_level(netz: Netz, person: str, name: str, niveau: str) -> None:
    client = Client()
    response = oidc_login(client, person, start="/konto/oidc/start/?next=/konto/postfach/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/postfach/"
    assert client.session[NIVEAU] == niveau
    buerger = Buerger.objects.get()
    assert buerger.name == name
    assert buerger.aussteller == f"{BASE}/dev-idp"
    assert buerger.ort == "Stralsund"
    assert buerger.geburtsdatum is not None
    konto = client.get("/konto/")
    assert konto.status_code == 200
    assert name in konto.content.decode()
    assert Protokoll.objects.filter(aktion="buerger.login").count() == 1


def test_second_login_same_buerger(netz: Netz) -> None:
    oidc_login(Client(), "anke-brandt")
    oidc_login(Client(), "anke-brandt")
    assert Buerger.objects.count() == 1


def test_open_redirect_ignored(netz: Netz) -> None:
    response = oidc_login(Client(), start="/konto/oidc/start/?next=https://evil.example/")
    assert response["Location"] == "/konto/"


def test_start_asks_for_level(netz: Netz) -> None:
    location, params = idp_formular(Client(), "/konto/oidc/start/?niveau=substantiell")
    assert location.startswith(f"{BASE}/dev-idp/authorize?")
    assert params["acr_values"] == "STORK-QAA-Level-3 STORK-QAA-Level-4"
    assert params["code_challenge_method"] == "S256"
    assert params["nonce"] and params["state"]


def test_idp_lists_only_persons_reaching_level(netz: Netz) -> None:
    client = Client()
    location, _ = idp_formular(client, "/konto/oidc/start/?niveau=hoch")
    page = client.get(location.removeprefix(BASE)).content.decode()
    assert "Erika Mustermann" in page
    assert "Jan Petersen" not in page


def _umsignieren(key: Any = None, kid: str | None = None, **changes: Any) -> Any:
    def hook(body: dict[str, Any]) -> dict[str, Any]:
        claims = jwt.decode(body["id_token"], options={"verify_signature": False})
        claims.update(changes)
        body["id_token"] = jwt.encode(
            claims,
            key or keys.signing_key(),
            algorithm="RS256",
            headers={"kid": kid or keys.kid()},
        )
        return body

    return hook


def _fremder_schluessel() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    "hook",
    [
        pytest.param(_umsignieren(key=_fremder_schluessel()), id="wrong-signature"),
        pytest.param(_umsignieren(aud="someone-else"), id="wrong-audience"),
        pytest.param(_umsignieren(iss="https://evil.example"), id="wrong-issuer"),
        pytest.param(
            _umsignieren(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200), id="expired"
        ),
        pytest.param(_umsignieren(nonce="not-the-nonce"), id="wrong-nonce"),
        pytest.param(_umsignieren(kid="unknown-kid"), id="unknown-kid"),
        pytest.param(
            lambda body: {
                **body,
                "id_token": jwt.encode({"sub": "x"}, "s" * 32, algorithm="HS256"),
            },
            id="hs256-downgrade",
        ),
        pytest.param(lambda body: {**body, "id_token": "not.a.jwt"}, id="garbage"),
        pytest.param(lambda body: {"error": "nope"}, id="no-id-token"),
    ],
)
def test_rejected_id_token(netz: Netz, hook: Any) -> None:
    netz.token_hook = hook
    client = Client()
    response = oidc_login(client)
    assert response.status_code == 400
    assert "Die Anmeldung ist fehlgeschlagen" in response.content.decode()
    _nicht_angemeldet(client)
    assert not Buerger.objects.exists()


def test_userinfo_of_another_subject(netz: Netz) -> None:
    netz.userinfo_hook = lambda claims: {**claims, "sub": "TEST-HST-0001-basis"}
    client = Client()
    response = oidc_login(client)
    assert response.status_code == 400
    _nicht_angemeldet(client)
    assert not Buerger.objects.exists()


def test_tampered_state(netz: Netz) -> None:
    client = Client()
    _, params = idp_formular(client, "/konto/oidc/start/")
    callback = idp_anmelden(client, params, "erika-mustermann")
    response = client.get(callback.replace(f"state={params['state']}", "state=tampered"))
    assert response.status_code == 400
    _nicht_angemeldet(client)


def test_callback_without_login_started(netz: Netz) -> None:
    client = Client()
    response = client.get("/konto/oidc/callback/?code=abc&state=def")
    assert response.status_code == 400
    _nicht_angemeldet(client)


def test_replayed_code(netz: Netz) -> None:
    """A code used once is burnt: a second flow carrying it gets no login."""
    erste = Client()
    _, params = idp_formular(erste, "/konto/oidc/start/")
    callback = idp_anmelden(erste, params, "erika-mustermann")
    assert erste.get(callback).status_code == 302
    # Same callback again: the state is gone from the session.
    assert erste.get(callback).status_code == 400
    # An attacker starts an own flow and injects the stolen code with a valid state.
    angreifer = Client()
    _, eigene = idp_formular(angreifer, "/konto/oidc/start/")
    code = callback.split("code=")[1].split("&")[0]
    response = angreifer.get(f"/konto/oidc/callback/?code={code}&state={eigene['state']}")
    assert response.status_code == 400
    _nicht_angemeldet(angreifer)


def test_user_cancels(netz: Netz) -> None:
    client = Client()
    _, params = idp_formular(client, "/konto/oidc/start/")
    response = client.post("/dev-idp/authorize", {**params, "aktion": "abbrechen"})
    callback = str(response["Location"]).removeprefix(BASE)
    assert "error=access_denied" in callback
    page = client.get(callback)
    assert page.status_code == 200
    assert "abgebrochen" in page.content.decode()
    _nicht_angemeldet(client)


def test_level_below_requested(netz: Netz) -> None:
    """The IdP vouches for less than asked: logged in at that level, but not let through."""
    netz.token_hook = _umsignieren(acr="STORK-QAA-Level-1")
    client = Client()
    response = oidc_login(client, start="/konto/oidc/start/?niveau=hoch&next=/konto/")
    assert response.status_code == 403
    assert "Vertrauensniveau nicht ausreichend" in response.content.decode()
    assert client.session[NIVEAU] == "basis"


def test_missing_acr_is_basis(netz: Netz) -> None:
    def ohne_acr(body: dict[str, Any]) -> dict[str, Any]:
        claims = jwt.decode(body["id_token"], options={"verify_signature": False})
        claims.pop("acr")
        body["id_token"] = jwt.encode(
            claims, keys.signing_key(), algorithm="RS256", headers={"kid": keys.kid()}
        )
        return body

    netz.token_hook = ohne_acr
    client = Client()
    assert oidc_login(client).status_code == 302
    assert client.session[NIVEAU] == "basis"


def _fehlversuch(client: Client, **extra: str) -> Any:
    """A login this browser started, answered with a made-up code: a real failure."""
    _, params = idp_formular(client, "/konto/oidc/start/")
    return client.get(f"/konto/oidc/callback/?code=erfunden&state={params['state']}", **extra)


def test_rate_limit(netz: Netz, settings: Any) -> None:
    settings.RATHAUS_LOGIN_RATE_LIMIT = "3/300"
    client = Client()
    for _ in range(3):
        assert _fehlversuch(client).status_code == 400
    response = _fehlversuch(client)
    assert response.status_code == 429
    assert "Zu viele Anmeldeversuche" in response.content.decode()
    # Even a correct login from that address waits for the window ...
    assert oidc_login(client).status_code == 429
    _nicht_angemeldet(client)
    # ... another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert _fehlversuch(other).status_code == 400
    assert oidc_login(other).status_code == 302


def test_callbacks_without_a_started_login_do_not_count(netz: Netz, settings: Any) -> None:
    """Anyone can send made-up callbacks; they are refused before the limit and use up
    nothing (before: 21 of them locked the citizen login for everyone behind the proxy)."""
    settings.RATHAUS_LOGIN_RATE_LIMIT = "3/300"
    angreifer = Client()
    for url in [
        "/konto/oidc/callback/?code=a&state=b",
        "/konto/oidc/callback/?code=a",
        "/konto/oidc/callback/?state=b",
        "/konto/oidc/callback/",
        "/konto/oidc/callback/?error=access_denied&state=b",
        "/konto/oidc/callback/?code=a&state=" + "x" * 5000,
        "/konto/oidc/callback/?code=a&state=b&state=c",
    ] * 4:
        response = angreifer.get(url)
        assert response.status_code == 400
        assert "Die Anmeldung ist fehlgeschlagen" in response.content.decode()
    # Same address: the citizen logs in as usual.
    client = Client()
    assert oidc_login(client).status_code == 302
    assert client.session[NIVEAU] == "hoch"


def test_successful_logins_do_not_count(netz: Netz, settings: Any) -> None:
    settings.RATHAUS_LOGIN_RATE_LIMIT = "2/300"
    for _ in range(5):
        assert oidc_login(Client()).status_code == 302
    # A cancelled login is no failure either.
    client = Client()
    _, params = idp_formular(client, "/konto/oidc/start/")
    abbruch = client.post("/dev-idp/authorize", {**params, "aktion": "abbrechen"})
    assert client.get(str(abbruch["Location"]).removeprefix(BASE)).status_code == 200
    assert oidc_login(Client()).status_code == 302


def test_many_citizens_behind_one_proxy_each_have_their_own_budget(
    netz: Netz, settings: Any
) -> None:
    settings.RATHAUS_LOGIN_RATE_LIMIT = "2/300"
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    # All through nginx: REMOTE_ADDR is 127.0.0.1, the client is nginx's last entry.
    angreifer = Client(HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert [_fehlversuch(angreifer).status_code for _ in range(3)] == [400, 400, 429]
    for n in range(1, 6):
        buerger = Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert _fehlversuch(buerger).status_code == 400
        assert oidc_login(buerger).status_code == 302


@pytest.mark.parametrize(
    ("hops", "echt", "gefaelscht"),
    [
        # No proxy: the header comes from the client itself and is ignored.
        (0, {"REMOTE_ADDR": "203.0.113.66"}, "{n}.1.2.3"),
        # Behind nginx: a forged entry to the left of the one nginx appended is ignored.
        (1, {}, "{n}.1.2.3, 203.0.113.66"),
    ],
)
def test_spoofed_forwarded_for_gets_no_fresh_budget(
    netz: Netz, settings: Any, hops: int, echt: dict[str, str], gefaelscht: str
) -> None:
    settings.RATHAUS_LOGIN_RATE_LIMIT = "2/300"
    settings.RATHAUS_TRUSTED_PROXY_HOPS = hops
    status = []
    for n in range(10, 16):
        angreifer = Client(**echt, HTTP_X_FORWARDED_FOR=gefaelscht.format(n=n))
        status.append(_fehlversuch(angreifer).status_code)
    assert status == [400, 400, 429, 429, 429, 429]


def test_provider_unreachable(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    def kaputt(*args: Any, **kwargs: Any) -> Any:
        raise requests.ConnectionError("down")

    monkeypatch.setattr(requests, "get", kaputt)
    settings.RATHAUS_OIDC_ISSUER = "https://idp.example.org"
    settings.RATHAUS_DEV_IDP = False
    response = Client().get("/konto/oidc/start/")
    assert response.status_code == 503


def test_a_citizen_login_leaves_no_record_of_name_or_address_in_the_log(
    netz: Netz, caplog: pytest.LogCaptureFixture
) -> None:
    """django-axes wrote "Successful login by {username, ip_address}" for every citizen,
    although citizens' logins are meant to leave no log line (only the Protokoll entry)."""
    from axes.models import AccessAttempt, AccessLog

    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="203.0.113.77")
    assert oidc_login(client, "anke-brandt").status_code == 302
    assert "_auth_user_id" in client.session
    buerger = Buerger.objects.get()
    zeilen = [r for r in caplog.records if r.name.startswith("axes")]
    assert zeilen == []
    text = caplog.text
    assert "203.0.113.77" not in text and buerger.user.get_username() not in text
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()


def test_a_deactivated_citizen_is_logged_out_at_the_next_request(netz: Netz) -> None:
    client = Client()
    oidc_login(client, "anke-brandt")
    assert client.get("/konto/").status_code == 200
    buerger = Buerger.objects.get()
    buerger.user.is_active = False
    buerger.user.save(update_fields=["is_active"])
    antwort = client.get("/konto/")
    assert antwort.status_code == 302 and antwort["Location"].startswith("/konto/anmelden/")
