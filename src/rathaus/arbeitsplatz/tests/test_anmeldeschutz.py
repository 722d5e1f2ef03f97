"""Staff logins behind the proxy and under attack: the lock holds one name at one client
address, across addresses the name only waits, and the person gets in all the while.

Every client here reaches Rathaus through the documented nginx: REMOTE_ADDR 127.0.0.1,
the client's address appended to X-Forwarded-For, RATHAUS_TRUSTED_PROXY_HOPS=1.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.arbeitsplatz.anmeldebremse import bremse
from rathaus.core.models import Protokoll

from .conftest import PASSWORT, mitarbeiter, totp_code

pytestmark = pytest.mark.django_db

ANMELDEN = "/arbeitsplatz/anmelden/"
BUERO = "198.51.100.20"


@pytest.fixture(autouse=True)
def _hinter_nginx(settings: Any) -> None:
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # codes are not what is tested here


@pytest.fixture
def anna() -> User:
    from rathaus.akten.tests.factories import organisationseinheit

    return mitarbeiter("anna", organisationseinheit("Bürgerbüro"))


def ueber_nginx(adresse: str, gefaelscht: str = "") -> Client:
    """A browser at `adresse`; `gefaelscht` is what it writes into X-Forwarded-For itself."""
    kopf = f"{gefaelscht}, {adresse}" if gefaelscht else adresse
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=kopf)


def passwort(
    client: Client, passwort: str = PASSWORT, username: str = "anna", code: str = "000000"
) -> Any:
    """A login with this password and (unless given) a code that is most likely wrong."""
    return client.post(ANMELDEN, {"username": username, "password": passwort, "code": code})


def anmelden(client: Client, user: User) -> bool:
    """Password and right code; True if the workspace opens."""
    # A code is accepted once; the logins of one test fall into the same 30 seconds.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    code = totp_code(TOTPDevice.objects.get(user=user))
    if passwort(client, code=code).get("Location") != "/arbeitsplatz/":
        return False
    return client.get("/arbeitsplatz/").status_code == 200


def test_a_guesser_behind_the_proxy_locks_only_his_own_address(anna: User) -> None:
    angreifer = ueber_nginx("203.0.113.9")
    status = [passwort(angreifer, "falsch").status_code for _ in range(7)]
    assert status == [400, 400, 400, 400, 429, 429, 429]
    assert passwort(angreifer).status_code == 429  # the right password too, from there
    # Before: everyone came from 127.0.0.1, so the lock held the whole office out.
    time.sleep(1.05)  # the name's short wait after 5 failures (see below)
    assert anmelden(ueber_nginx(BUERO), anna)
    versuch = AccessAttempt.objects.get()
    assert (versuch.username, versuch.ip_address) == ("anna", "203.0.113.9")


def test_a_forged_forwarded_for_does_not_escape_the_lock(anna: User) -> None:
    for n in range(5):
        passwort(ueber_nginx("203.0.113.9", gefaelscht=f"10.0.0.{n}"), "falsch")
    assert passwort(ueber_nginx("203.0.113.9", gefaelscht="10.9.9.9")).status_code == 429
    assert passwort(ueber_nginx("203.0.113.9", gefaelscht=BUERO)).status_code == 429


def _hoechstens_geprueft(sekunden: float, frei: int, deckel: int) -> int:
    """How many guesses the backoff lets through in `sekunden`: `frei`, then one per wait."""
    geprueft, verstrichen, warten = frei, 0.0, 1
    while verstrichen + warten <= sekunden:
        verstrichen += warten
        geprueft += 1
        warten = min(2 * warten, deckel)
    return geprueft


def test_many_addresses_cannot_keep_the_staff_out(anna: User, settings: Any) -> None:
    assert anmelden(ueber_nginx(BUERO), anna)  # her usual address
    geprueft = 0
    beginn = time.monotonic()
    for n in range(60):  # a guesser with many addresses
        antwort = passwort(ueber_nginx(f"203.0.113.{n + 1}"), f"rate-{n}")
        assert antwort.status_code in {400, 429}
        if antwort.status_code == 429:
            assert "Ihr Passwort wurde nicht geprüft" in antwort.content.decode()
            assert 1 <= int(antwort["Retry-After"]) <= 900
        else:
            geprueft += 1
    # Five free failures, then one per growing wait: however slow the machine, no more
    # guesses were tried than the waits allowed in the time the loop took.
    assert 5 <= geprueft <= _hoechstens_geprueft(time.monotonic() - beginn, 5, 900)
    assert bremse().fehlschlaege("anna") == geprueft
    # No address was locked (each tried once), nobody counted the refused ones.
    assert AccessAttempt.objects.filter(failures_since_start__gt=1).count() == 0
    assert AccessAttempt.objects.count() == geprueft

    # Meanwhile Anna logs in from her office as always, password and code.
    assert anmelden(ueber_nginx(BUERO), anna)
    assert Protokoll.objects.filter(aktion="arbeitsplatz.anmeldung", akteur=anna).count() == 2
    # The Protokoll knows the address only as a keyed hash.
    assert BUERO not in str(Protokoll.objects.filter(akteur=anna).values_list("details"))

    # The guesser goes on: his next guess that is tried closes the name afresh, from now on
    # for at most 4 s (a short cap keeps the test short; the per-address lock gets it too).
    settings.AXES_COOLOFF_TIME = 4 / 3600
    for n in range(120):
        antwort = passwort(ueber_nginx(f"198.18.0.{n + 1}"), f"weiter-{n}")
        if antwort.status_code == 400:
            geprueft += 1
            break
        time.sleep(0.25)
    assert antwort.status_code == 400
    # From a new address (a hotel) she is told how long to wait, and is not counted …
    hotel = ueber_nginx("192.0.2.44")
    antwort = passwort(hotel)
    assert antwort.status_code == 429
    frisch = min(2 ** (geprueft - 5), 4)
    assert int(antwort["Retry-After"]) in {frisch - 1, frisch}
    assert not AccessAttempt.objects.filter(ip_address="192.0.2.44").exists()
    assert bremse().fehlschlaege("anna") == geprueft
    # … and gets in once the wait is over, even while the guessing goes on.
    time.sleep(int(antwort["Retry-After"]) + 0.05)
    assert anmelden(hotel, anna)


def test_the_waits_grow_and_are_capped(anna: User, settings: Any) -> None:
    settings.AXES_COOLOFF_TIME = 4 / 3600  # cap (and lock) 4 seconds
    schranke = bremse()
    wartezeiten = []
    for n in range(9):
        schranke.fehlschlag("anna")
        wartezeiten.append(schranke.einlass("anna") if n >= 4 else 0)
    assert wartezeiten == [0, 0, 0, 0, 1, 2, 4, 4, 4]
    antwort = passwort(ueber_nginx("192.0.2.1"))
    assert antwort.status_code == 429 and antwort["Retry-After"] in {"3", "4"}


def test_wrong_codes_count_for_the_name_too(anna: User) -> None:
    client = ueber_nginx(BUERO)
    geraet = TOTPDevice.objects.get(user=anna)
    falsch = "000000" if totp_code(geraet) != "000000" else "111111"
    for _ in range(3):
        assert passwort(client, code=falsch).status_code == 400
    assert bremse().fehlschlaege("anna") == 3


def test_unknown_names_wait_alike(anna: User) -> None:
    """The wait says nothing about whether a name exists."""
    for name in ("anna", "niemand"):
        for n in range(5):
            passwort(ueber_nginx(f"203.0.113.{n + 1}"), "falsch", username=name)
        antwort = passwort(ueber_nginx("203.0.113.99"), "falsch", username=name)
        assert antwort.status_code == 429 and antwort["Retry-After"] == "1"


def test_the_admin_login_waits_too(anna: User) -> None:
    """The admin's login is the staff login, with its waits."""
    anna.is_staff = True
    anna.save()
    for n in range(5):
        passwort(ueber_nginx(f"203.0.113.{n + 1}"), "falsch")
    client = ueber_nginx("192.0.2.50")
    weiter = client.get("/admin/login/?next=/admin/")
    assert weiter.status_code == 302 and weiter["Location"].startswith(ANMELDEN)
    geraet = TOTPDevice.objects.get(user=anna)
    antwort = client.post(
        weiter["Location"],
        {"username": "anna", "password": PASSWORT, "code": totp_code(geraet), "weiter": "/admin/"},
    )
    assert antwort.status_code == 429  # wait, password unread
    assert "_auth_user_id" not in client.session
    assert bremse().fehlschlaege("anna") == 5
