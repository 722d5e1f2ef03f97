"""Activation links (issue 10): the one way to a password and a second factor.

An administrator creates the link (command or admin action); it is random, stored hashed,
bound to its account, valid 72 hours and once. Hostile cases: a used, expired, replaced,
altered or foreign link, wrong codes during enrolment, a second visitor of the link.
"""

from __future__ import annotations

import re
from base64 import b32encode
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.arbeitsplatz import services
from rathaus.arbeitsplatz.anmeldebremse import bremse
from rathaus.arbeitsplatz.models import Aktivierung
from rathaus.arbeitsplatz.selectors import aktivierung_hash
from rathaus.arbeitsplatz.views.aktivierung import SITZUNG
from rathaus.arbeitsplatz.zugang import aktivierung_link
from rathaus.core.models import Protokoll
from rathaus.core.tests.otp import mit_zweitem_faktor

from .conftest import PASSWORT, mitarbeiter, totp_code

pytestmark = pytest.mark.django_db

NEU = "Neu-und-lang-genug-2026"
UNGUELTIG = "Dieser Aktivierungslink gilt nicht"


@pytest.fixture(autouse=True)
def _codes_ohne_eigene_drossel(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def oe() -> Any:
    from rathaus.akten.tests.factories import organisationseinheit

    return organisationseinheit("Hauptamt")


@pytest.fixture
def neu(oe: Any) -> User:
    return mitarbeiter("neu", oe, totp=False)


def _pfad(link: str) -> str:
    assert link.startswith(settings.RATHAUS_BASE_URL + "/arbeitsplatz/aktivieren/")
    return link.removeprefix(settings.RATHAUS_BASE_URL)


def _link(user: User, actor: str = "it-test") -> str:
    _aktivierung, token = services.aktivierung_create(user=user, actor=actor)
    return _pfad(aktivierung_link(konto_id=user.pk, token=token))


def _geraet(client: Client) -> TOTPDevice:
    """The unconfirmed device of this browser's visit of the link."""
    return TOTPDevice.objects.get(pk=client.session[SITZUNG]["geraet"])


def _falsch(geraet: TOTPDevice) -> str:
    return "000000" if totp_code(geraet) != "000000" else "111111"


def _absenden(client: Client, pfad: str, code: str, passwort: str = NEU, **extra: str) -> Any:
    return client.post(pfad, {"passwort1": passwort, "passwort2": passwort, "code": code, **extra})


def _anmelden(client: Client, username: str, passwort: str, code: str) -> Any:
    daten = {"username": username, "password": passwort, "code": code}
    return client.post("/arbeitsplatz/anmelden/", daten)


def _aktionen(user: User) -> list[str]:
    return list(
        Protokoll.objects.filter(objekt_typ="auth.user", objekt_id=str(user.pk))
        .order_by("pk")
        .values_list("aktion", flat=True)
    )


def test_the_link_sets_password_and_app_and_logs_in(neu: User) -> None:
    pfad = _link(neu)
    client = Client()
    seite = client.get(pfad)
    assert seite.status_code == 200
    text = seite.content.decode()
    assert "<svg" in text and 'role="img"' in text and "style=" not in text.split("<svg")[1]
    geraet = _geraet(client)
    assert not geraet.confirmed
    secret = re.search(r'id="schluessel">([A-Z2-7 ]+)<', text)
    assert secret is not None
    assert secret.group(1).replace(" ", "") == b32encode(geraet.bin_key).decode()
    # A second look in the same browser: the same key, no second device.
    client.get(pfad)
    assert TOTPDevice.objects.filter(user=neu).count() == 1

    antwort = _absenden(client, pfad, totp_code(geraet))
    assert antwort.status_code == 302 and antwort["Location"] == "/arbeitsplatz/"
    assert client.get("/arbeitsplatz/").status_code == 200
    geraet.refresh_from_db()
    neu.refresh_from_db()
    assert geraet.confirmed and neu.check_password(NEU)
    assert Aktivierung.objects.get(user=neu).verwendet_am is not None
    assert _aktionen(neu) == [
        "arbeitsplatz.aktivierung.erstellt",
        "arbeitsplatz.totp.einrichtung_begonnen",
        "arbeitsplatz.aktivierung.verwendet",
        "arbeitsplatz.totp.eingerichtet",
        "arbeitsplatz.anmeldung",
    ]
    erstellt = Protokoll.objects.get(aktion="arbeitsplatz.aktivierung.erstellt")
    assert erstellt.akteur_name == "it-test"
    # From now on the ordinary login: name, new password, code of the app.
    anderer = Client()
    antwort = _anmelden(anderer, "neu", NEU, totp_code(geraet, versatz=1))
    assert antwort["Location"] == "/arbeitsplatz/"


def test_a_used_link_opens_nothing(neu: User) -> None:
    pfad = _link(neu)
    client = Client()
    client.get(pfad)
    geraet = _geraet(client)
    assert _absenden(client, pfad, totp_code(geraet)).status_code == 302
    stand = (neu.__class__.objects.get(pk=neu.pk).password, TOTPDevice.objects.count())
    for besucher in (client, Client()):
        seite = besucher.get(pfad)
        assert seite.status_code == 404 and UNGUELTIG in seite.content.decode()
        antwort = _absenden(besucher, pfad, totp_code(geraet, versatz=1), passwort="Anderes-2026-x")
        assert antwort.status_code == 404
    assert (User.objects.get(pk=neu.pk).password, TOTPDevice.objects.count()) == stand


def test_an_expired_link_opens_nothing(neu: User) -> None:
    pfad = _link(neu)
    Aktivierung.objects.update(gueltig_bis=timezone.now() - timedelta(seconds=1))
    client = Client()
    assert client.get(pfad).status_code == 404
    assert _absenden(client, pfad, "123456").status_code == 404
    assert not TOTPDevice.objects.filter(user=neu).exists()
    assert not User.objects.get(pk=neu.pk).has_usable_password()


def test_a_link_expires_between_opening_and_sending(neu: User) -> None:
    pfad = _link(neu)
    client = Client()
    client.get(pfad)
    geraet = _geraet(client)
    Aktivierung.objects.update(gueltig_bis=timezone.now() - timedelta(seconds=1))
    assert _absenden(client, pfad, totp_code(geraet)).status_code == 404
    geraet.refresh_from_db()
    assert not geraet.confirmed


def test_the_link_of_one_account_opens_no_other(neu: User, oe: Any) -> None:
    anna = mitarbeiter("anna", oe)
    anna_passwort = anna.password
    pfad = _link(neu)
    konto, token = re.fullmatch(r"/arbeitsplatz/aktivieren/(\d+)/([^/]+)/", pfad).groups()  # type: ignore[union-attr]
    assert int(konto) == neu.pk
    fremd = f"/arbeitsplatz/aktivieren/{anna.pk}/{token}/"
    client = Client()
    assert client.get(fremd).status_code == 404
    assert _absenden(client, fremd, "123456").status_code == 404
    assert User.objects.get(pk=anna.pk).password == anna_passwort
    assert TOTPDevice.objects.filter(user=anna, confirmed=True).count() == 1
    # Nor the stored hash of the other account's row, were it ever read.
    zeile = Aktivierung.objects.get(user=neu).token_sha256
    assert client.get(f"/arbeitsplatz/aktivieren/{neu.pk}/{zeile}/").status_code == 404
    assert zeile == aktivierung_hash(konto_id=neu.pk, token=token)
    # The link still works for its own account.
    assert client.get(pfad).status_code == 200


@pytest.mark.parametrize(
    "aendern",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t[:-1],
        lambda t: t + "x",
        lambda t: t.upper(),
        lambda t: "",
        lambda t: "%00" + t,
        lambda t: "a" * 5000,
    ],
)
def test_an_altered_token_opens_nothing(neu: User, aendern: Any) -> None:
    pfad = _link(neu)
    token = pfad.rstrip("/").rsplit("/", 1)[1]
    falsch = f"/arbeitsplatz/aktivieren/{neu.pk}/{aendern(token)}/"
    client = Client()
    assert client.get(falsch).status_code == 404
    assert client.post(falsch, {"passwort1": NEU, "passwort2": NEU, "code": "1"}).status_code == 404
    assert client.get(f"/arbeitsplatz/aktivieren/999999/{token}/").status_code == 404
    assert not TOTPDevice.objects.filter(user=neu).exists()


def test_wrong_codes_during_enrolment_count_and_lock(neu: User) -> None:
    pfad = _link(neu)
    client = Client(REMOTE_ADDR="198.51.100.3")
    client.get(pfad)
    geraet = _geraet(client)
    antwort = _absenden(client, pfad, _falsch(geraet))
    assert antwort.status_code == 400
    assert "Der Code ist falsch oder abgelaufen." in antwort.content.decode()
    assert bremse().fehlschlaege("neu") == 1
    assert AccessAttempt.objects.get(username="neu").failures_since_start == 1
    status = [_absenden(client, pfad, _falsch(geraet)).status_code for _ in range(4)]
    assert status == [400, 400, 400, 429]
    # Locked at this address for this name: even the right code is refused, nothing set.
    assert _absenden(client, pfad, totp_code(geraet)).status_code == 429
    assert client.get(pfad).status_code == 429
    geraet.refresh_from_db()
    assert not geraet.confirmed
    assert not User.objects.get(pk=neu.pk).has_usable_password()
    assert Aktivierung.objects.get(user=neu).verwendet_am is None
    # From another address the link still works.
    anderswo = Client(REMOTE_ADDR="198.51.100.99")
    anderswo.get(pfad)
    assert _absenden(anderswo, pfad, totp_code(_geraet(anderswo))).status_code == 302


def test_password_rules_are_checked_and_cost_no_code(neu: User) -> None:
    pfad = _link(neu)
    client = Client()
    client.get(pfad)
    geraet = _geraet(client)
    code = totp_code(geraet)
    antwort = client.post(pfad, {"passwort1": NEU, "passwort2": NEU + "!", "code": code})
    assert antwort.status_code == 400
    assert "Die beiden Passwörter stimmen nicht überein." in antwort.content.decode()
    for schwach in ("kurz", "password", "12345678"):
        antwort = _absenden(client, pfad, code, passwort=schwach)
        assert antwort.status_code == 400, schwach
        assert 'href="#id_passwort1"' in antwort.content.decode()
    geraet.refresh_from_db()
    assert not geraet.confirmed and geraet.last_t == -1  # the code was not used up
    assert bremse().fehlschlaege("neu") == 0
    assert _absenden(client, pfad, code).status_code == 302


def test_every_visitor_gets_a_key_of_their_own(neu: User) -> None:
    pfad = _link(neu)
    person, fremder = Client(), Client()
    person.get(pfad)
    fremder.get(pfad)
    geraet, fremdes = _geraet(person), _geraet(fremder)
    assert geraet.pk != fremdes.pk and geraet.key != fremdes.key
    # The codes of one key do not confirm the other's device.
    if totp_code(fremdes) != totp_code(geraet):
        assert _absenden(person, pfad, totp_code(fremdes)).status_code == 400
    assert _absenden(person, pfad, totp_code(geraet)).status_code == 302
    # The first confirmed device stays, the other is gone, the link is used.
    assert list(TOTPDevice.objects.filter(user=neu).values_list("pk", flat=True)) == [geraet.pk]
    assert _absenden(fremder, pfad, totp_code(fremdes)).status_code == 404


def test_a_new_link_resets_the_account_and_replaces_the_old_one(oe: Any) -> None:
    anna = mitarbeiter("anna", oe)
    alt = TOTPDevice.objects.get(user=anna)
    client = Client()
    # Anna is logged in; the reset ends that session.
    assert _anmelden(client, "anna", PASSWORT, totp_code(alt))["Location"] == "/arbeitsplatz/"
    erster = _link(anna, actor="it-1")
    assert client.get("/arbeitsplatz/").status_code == 302
    assert not TOTPDevice.objects.filter(user=anna).exists()
    assert _anmelden(Client(), "anna", PASSWORT, totp_code(alt)).status_code == 400
    zweiter = _link(anna, actor="it-2")
    assert Client().get(erster).status_code == 404
    eintraege = Protokoll.objects.filter(aktion="arbeitsplatz.aktivierung.erstellt")
    assert [e.details["geraete_entfernt"] for e in eintraege.order_by("pk")] == [1, 0]
    assert [e.details["links_widerrufen"] for e in eintraege.order_by("pk")] == [0, 1]
    besucher = Client()
    besucher.get(zweiter)
    assert _absenden(besucher, zweiter, totp_code(_geraet(besucher))).status_code == 302


def test_links_only_for_active_staff(oe: Any) -> None:
    buerger = User.objects.create_user("buerger", password=PASSWORT)
    from rathaus.konten.models import Buerger

    Buerger.objects.create(user=buerger, aussteller="http://idp", sub="b", vorname="Erika")
    inaktiv = mitarbeiter("inaktiv", oe)
    inaktiv.is_active = False
    inaktiv.save()
    for user in (buerger, inaktiv, User.objects.create_user("ohne-einheit")):
        with pytest.raises(ValidationError):
            services.aktivierung_create(user=user, actor="it")
    with pytest.raises(ValidationError):
        services.aktivierung_create(user=mitarbeiter("x", oe), actor="it", stunden=0)
    assert not Aktivierung.objects.exists()
    assert User.objects.get(username="buerger").check_password(PASSWORT)


def test_a_deactivated_account_cannot_use_its_link(neu: User) -> None:
    pfad = _link(neu)
    User.objects.filter(pk=neu.pk).update(is_active=False)
    assert Client().get(pfad).status_code == 404


def test_the_command_prints_the_link_once(neu: User) -> None:
    aus, hinweis = StringIO(), StringIO()
    call_command("activation_link", "neu", "--hours", "24", stdout=aus, stderr=hinweis)
    link = aus.getvalue().strip()
    assert "gültig bis" in hinweis.getvalue() and link not in hinweis.getvalue()
    aktivierung = Aktivierung.objects.get(user=neu)
    assert timedelta(hours=23) < aktivierung.gueltig_bis - timezone.now() <= timedelta(hours=24)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in aktivierung.token_sha256
    assert Client().get(_pfad(link)).status_code == 200
    with pytest.raises(CommandError, match="Unbekannter Benutzer"):
        call_command("activation_link", "niemand", stdout=StringIO(), stderr=StringIO())
    User.objects.create_user("kein-personal")
    with pytest.raises(CommandError, match="nur für aktive Beschäftigte"):
        call_command("activation_link", "kein-personal", stdout=StringIO(), stderr=StringIO())


def _admin(oe: Any, *perms: str) -> Client:
    user = mitarbeiter("it-admin", oe)
    user.is_staff = True
    user.save()
    for perm in perms:
        user.user_permissions.add(Permission.objects.get(codename=perm))
    return mit_zweitem_faktor(Client(), User.objects.get(pk=user.pk))


def test_the_admin_action_asks_then_shows_the_links_once(neu: User, oe: Any) -> None:
    client = _admin(oe, "view_user", "change_user")
    daten = {"action": "aktivierungslink_erstellen", "_selected_action": [str(neu.pk)]}
    frage = client.post("/admin/auth/user/", daten)
    assert frage.status_code == 200
    assert "Ja, Aktivierungslinks erstellen" in frage.content.decode()
    assert not Aktivierung.objects.exists()
    assert User.objects.get(pk=neu.pk).has_usable_password()
    antwort = client.post("/admin/auth/user/", {**daten, "bestaetigt": "ja"})
    assert antwort.status_code == 200
    assert "no-store" in antwort["Cache-Control"]
    link = re.search(r'<code class="aktivierungslink">([^<]+)</code>', antwort.content.decode())
    assert link is not None
    eintrag = Protokoll.objects.get(aktion="arbeitsplatz.aktivierung.erstellt")
    assert eintrag.akteur_name == "it-admin"
    besucher = Client()
    assert besucher.get(_pfad(link.group(1))).status_code == 200


def test_without_the_right_to_change_accounts_no_link(neu: User, oe: Any) -> None:
    client = _admin(oe, "view_user")
    daten = {
        "action": "aktivierungslink_erstellen",
        "_selected_action": [str(neu.pk)],
        "bestaetigt": "ja",
    }
    client.post("/admin/auth/user/", daten)
    assert not Aktivierung.objects.exists()


def test_administrators_never_see_or_set_a_key(oe: Any) -> None:
    anna = mitarbeiter("anna", oe)
    geraet = TOTPDevice.objects.get(user=anna)
    client = _admin(oe, "view_totpdevice", "add_totpdevice", "change_totpdevice")
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    seite = client.get(f"/admin/otp_totp/totpdevice/{geraet.pk}/change/").content.decode()
    assert geraet.key not in seite and "qrcode" not in seite.lower()
    assert client.get(f"/admin/otp_totp/totpdevice/{geraet.pk}/config/").status_code in {302, 404}
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    anzahl = TOTPDevice.objects.count()
    client.post(
        "/admin/otp_totp/totpdevice/add/",
        {"user": str(anna.pk), "name": "hinterher", "key": "00" * 20, "confirmed": "on"},
    )
    assert TOTPDevice.objects.count() == anzahl
