"""Properties that docs/sicherheit.md claims and no other test asserted: the browser
security headers on every kind of page, the flags of the session cookie, a staff login that
renews the session id, a TOTP code that opens one login only, a password taken exactly as
typed, TRACE refused, log lines that stay one JSON object in UTC, and the generic page of an
unexpected error. Each holds today; the tests keep it so (OWASP ASVS 5.0 ids in the names'
docstrings)."""

from __future__ import annotations

import json
import logging
import re
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.akten.tests.factories import organisationseinheit
from rathaus.arbeitsplatz.tests.conftest import PASSWORT, mitarbeiter, totp_code
from rathaus.core.logging import JsonFormatter

pytestmark = pytest.mark.django_db

ANMELDEN = "/arbeitsplatz/anmelden/"

# Pages of every kind: portal, a form with a POST, citizen and staff login, the API (JSON),
# a page that does not exist.
SEITEN = [
    "/",
    "/barrierefreiheit/",
    "/en/suche/?q=Hund",
    "/konto/anmelden/",
    ANMELDEN,
    "/api/v1/leistungen/",
    "/gibt-es-nicht/",
]


def _geheim(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("SELECT passwort FROM geheim WHERE schluessel='s3cr3t'")


# Only for test_an_unexpected_error_shows_the_generic_page (pytest.mark.urls).
urlpatterns = [path("kaputt/", _geheim)]


def _anna() -> Any:
    return mitarbeiter("anna", organisationseinheit("Bürgerbüro"))


def _anmelden(client: Client, passwort: str, code: str) -> Any:
    return client.post(ANMELDEN, {"username": "anna", "password": passwort, "code": code})


@pytest.mark.parametrize("pfad", SEITEN)
def test_every_page_sends_the_browser_security_headers(pfad: str) -> None:
    """V3.4.3, V3.4.4, V3.4.5, V3.4.6: nosniff, a referrer policy that keeps paths on
    this site, a CSP that forbids framing, plugins, inline script and a <base> element."""
    antwort = Client().get(pfad)
    assert antwort["X-Content-Type-Options"] == "nosniff"
    assert antwort["Referrer-Policy"] == "same-origin"
    assert antwort["X-Frame-Options"] == "DENY"
    csp = {
        teil.split()[0]: teil.split()[1:]
        for teil in antwort["Content-Security-Policy"].split(";")
        if teil.strip()
    }
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]


def test_the_session_cookie_is_httponly_and_samesite_lax() -> None:
    """V3.3.2, V3.3.4: the session cookie is out of reach of scripts and not sent with
    cross-site subrequests; the CSRF cookie is SameSite=Lax too."""
    anna = _anna()
    client = Client()
    seite = client.get(ANMELDEN)
    antwort = _anmelden(client, PASSWORT, totp_code(TOTPDevice.objects.get(user=anna)))
    assert antwort.status_code == 302
    sitzung = antwort.cookies[settings.SESSION_COOKIE_NAME]
    assert sitzung["httponly"] is True
    assert sitzung["samesite"] == "Lax"
    assert seite.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


def test_the_staff_login_gives_a_new_session_id() -> None:
    """V7.2.4: a session id known before the staff login (fixation) opens nothing after."""
    anna = _anna()
    client = Client()
    session = client.session
    session["probe"] = 1
    session.save()
    vorher = session.session_key
    assert vorher is not None
    antwort = _anmelden(client, PASSWORT, totp_code(TOTPDevice.objects.get(user=anna)))
    assert antwort.status_code == 302
    assert client.session.session_key != vorher
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    assert not store.exists(vorher)


def test_a_totp_code_opens_one_login_only() -> None:
    """V6.5.1: the code of one login does not open a second one, even within its 30 s."""
    anna = _anna()
    code = totp_code(TOTPDevice.objects.get(user=anna))
    erste = Client()
    assert _anmelden(erste, PASSWORT, code).status_code == 302
    zweite = Client()
    antwort = _anmelden(zweite, PASSWORT, code)
    assert antwort.status_code == 400
    assert "Benutzername, Passwort oder Sicherheitscode ist falsch." in antwort.content.decode()
    assert "_auth_user_id" not in zweite.session


def test_the_password_is_masked_and_taken_exactly_as_typed() -> None:
    """V6.2.6, V6.2.8, V6.2.9: a password field, no value echoed; a long password with
    spaces and capitals is valid and is neither trimmed nor lower-cased at the login."""
    seite = Client().get(ANMELDEN).content.decode()
    (feld,) = re.findall(r'<input[^>]*name="password"[^>]*>', seite)
    assert 'type="password"' in feld and "value=" not in feld
    anna = _anna()
    passwort = "  Ein Satz mit Leerzeichen, Großbuchstaben und 80 Zeichen: Möwe über Strela.  "
    assert len(passwort) >= 64
    password_validation.validate_password(passwort, anna)
    anna.set_password(passwort)
    anna.save()
    geraet = TOTPDevice.objects.get(user=anna)
    assert _anmelden(Client(), passwort.strip(), totp_code(geraet)).status_code == 400
    assert _anmelden(Client(), passwort.lower(), totp_code(geraet)).status_code == 400
    assert _anmelden(Client(), passwort, totp_code(geraet)).status_code == 302


@pytest.mark.parametrize(
    "pfad", ["/", "/barrierefreiheit/", "/konto/", ANMELDEN, "/api/v1/leistungen/", "/healthz"]
)
def test_trace_is_refused_and_never_echoes(pfad: str) -> None:
    """V13.4.4: TRACE is not supported; nothing of the request comes back."""
    antwort = Client().generic("TRACE", pfad, HTTP_X_PROBE="spur-7f3a")
    assert antwort.status_code == 405
    assert b"spur-7f3a" not in antwort.content


def test_log_lines_stay_one_json_object_in_utc(caplog: pytest.LogCaptureFixture) -> None:
    """V16.2.2, V16.4.1: a path carrying CR/LF and a forged JSON line is logged as one line
    whose fields read back exactly; the time is UTC with its offset."""
    with caplog.at_level(logging.INFO, logger="rathaus.request"):
        Client().get('/leistungen/x%0D%0A{"level": "CRITICAL"}/')
    (eintrag,) = [r for r in caplog.records if r.name == "rathaus.request"]
    zeile = JsonFormatter().format(eintrag)
    assert "\n" not in zeile and "\r" not in zeile
    gelesen = json.loads(zeile)
    assert gelesen["path"] == '/leistungen/x\r\n{"level": "CRITICAL"}/'
    assert gelesen["level"] == "INFO"
    assert gelesen["ts"].endswith("+00:00")


@pytest.mark.urls(__name__)
def test_an_unexpected_error_shows_the_generic_page(caplog: pytest.LogCaptureFixture) -> None:
    """V16.5.1, V16.3.4: the visitor gets the generic page without any detail of the
    error; the log has the error with its traceback."""
    with caplog.at_level(logging.ERROR, logger="django.request"):
        antwort = Client(raise_request_exception=False).get("/kaputt/")
    assert antwort.status_code == 500
    text = antwort.content.decode()
    assert "Technischer Fehler" in text
    for detail in ("SELECT", "s3cr3t", "RuntimeError", "Traceback", "_geheim"):
        assert detail not in text, detail
    (fehler,) = [r for r in caplog.records if r.name == "django.request"]
    assert fehler.levelno == logging.ERROR and fehler.exc_info is not None
    assert "s3cr3t" in JsonFormatter().format(fehler)
