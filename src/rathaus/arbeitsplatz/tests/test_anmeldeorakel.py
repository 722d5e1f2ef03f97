"""Issue 10: no login tells a right password from a wrong one, a password alone never
reaches a second factor, and wrong codes count on every way in (the admin's too).

Before: the workspace login answered a right password with a redirect to the code page (or,
without a device, to an enrolment page that showed a fresh key to whoever knew the
password); the admin login said "Bitte gebe das Einmalpasswort ein." and listed the
account's devices for a right password, "Bitte Benutzername und Passwort … eingeben" for a
wrong one; wrong codes at the admin login counted nowhere.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.arbeitsplatz.anmeldebremse import bremse
from rathaus.konten.models import Buerger

from .conftest import PASSWORT, mitarbeiter, totp_code

pytestmark = pytest.mark.django_db

ANMELDEN = "/arbeitsplatz/anmelden/"
ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def _codes_ohne_eigene_drossel(settings: Any) -> None:
    # django-otp's own delay after a wrong code would hide what axes and the backoff do.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def konten() -> dict[str, User]:
    from rathaus.akten.tests.factories import organisationseinheit

    oe = organisationseinheit("Hauptamt")
    anna = mitarbeiter("anna", oe)
    neu = mitarbeiter("neu", oe, totp=False)
    for user in (anna, neu):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    buerger = User.objects.create_user("buerger", password=PASSWORT)
    Buerger.objects.create(user=buerger, aussteller="http://idp", sub="b-1", vorname="Erika")
    return {"anna": anna, "neu": neu, "buerger": buerger}


def _falscher_code(user: User) -> str:
    geraet = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    richtig = totp_code(geraet) if geraet else ""
    return "000000" if richtig != "000000" else "111111"


def _gleich_gemacht(antwort: Any, username: str) -> tuple[int, str | None, str]:
    """Status, redirect and page, with what differs by nature taken out (the CSRF token of
    the form and the user name typed into it)."""
    text = antwort.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", text)
    text = text.replace(f'value="{username}"', 'value="NAME"')
    return antwort.status_code, antwort.get("Location"), text


def _versuche(konten: dict[str, User]) -> list[tuple[str, str, str]]:
    """(name, password, code): every way the password can be right while the login is not."""
    anna = konten["anna"]
    return [
        ("anna", "falsch", _falscher_code(anna)),  # wrong password
        ("anna", PASSWORT, _falscher_code(anna)),  # right password, wrong code
        ("neu", PASSWORT, "123456"),  # right password, no second factor yet
        ("neu", "falsch", "123456"),
        ("buerger", PASSWORT, "123456"),  # a citizen's account, right password
        ("niemand", PASSWORT, "123456"),  # no such account
    ]


def test_the_workspace_login_answers_a_right_password_like_a_wrong_one(
    konten: dict[str, User],
) -> None:
    antworten = []
    for n, (name, passwort, code) in enumerate(_versuche(konten)):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        antwort = client.post(ANMELDEN, {"username": name, "password": passwort, "code": code})
        antworten.append(_gleich_gemacht(antwort, name))
        assert "_auth_user_id" not in client.session
    assert all(antwort == antworten[0] for antwort in antworten), [a[:2] for a in antworten]
    assert antworten[0][0] == 400
    assert "Benutzername, Passwort oder Sicherheitscode ist falsch." in antworten[0][2]
    # Each counted once, for the name and address (axes) and for the name (backoff).
    assert bremse().fehlschlaege("anna") == 2
    assert bremse().fehlschlaege("neu") == 2
    assert bremse().fehlschlaege("buerger") == 1
    assert AccessAttempt.objects.filter(username="neu").count() == 2


def test_the_admin_login_answers_a_right_password_like_a_wrong_one(
    konten: dict[str, User],
) -> None:
    antworten = []
    for n, (name, passwort, code) in enumerate(_versuche(konten)):
        client = Client(REMOTE_ADDR=f"10.0.1.{n + 1}")
        for daten in (
            {"username": name, "password": passwort},  # the code asked for later …
            {"username": name, "password": passwort, "otp_token": code},
            {
                "username": name,
                "password": passwort,
                "otp_token": code,
                "otp_device": f"otp_totp.totpdevice/{konten['anna'].pk}",
            },
        ):
            antwort = client.post(ADMIN_LOGIN, daten)
            antworten.append(_gleich_gemacht(antwort, name))
            assert "_auth_user_id" not in client.session
    assert all(antwort == antworten[0] for antwort in antworten), [a[:2] for a in antworten]
    # It sends to the staff login, which comes back to the admin; no password was read.
    assert antworten[0][:2] == (302, f"{ANMELDEN}?weiter=%2Fadmin%2F")
    assert not AccessAttempt.objects.exists()
    assert bremse().fehlschlaege("anna") == 0


def _formular_absenden(client: Client, start: str, daten: dict[str, str], geraet: str) -> Any:
    """Open `start` (a login page, or a redirect to one) and post name, password and code
    into the form found there, under the names that form gives them."""
    seite = client.get(start, follow=True)
    text = seite.content.decode()
    form = next(f for f in re.findall(r"<form.*?</form>", text, re.S) if 'name="password"' in f)
    felder = set(re.findall(r'name="([^"]+)"', form))
    action = re.search(r'action="([^"]*)"', form)
    ziel = (action.group(1) if action and action.group(1) else seite.request["PATH_INFO"]).replace(
        "&amp;", "&"
    )
    werte = {"username": daten["username"], "password": daten["password"]}
    for name in ("code", "otp_token"):
        if name in felder:
            werte[name] = daten["code"]
    if "otp_device" in felder:
        werte["otp_device"] = geraet
    for name, wert in re.findall(r'type="hidden" name="(weiter|next)" value="([^"]*)"', form):
        werte[name] = wert
    return client.post(ziel, werte)


def test_wrong_codes_at_the_admin_count_like_wrong_passwords(konten: dict[str, User]) -> None:
    anna = konten["anna"]
    geraet = TOTPDevice.objects.get(user=anna)
    client = Client(REMOTE_ADDR="192.0.2.7")
    falsch = {"username": "anna", "password": PASSWORT, "code": _falscher_code(anna)}
    status = [
        _formular_absenden(client, ADMIN_LOGIN, falsch, geraet.persistent_id).status_code
        for _ in range(5)
    ]
    assert status[-1] == 429  # locked for this name at this address, as after 5 passwords
    assert bremse().fehlschlaege("anna") == 5
    assert AccessAttempt.objects.get(username="anna").failures_since_start == 5
    richtig = {**falsch, "code": totp_code(geraet)}
    antwort = _formular_absenden(client, ADMIN_LOGIN, richtig, geraet.persistent_id)
    assert antwort.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_admin_opens_after_the_staff_login(konten: dict[str, User]) -> None:
    anna = konten["anna"]
    geraet = TOTPDevice.objects.get(user=anna)
    client = Client()
    daten = {"username": "anna", "password": PASSWORT, "code": totp_code(geraet)}
    antwort = _formular_absenden(client, "/admin/katalog/leistung/", daten, geraet.persistent_id)
    assert antwort.status_code == 302 and antwort["Location"] == "/admin/katalog/leistung/"
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_never_shows_a_key(konten: dict[str, User]) -> None:
    neu = konten["neu"]
    client = Client()
    antwort = client.post(ANMELDEN, {"username": "neu", "password": PASSWORT, "code": "123456"})
    assert antwort.status_code == 400
    # The enrolment page of the first login is gone; nothing under the old address.
    seite = client.get("/arbeitsplatz/anmelden/einrichten/")
    assert seite.status_code == 404 and 'id="schluessel"' not in seite.content.decode()
    assert not TOTPDevice.objects.filter(user=neu).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/arbeitsplatz/").status_code == 302


def test_the_admin_login_sends_nowhere_else(konten: dict[str, User]) -> None:
    """The admin's `next` goes through the staff login's check of where to go on."""
    from rathaus.core.tests.otp import mit_zweitem_faktor

    anna = konten["anna"]
    anna.is_superuser = True
    anna.save(update_fields=["is_superuser"])
    boese = "/admin/login/?next=https://boese.example/admin/"
    antwort = Client().get(boese)
    assert antwort["Location"] == f"{ANMELDEN}?weiter=https%3A%2F%2Fboese.example%2Fadmin%2F"
    # Logged in already: straight on, but only to a page of this site.
    client = mit_zweitem_faktor(Client(), anna)
    assert client.get(boese)["Location"] == "/arbeitsplatz/"
    assert client.get("/admin/login/?next=/admin/auth/user/")["Location"] == "/admin/auth/user/"
