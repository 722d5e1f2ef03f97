"""Fixtures of the konten tests: the development identity provider reached through the
Django test client instead of sockets (the e2e test does the same flow over real HTTP)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.cache import cache
from django.test import Client
from requests.structures import CaseInsensitiveDict

BASE = "http://testserver"

Hook = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Netz:
    """Routes requests' calls to the dev IdP; hooks may rewrite its answers (attacks)."""

    token_hook: Hook | None = None
    userinfo_hook: Hook | None = None

    def _antwort(self, url: str, django_response: Any, hook: Hook | None) -> requests.Response:
        response = requests.Response()
        response.status_code = django_response.status_code
        response.url = url
        response.headers = CaseInsensitiveDict(dict(django_response.headers))
        content = django_response.content
        if hook is not None and response.status_code == 200:
            import json

            content = json.dumps(hook(json.loads(content))).encode()
        response._content = content
        return response

    def get(self, url: str, headers: dict[str, str] | None = None, **_: Any) -> requests.Response:
        extra = {"HTTP_AUTHORIZATION": headers["Authorization"]} if headers else {}
        path = urlsplit(url).path
        hook = self.userinfo_hook if path.endswith("/userinfo") else None
        return self._antwort(url, Client().get(path, **extra), hook)

    def post(self, url: str, data: dict[str, str] | None = None, **_: Any) -> requests.Response:
        path = urlsplit(url).path
        hook = self.token_hook if path.endswith("/token") else None
        return self._antwort(url, Client().post(path, data or {}), hook)


@pytest.fixture(autouse=True)
def _konten_settings(settings: Any) -> Iterator[None]:
    settings.RATHAUS_BASE_URL = BASE
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def netz(monkeypatch: pytest.MonkeyPatch) -> Netz:
    netz = Netz()
    monkeypatch.setattr(requests, "get", netz.get)
    monkeypatch.setattr(requests, "post", netz.post)
    return netz


def idp_formular(client: Client, start: str) -> tuple[str, dict[str, str]]:
    """Follow the RP's redirect to the IdP; return the authorize URL and its parameters."""
    response = client.get(start)
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    params = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    return location, params


def idp_anmelden(client: Client, params: dict[str, str], person: str) -> str:
    """Submit the IdP's login form; return the callback URL it sends the browser to."""
    response = client.post("/dev-idp/authorize", {**params, "person": person, "aktion": "x"})
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"]).removeprefix(BASE)


def oidc_login(
    client: Client, person: str = "erika-mustermann", start: str = "/konto/oidc/start/"
) -> Any:
    """The whole authorization code flow; returns the callback's response."""
    _, params = idp_formular(client, start)
    return client.get(idp_anmelden(client, params, person))
