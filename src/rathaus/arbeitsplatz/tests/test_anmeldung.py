"""Staff login: password + TOTP, enrolment, lockout, logout, no mixing with citizens."""

from __future__ import annotations

import re
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
CODE = "/arbeitsplatz/anmelden/code/"
EINRICHTEN = "/arbeitsplatz/anmelden/einrichten/"


def _passwort(client: Client, username: str, passwort: str = PASSWORT, **extra: Any) -> Any:
    return client.post(ANMELDEN, {"username": username, "password": passwort, **extra})


@pytest.fixture
def oe() -> Any:
    from rathaus.akten.tests.factories import organisationseinheit

    return organisationseinheit("Bürgerbüro")


def test_passwort_allein_reicht_nicht(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    response = _passwort(client, "anna")
    assert response.status_code == 302 and response["Location"] == CODE
    # Not logged in yet: the workspace still sends to the login.
    response = client.get("/arbeitsplatz/")
    assert response.status_code == 302 and response["Location"].startswith(ANMELDEN)
    assert "_auth_user_id" not in client.session
    response = client.post(CODE, {"code": totp_code(TOTPDevice.objects.get(user=user))})
    assert response.status_code == 302 and response["Location"] == "/arbeitsplatz/"
    assert client.get("/arbeitsplatz/").status_code == 200
    assert Protokoll.objects.filter(aktion="arbeitsplatz.anmeldung", akteur=user).exists()


def test_falscher_code_und_weiterleitung(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    geraet = TOTPDevice.objects.get(user=user)
    client = Client()
    _passwort(client, "anna", weiter="/arbeitsplatz/suche/?q=Hund")
    response = client.post(CODE, {"code": "12345"})
    assert response.status_code == 400
    assert "genau sechs Ziffern" in response.content.decode()
    falsch = "000000" if totp_code(geraet) != "000000" else "111111"
    response = client.post(CODE, {"code": falsch})
    assert response.status_code == 400
    assert "Der Code ist falsch" in response.content.decode()
    geraet.refresh_from_db()
    geraet.throttling_failure_count = 0
    geraet.save()
    response = client.post(CODE, {"code": totp_code(geraet)})
    assert response["Location"] == "/arbeitsplatz/suche/?q=Hund"


def test_weiter_nur_in_den_arbeitsplatz(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    _passwort(client, "anna", weiter="https://boese.example/")
    response = client.post(CODE, {"code": totp_code(TOTPDevice.objects.get(user=user))})
    assert response["Location"] == "/arbeitsplatz/"


def test_falsches_passwort_nennt_das_feld(oe: Any) -> None:
    mitarbeiter("anna", oe)
    response = _passwort(Client(), "anna", "falsch")
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_password"' in text and "Benutzername oder Passwort ist falsch" in text


def test_erste_anmeldung_erzwingt_einrichtung(oe: Any) -> None:
    user = mitarbeiter("neu", oe, totp=False)
    client = Client()
    response = _passwort(client, "neu")
    assert response["Location"] == EINRICHTEN
    assert client.get(CODE)["Location"] == EINRICHTEN
    response = client.get(EINRICHTEN)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and 'role="img"' in text and "style=" not in text.split("<svg")[1]
    geraet = TOTPDevice.objects.get(user=user)
    assert not geraet.confirmed
    secret = re.search(r'id="schluessel">([A-Z2-7 ]+)<', text)
    assert secret is not None
    # A second visit shows the same key, no second device.
    client.get(EINRICHTEN)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    response = client.post(EINRICHTEN, {"code": "000000" if totp_code(geraet) != "000000" else "1"})
    assert response.status_code == 400
    geraet.refresh_from_db()
    geraet.throttling_failure_count = 0
    geraet.save()
    response = client.post(EINRICHTEN, {"code": totp_code(geraet)})
    assert response.status_code == 302
    geraet.refresh_from_db()
    assert geraet.confirmed
    assert client.get("/arbeitsplatz/").status_code == 200
    assert Protokoll.objects.filter(aktion="arbeitsplatz.totp.eingerichtet").exists()
    # Enrolment cannot be repeated by whoever knows the password.
    client2 = Client()
    _passwort(client2, "neu")
    assert client2.get(EINRICHTEN)["Location"] == CODE


def test_einrichtung_nur_nach_passwort() -> None:
    assert Client().get(EINRICHTEN)["Location"] == ANMELDEN
    assert Client().get(CODE)["Location"] == ANMELDEN


def test_sperre_nach_fuenf_fehlversuchen(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    for _ in range(4):
        assert _passwort(client, "anna", "falsch").status_code == 400
    response = _passwort(client, "anna", "falsch")
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    # Now even the right password is refused, from this address ...
    response = _passwort(client, "anna")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but not from another one: there the name only waits a moment (anmeldebremse:
    # 5 failures of the name from all addresses, 1 second), and not for another user.
    andere = Client(REMOTE_ADDR="10.0.0.7")
    warten = _passwort(andere, "anna")
    assert warten.status_code == 429 and warten["Retry-After"] == "1"
    time.sleep(1.05)
    assert _passwort(andere, "anna")["Location"] == CODE
    mitarbeiter("bert", oe)
    assert _passwort(client, "bert")["Location"] == CODE
    # Attempts during the lockout count too (and keep it going).
    assert AccessAttempt.objects.get(username="anna").failures_since_start >= 5
    assert user.pk


def test_sperre_endet_nach_15_minuten(oe: Any) -> None:
    mitarbeiter("anna", oe)
    client = Client()
    for _ in range(5):
        _passwort(client, "anna", "falsch")
    assert _passwort(client, "anna").status_code == 429
    # Move the attempts 14 minutes back: still locked; 15 minutes: free again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert _passwort(client, "anna").status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    time.sleep(1.05)  # the name's own wait after 5 failures (1 s) is over long before that
    assert _passwort(client, "anna")["Location"] == CODE


def test_falsche_codes_zaehlen_mit(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    geraet = TOTPDevice.objects.get(user=user)
    client = Client()
    _passwort(client, "anna")
    falsch = "000000" if totp_code(geraet) != "000000" else "111111"
    status = [client.post(CODE, {"code": falsch}).status_code for _ in range(5)]
    assert status[-1] == 429
    assert _passwort(client, "anna").status_code == 429


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
    # Even with a membership and a known password, a citizen account is no staff account.
    from rathaus.organisation.services import mitgliedschaft_add

    mitgliedschaft_add(user=user, organisationseinheit=oe, actor="test")
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    response = _passwort(Client(), "buerger-1")
    assert response.status_code == 400


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
    User.objects.create_user("niemand", password=PASSWORT)
    assert _passwort(Client(), "niemand").status_code == 400


def test_unverifizierte_sitzung_wird_zur_anmeldung_geschickt(oe: Any) -> None:
    user = mitarbeiter("anna", oe)
    client = Client()
    client.force_login(user)  # e.g. through the admin site: password only
    response = client.get("/arbeitsplatz/aktenplan/")
    assert response.status_code == 302
    assert response["Location"] == f"{ANMELDEN}?weiter=%2Farbeitsplatz%2Faktenplan%2F"
