"""Staff login: name, password and TOTP code in one form, lockout, logout, no mixing with
citizens."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.models import Protokoll
from rathaus.konten.models import Buerger

from .conftest import PASSWORT, mitarbeiter, totp_code

pytestmark = pytest.mark.django_db

ANMELDEN = "/arbeitsplatz/anmelden/"


def _falsch(geraet: TOTPDevice) -> str:
    return "000000" if totp_code(geraet) != "000000" else "111111"


def _anmelden(
    client: Client, username: str, passwort: str = PASSWORT, code: str | None = None, **extra: Any
) -> Any:
    """Name, password and code in one post; without `code` the account's current one."""
    if code is None:
        geraet = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        code = totp_code(geraet) if geraet else "123456"
    return client.post(
        ANMELDEN, {"username": username, "password": passwort, "code": code, **extra}
    )


@pytest.fixture
def oe() -> Any:
    from rathaus.akten.tests.factories import organisationseinheit

    return organisationseinheit("Bürgerbüro")


def test_passwort_allein_reicht_nicht(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    response = client.post(ANMELDEN, {"username": "anna", "password": PASSWORT})
    assert response.status_code == 400
    assert "„Sicherheitscode“ ist eine Pflichtangabe." in response.content.decode()
    response = client.get("/arbeitsplatz/")
    assert response.status_code == 302 and response["Location"].startswith(ANMELDEN)
    assert "_auth_user_id" not in client.session
    response = _anmelden(client, "anna")
    assert response.status_code == 302 and response["Location"] == "/arbeitsplatz/"
    assert client.get("/arbeitsplatz/").status_code == 200
    assert Protokoll.objects.filter(aktion="arbeitsplatz.anmeldung", akteur=user).exists()


def test_falscher_code_und_weiterleitung(oe: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = mitarbeiter("anna", oe)
    geraet = TOTPDevice.objects.get(user=user)
    client = Client()
    response = _anmelden(client, "anna", code="12345")
    assert response.status_code == 400
    assert "genau sechs Ziffern" in response.content.decode()
    response = _anmelden(client, "anna", code=_falsch(geraet), weiter="/arbeitsplatz/suche/?q=Hund")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Benutzername, Passwort oder Sicherheitscode ist falsch." in text
    # The name stays, password and code are to be typed again.
    assert 'value="anna"' in text and f'value="{_falsch(geraet)}"' not in text
    assert 'name="weiter" value="/arbeitsplatz/suche/?q=Hund"' in text
    response = _anmelden(client, "anna", weiter="/arbeitsplatz/suche/?q=Hund")
    assert response["Location"] == "/arbeitsplatz/suche/?q=Hund"


def test_weiter_nur_in_den_arbeitsplatz_und_die_verwaltung(oe: Any) -> None:
    mitarbeiter("anna", oe)
    for weiter, ziel in (
        ("https://boese.example/", "/arbeitsplatz/"),
        ("/konto/", "/arbeitsplatz/"),
        ("/admin/logout/", "/arbeitsplatz/"),
        ("/arbeitsplatz/aktivieren/1/abc/", "/arbeitsplatz/"),
        ("/admin/katalog/leistung/", "/admin/katalog/leistung/"),
    ):
        TOTPDevice.objects.update(last_t=-1)
        response = _anmelden(Client(), "anna", weiter=weiter)
        assert response["Location"] == ziel, weiter


def test_falsches_passwort_in_der_fehleruebersicht(oe: Any) -> None:
    mitarbeiter("anna", oe)
    response = _anmelden(Client(), "anna", "falsch")
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="fehler-uebersicht"' in text
    assert "Benutzername, Passwort oder Sicherheitscode ist falsch." in text


def test_ohne_eingerichtetes_geraet_keine_anmeldung(oe: Any) -> None:
    user = mitarbeiter("neu", oe, totp=False)
    # An enrolment begun and never confirmed does not count either.
    TOTPDevice.objects.create(user=user, name="halb", confirmed=False)
    geraet = TOTPDevice.objects.get(user=user)
    client = Client()
    response = _anmelden(client, "neu", code=totp_code(geraet))
    assert response.status_code == 400
    assert "Benutzername, Passwort oder Sicherheitscode ist falsch." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/arbeitsplatz/anmelden/einrichten/").status_code == 404
    assert client.get("/arbeitsplatz/anmelden/code/").status_code == 404


def test_sperre_nach_fuenf_fehlversuchen(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    for _ in range(4):
        assert _anmelden(client, "anna", "falsch").status_code == 400
    response = _anmelden(client, "anna", "falsch")
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    # Now even the right password and code are refused, from this address ...
    response = _anmelden(client, "anna")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but not from another one: there the name only waits a moment (anmeldebremse:
    # 5 failures of the name from all addresses, 1 second), and not for another user.
    andere = Client(REMOTE_ADDR="10.0.0.7")
    warten = _anmelden(andere, "anna")
    assert warten.status_code == 429 and warten["Retry-After"] == "1"
    time.sleep(1.05)
    assert _anmelden(andere, "anna")["Location"] == "/arbeitsplatz/"
    mitarbeiter("bert", oe)
    assert _anmelden(client, "bert")["Location"] == "/arbeitsplatz/"
    # Attempts during the lockout count too (and keep it going).
    assert AccessAttempt.objects.get(username="anna").failures_since_start >= 5
    assert user.pk


def test_sperre_endet_nach_15_minuten(oe: Any) -> None:
    mitarbeiter("anna", oe)
    client = Client()
    for _ in range(5):
        _anmelden(client, "anna", "falsch")
    assert _anmelden(client, "anna").status_code == 429
    # Move the attempts 14 minutes back: still locked; 15 minutes: free again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert _anmelden(client, "anna").status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    time.sleep(1.05)  # the name's own wait after 5 failures (1 s) is over long before that
    assert _anmelden(client, "anna")["Location"] == "/arbeitsplatz/"


def test_falsche_codes_zaehlen_mit(oe: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = mitarbeiter("anna", oe)
    geraet = TOTPDevice.objects.get(user=user)
    client = Client()
    status = [_anmelden(client, "anna", code=_falsch(geraet)).status_code for _ in range(5)]
    assert status == [400, 400, 400, 400, 429]
    assert _anmelden(client, "anna").status_code == 429


def test_abmelden_nur_per_post(oe: Any, als: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = als(user)
    assert client.get("/arbeitsplatz/abmelden/").status_code == 405
    assert client.get("/arbeitsplatz/").status_code == 200
    response = client.post("/arbeitsplatz/abmelden/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/arbeitsplatz/").status_code == 302
    assert Protokoll.objects.filter(aktion="arbeitsplatz.abmeldung", akteur=user).exists()


def _buerger() -> User:
    user = User.objects.create_user("buerger-1", password=PASSWORT)
    Buerger.objects.create(user=user, aussteller="http://idp", sub="abc", vorname="Erika")
    return user


def test_buerger_kommt_nicht_in_den_arbeitsplatz(oe: Any) -> None:
    client = Client()
    client.force_login(_buerger())
    for pfad in ("/arbeitsplatz/", "/arbeitsplatz/aktenplan/", "/arbeitsplatz/suche/?q=x"):
        assert client.get(pfad).status_code == 403
    assert client.post("/arbeitsplatz/posteingang/", {}).status_code == 403


def test_buerger_kann_sich_nicht_als_mitarbeiter_anmelden(oe: Any) -> None:
    user = _buerger()
    # Even with a membership, a known password and a device, a citizen account is no staff
    # account.
    from rathaus.organisation.services import mitgliedschaft_add

    mitgliedschaft_add(user=user, organisationseinheit=oe, actor="test")
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    client = Client()
    response = _anmelden(client, "buerger-1")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_mitarbeiteranmeldung_wird_kein_buerger(oe: Any, als: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = als(user)
    client.get("/arbeitsplatz/")
    assert not Buerger.objects.filter(user=user).exists()
    # The citizen area treats the staff session as no citizen.
    response = client.get(reverse("konten:konto"))
    assert not Buerger.objects.exists()
    assert response.status_code in {200, 302, 403}


def test_konto_ohne_mitgliedschaft_ist_kein_mitarbeiter() -> None:
    user = User.objects.create_user("niemand", password=PASSWORT)
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    assert _anmelden(Client(), "niemand").status_code == 400


def test_unverifizierte_sitzung_wird_zur_anmeldung_geschickt(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    client.force_login(user)  # e.g. through the admin site: password only
    response = client.get("/arbeitsplatz/aktenplan/")
    assert response.status_code == 302
    assert response["Location"] == f"{ANMELDEN}?weiter=%2Farbeitsplatz%2Faktenplan%2F"
