from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.akten.models import Akte
from rathaus.arbeitsplatz.demo import DEMO_PASSWORT, DEMO_TOTP_KEY
from rathaus.katalog.demo.laden import demo_load
from rathaus.organisation.models import Mitgliedschaft

pytestmark = pytest.mark.django_db


def test_ohne_organisationseinheiten_klare_meldung() -> None:
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_personal", stdout=StringIO(), stderr=StringIO())
    assert not User.objects.exists()


def test_demo_personal_idempotent_und_anmeldbar(settings: Any) -> None:
    demo_load(actor="load_demo", admin=False)
    out = StringIO()
    call_command("load_demo_personal", stdout=out, stderr=StringIO())
    assert "erst `rathaus load_demo_akten`" in out.getvalue()
    call_command("load_demo_akten", stdout=StringIO(), stderr=StringIO())
    call_command("load_demo_personal", stdout=StringIO(), stderr=StringIO())
    assert Akte.objects.filter(betreff="Wohngeld Musterfrau, Erika", zda_am=None).exists()
    stand = (User.objects.count(), Mitgliedschaft.objects.count(), Akte.objects.count())
    out = StringIO()
    call_command("load_demo_personal", stdout=out, stderr=StringIO())
    assert (User.objects.count(), Mitgliedschaft.objects.count(), Akte.objects.count()) == stand
    assert "Demo-Akten neu:             0" in out.getvalue()
    leitung = User.objects.get(username="leitung.ordnungsamt")
    assert leitung.has_perm("akten.reopen_akte")
    assert TOTPDevice.objects.get(user=leitung).key == DEMO_TOTP_KEY
    # The Gewerbe clerks fix the demo service's fee range with their decision.
    assert User.objects.get(username="sb.gewerbe").has_perm("zahlungen.festsetzen")
    assert not User.objects.get(username="sb.wohngeld").has_perm("zahlungen.festsetzen")

    code = StringIO()
    call_command("demo_totp", "sb.wohngeld", stdout=code)
    client = Client()
    response = client.post(
        "/arbeitsplatz/anmelden/",
        {"username": "sb.wohngeld", "password": DEMO_PASSWORT, "code": code.getvalue().strip()},
    )
    assert response["Location"] == "/arbeitsplatz/"
    seite = client.get("/arbeitsplatz/").content.decode()
    assert "Wohngeldstelle" in seite


def test_demo_totp_verweigert_echte_konten() -> None:
    user = User.objects.create_user("echt")
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    with pytest.raises(CommandError, match="kein Demo-Konto"):
        call_command("demo_totp", "echt", stdout=StringIO())
    # A demo name with a real (random) key is refused as well.
    user = User.objects.create_user("sb.wohngeld")
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    with pytest.raises(CommandError):
        call_command("demo_totp", "sb.wohngeld", stdout=StringIO())


def test_demo_admin_gets_the_demo_second_factor_and_fachadmin_may_enter_the_admin(db):
    from django.core.management import call_command

    from rathaus.arbeitsplatz.demo import demo_code

    call_command("load_demo", verbosity=0)
    call_command("load_demo_personal", verbosity=0)
    assert len(demo_code("admin")) == 6
    assert User.objects.get(username="fachadmin").is_staff
    assert not User.objects.get(username="sb.gewerbe").is_staff
    # `make run`: the admin's login is the staff login, with the demo password and code.
    client = Client()
    weiter = client.get("/admin/")
    weiter = client.get(weiter["Location"])
    assert weiter["Location"] == "/arbeitsplatz/anmelden/?weiter=%2Fadmin%2F"
    response = client.post(
        weiter["Location"],
        {
            "username": "admin",
            "password": DEMO_PASSWORT,
            "code": demo_code("admin"),
            "weiter": "/admin/",
        },
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
