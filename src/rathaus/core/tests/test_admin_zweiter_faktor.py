"""The admin site needs the second factor, like the staff workspace: a password alone
never opens it."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.tests.otp import mit_zweitem_faktor

pytestmark = pytest.mark.django_db
PASSWORT = "richtig-geheim-42"


@pytest.fixture
def it_admin(settings):
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    user = User.objects.create_superuser("it-admin", password=PASSWORT)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _geraet(user: User) -> str:
    return TOTPDevice.objects.get(user=user).persistent_id


def _code(user: User) -> str:
    geraet = TOTPDevice.objects.get(user=user)
    totp = TOTP(geraet.bin_key, geraet.step, geraet.t0, geraet.digits, geraet.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_password_session_without_second_factor_is_sent_to_the_login(client, it_admin):
    client.force_login(it_admin)
    antwort = client.get("/admin/")
    assert antwort.status_code == 302 and antwort["Location"].startswith("/admin/login/")
    assert client.get("/admin/katalog/leistung/").status_code == 302


def test_login_needs_password_and_code(client, it_admin):
    seite = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in seite
    ohne = client.post("/admin/login/?next=/admin/", {"username": "it-admin", "password": PASSWORT})
    assert ohne.status_code == 200  # the form again, no session
    assert client.get("/admin/").status_code == 302
    falsch = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "it-admin",
            "password": PASSWORT,
            "otp_device": _geraet(it_admin),
            "otp_token": "000000",
        },
    )
    assert falsch.status_code == 200
    assert client.get("/admin/").status_code == 302
    richtig = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "it-admin",
            "password": PASSWORT,
            "otp_device": _geraet(it_admin),
            "otp_token": _code(it_admin),
        },
    )
    assert richtig.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_verified_session_opens_the_admin(client, it_admin):
    assert mit_zweitem_faktor(client, it_admin).get("/admin/").status_code == 200
