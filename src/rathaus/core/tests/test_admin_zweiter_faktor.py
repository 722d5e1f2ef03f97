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
    # The admin's login is the staff login: name, password and code in one form.
    weiter = client.get("/admin/login/?next=/admin/")
    assert weiter.status_code == 302
    anmelden = weiter["Location"]
    assert anmelden == "/arbeitsplatz/anmelden/?weiter=%2Fadmin%2F"
    seite = client.get(anmelden).content.decode()
    assert 'name="code"' in seite and 'name="weiter" value="/admin/"' in seite
    daten = {"username": "it-admin", "password": PASSWORT, "weiter": "/admin/"}
    ohne = client.post(anmelden, daten)
    assert ohne.status_code == 400  # the form again, no session
    assert client.get("/admin/").status_code == 302
    falsch = client.post(
        anmelden, {**daten, "code": "000000" if _code(it_admin) != "000000" else "1"}
    )
    assert falsch.status_code == 400
    assert client.get("/admin/").status_code == 302
    richtig = client.post(anmelden, {**daten, "code": _code(it_admin)})
    assert richtig.status_code == 302 and richtig["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_verified_session_without_admin_rights_is_told_so(client, it_admin):
    """Logged in to the workspace but no admin: a page that says so, not a loop back to
    the login (which would send straight back to the admin)."""
    from rathaus.akten.tests.factories import organisationseinheit
    from rathaus.organisation.services import mitgliedschaft_add

    sb = User.objects.create_user("sb", password=PASSWORT)
    mitgliedschaft_add(user=sb, organisationseinheit=organisationseinheit("Amt"), actor="test")
    mit_zweitem_faktor(client, sb)
    antwort = client.get("/admin/", follow=True)
    assert antwort.status_code == 403
    assert "nur für Beschäftigte mit Administrationsrechten" in antwort.content.decode()


def test_verified_session_opens_the_admin(client, it_admin):
    assert mit_zweitem_faktor(client, it_admin).get("/admin/").status_code == 200
