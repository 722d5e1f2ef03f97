"""The deploy check for demo staff: an account a stranger can enter with what the README
prints (the public demo TOTP key or the demo password) is an error."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.arbeitsplatz.demo import DEMO_PASSWORT, DEMO_TOTP_KEY

pytestmark = pytest.mark.django_db


def _demo_meldung() -> checks.CheckMessage | None:
    for meldung in checks.run_checks(include_deployment_checks=True):
        if meldung.id == "rathaus.E003":
            return meldung
    return None


def test_an_account_with_the_public_totp_key_is_an_error() -> None:
    echt = User.objects.create_user("m.mueller", password="ein-echtes-passwort-91")
    TOTPDevice.objects.create(user=echt, name="Handy", key=DEMO_TOTP_KEY.upper(), confirmed=True)
    meldung = _demo_meldung()
    assert meldung is not None and meldung.level == checks.ERROR
    assert "m.mueller" in meldung.msg
    with pytest.raises(SystemCheckError, match=r"\(rathaus\.E003\)"):
        call_command("check", deploy=True, stdout=StringIO(), stderr=StringIO())


def test_a_demo_account_with_the_demo_password_is_an_error() -> None:
    User.objects.create_user("sb.gewerbe", password=DEMO_PASSWORT)
    User.objects.create_user("admin", password=DEMO_PASSWORT)
    meldung = _demo_meldung()
    assert meldung is not None
    assert "admin" in meldung.msg and "sb.gewerbe" in meldung.msg


def test_demo_names_with_own_passwords_and_keys_pass() -> None:
    gesichert = User.objects.create_user("sb.gewerbe", password="neu-gesetzt-und-geheim-7")
    TOTPDevice.objects.create(user=gesichert, name="Handy", confirmed=True)  # a random key
    User.objects.create_user("fremd", password=DEMO_PASSWORT)  # not a demo account name
    passwort_vorher = User.objects.get(username="sb.gewerbe").password
    assert _demo_meldung() is None
    # the check only reads: no password hash is rewritten
    assert User.objects.get(username="sb.gewerbe").password == passwort_vorher
