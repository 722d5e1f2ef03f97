"""Protocol behaviour of the development identity provider."""

from __future__ import annotations

import base64
import hashlib
from io import StringIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from rathaus.dev_idp import keys
from rathaus.dev_idp.models import AccessToken

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
CALLBACK = f"{BASE}/konto/oidc/callback/"
VERIFIER = "v" * 50


@pytest.fixture(autouse=True)
def _einstellungen(settings: Any) -> None:
    settings.RATHAUS_BASE_URL = BASE
    settings.RATHAUS_DEV_IDP = True
    settings.OIDC_RP_CLIENT_ID = "rathaus"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"


def _params(**extra: str) -> dict[str, str]:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
    return {
        "client_id": "rathaus",
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": "openid profile email address",
        "state": "s1",
        "nonce": "n1",
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
        **extra,
    }


def _code(client: Client, person: str = "anke-brandt", **extra: str) -> str:
    response = client.post("/dev-idp/authorize", {**_params(**extra), "person": person})
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["state"] == ["s1"]
    return query["code"][0]


def _token(client: Client, wert: str, **extra: str) -> Any:
    data = {
        "grant_type": "authorization_code",
        "code": wert,
        "redirect_uri": CALLBACK,
        "client_id": "rathaus",
        "client_secret": "geheim",
        "code_verifier": VERIFIER,
        **extra,
    }
    return client.post("/dev-idp/token", data)


def test_discovery_and_jwks() -> None:
    client = Client()
    doc = client.get("/dev-idp/.well-known/openid-configuration").json()
    assert doc["issuer"] == f"{BASE}/dev-idp"
    assert doc["token_endpoint"] == f"{BASE}/dev-idp/token"
    assert "S256" in doc["code_challenge_methods_supported"]
    assert "STORK-QAA-Level-4" in doc["acr_values_supported"]
    jwk = client.get("/dev-idp/jwks").json()["keys"][0]
    assert jwk["kid"] == keys.kid() and jwk["alg"] == "RS256" and "d" not in jwk


def test_full_code_flow() -> None:
    client = Client()
    body = _token(client, _code(client)).json()
    key = jwt.PyJWK(client.get("/dev-idp/jwks").json()["keys"][0])
    claims = jwt.decode(body["id_token"], key, algorithms=["RS256"], audience="rathaus")
    assert claims["acr"] == "STORK-QAA-Level-3"
    assert claims["nonce"] == "n1"
    assert claims["iss"] == f"{BASE}/dev-idp"
    info = client.get(
        "/dev-idp/userinfo", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}"
    ).json()
    assert info["sub"] == claims["sub"]
    assert info["surname"] == "Brandt" and info["localityName"] == "Stralsund"


def test_basic_client_auth() -> None:
    client = Client()
    code = _code(client)
    basic = base64.b64encode(b"rathaus:geheim").decode()
    response = client.post(
        "/dev-idp/token",
        {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
         "code_verifier": VERIFIER},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("extra", "status", "error"),
    [
        ({"client_secret": "falsch"}, 401, "invalid_client"),
        ({"code_verifier": "w" * 50}, 400, "invalid_grant"),
        ({"code_verifier": ""}, 400, "invalid_grant"),
        ({"redirect_uri": f"{BASE}/anders/"}, 400, "invalid_grant"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"code": "erfunden"}, 400, "invalid_grant"),
    ],
)
def test_token_errors(extra: dict[str, str], status: int, error: str) -> None:
    client = Client()
    response = _token(client, _code(client), **extra)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response["Cache-Control"] == "no-store"


def test_replay_revokes_tokens() -> None:
    client = Client()
    code = _code(client)
    first = _token(client, code).json()
    assert AccessToken.objects.count() == 1
    assert _token(client, code).json()["error"] == "invalid_grant"
    assert not AccessToken.objects.exists()
    response = client.get("/dev-idp/userinfo", HTTP_AUTHORIZATION=f"Bearer {first['access_token']}")
    assert response.status_code == 401


def test_unregistered_redirect_uri_is_never_followed() -> None:
    response = Client().get("/dev-idp/authorize", _params(redirect_uri="https://evil.example/cb"))
    assert response.status_code == 400
    assert "Rücksprungadresse" in response.content.decode()


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"prompt": "none"}, "login_required"),
        ({"code_challenge_method": "S512"}, "invalid_request"),
    ],
)
def test_authorize_errors_go_back(extra: dict[str, str], error: str) -> None:
    response = Client().get("/dev-idp/authorize", _params(**extra))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["error"] == [error] and query["state"] == ["s1"]


def test_person_below_requested_level_refused() -> None:
    response = Client().post(
        "/dev-idp/authorize",
        {**_params(acr_values="STORK-QAA-Level-4"), "person": "anke-brandt"},
    )
    assert response.status_code == 400


def test_form_lists_test_persons_in_english() -> None:
    page = Client().get("/dev-idp/authorize", _params(ui_locales="en")).content.decode()
    assert '<html lang="en">' in page
    assert "Erika Mustermann" in page
    assert "test" in page.lower()


def test_off_when_disabled(settings: Any) -> None:
    settings.RATHAUS_DEV_IDP = False
    client = Client()
    assert client.get("/dev-idp/.well-known/openid-configuration").status_code == 404
    assert client.get("/dev-idp/authorize", _params()).status_code == 404
    assert client.post("/dev-idp/token", {}).status_code == 404


def test_deploy_check_is_an_error_outside_development(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(SystemCheckError, match=r"\(rathaus\.E001\) The development identity"):
        call_command("check", deploy=True, stdout=StringIO(), stderr=StringIO())
    (meldung,) = [
        m for m in checks.run_checks(include_deployment_checks=True) if m.id == "rathaus.E001"
    ]
    assert meldung.level == checks.ERROR
    settings.RATHAUS_DEV_IDP = False
    ids = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "rathaus.E001" not in ids
    settings.RATHAUS_DEV_IDP = settings.DEBUG = True  # a development installation
    ids = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "rathaus.E001" not in ids
