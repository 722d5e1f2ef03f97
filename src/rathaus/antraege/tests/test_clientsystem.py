"""Tokens of client systems: expiry, rotation with an overlap, revocation; the Protokoll,
the admin and the commands. The clock moves through `now=`, never by sleeping."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from rathaus.antraege import services
from rathaus.antraege.models import Clientsystem
from rathaus.antraege.selectors import clientsystem_by_token, ist_clientsystem, token_hash
from rathaus.core.models import Protokoll
from rathaus.core.tests.otp import mit_zweitem_faktor

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


def neu(**kwargs) -> tuple[Clientsystem, str]:
    return services.clientsystem_create(
        name="Onlinedienst", scopes=["antraege:einreichen"], actor="test", **kwargs
    )


def gilt(token: str, now) -> bool:
    return clientsystem_by_token(token=token, now=now).clientsystem is not None


def zustand() -> list[dict]:
    return list(Clientsystem.objects.order_by("pk").values())


def test_create_sets_the_expiry_and_writes_the_protokoll():
    client, token = neu(tage=10, now=T0)
    assert client.gueltig_bis == T0 + timedelta(days=10)
    assert client.token_sha256 == token_hash(token) and token.startswith("rh_")
    assert gilt(token, T0 + timedelta(days=10) - timedelta(seconds=1))
    pruefung = clientsystem_by_token(token=token, now=T0 + timedelta(days=10))
    assert pruefung.clientsystem is None and "abgelaufen" in pruefung.fehler
    eintrag = Protokoll.objects.get(aktion="antraege.clientsystem.create")
    assert eintrag.details["gueltig_bis"] == client.gueltig_bis.isoformat()
    assert token not in str(eintrag.details)


def test_default_validity_is_365_days():
    client, _token = neu(now=T0)
    assert client.gueltig_bis == T0 + timedelta(days=365)


@pytest.mark.parametrize("tage", [0, -1, 731, True, "30", None, 1.5])
def test_bad_validity_is_refused_and_creates_nothing(tage):
    with pytest.raises(ValidationError) as fehler:
        neu(tage=tage)
    assert "tage" in fehler.value.message_dict
    assert not Clientsystem.objects.exists() and not Protokoll.objects.exists()


# --- rotation: when the old and the new token work ------------------------------------------

H = timedelta(hours=1)

# fmt: off
ROTATION = [
    # overlap, when checked (after the rotation),   old works, new works
    (24,       23 * H + 59 * timedelta(minutes=1),  True,      True),
    (24,       24 * H,                              False,     True),
    (2,        1 * H,                               True,      True),
    (2,        3 * H,                               False,     True),
    (0,        timedelta(0),                        False,     True),
    (168,      167 * H,                             True,      True),
]
# fmt: on


@pytest.mark.parametrize(("stunden", "spaeter", "alt_gilt", "neu_gilt"), ROTATION)
def test_rotation_overlap(stunden, spaeter, alt_gilt, neu_gilt):
    client, alt = neu(now=T0)
    rotiert = T0 + timedelta(days=100)
    client, neu_token = services.clientsystem_token_rotate(
        clientsystem=client, actor="test", overlap_hours=stunden, now=rotiert
    )
    assert gilt(alt, rotiert + spaeter) is alt_gilt
    assert gilt(neu_token, rotiert + spaeter) is neu_gilt
    assert client.gueltig_bis == rotiert + timedelta(days=365)
    if not alt_gilt:
        fehler = clientsystem_by_token(token=alt, now=rotiert + spaeter).fehler
        assert "ersetzt" in fehler


def test_overlap_never_outlives_the_old_tokens_expiry():
    client, alt = neu(tage=1, now=T0)
    rotiert = T0 + timedelta(hours=20)
    client, _neu = services.clientsystem_token_rotate(
        clientsystem=client, actor="test", overlap_hours=24, now=rotiert
    )
    assert client.vorheriger_token_gueltig_bis == T0 + timedelta(days=1)
    assert gilt(alt, T0 + timedelta(days=1) - timedelta(seconds=1))
    assert not gilt(alt, T0 + timedelta(days=1))


def test_expired_token_gets_no_overlap():
    client, alt = neu(tage=1, now=T0)
    rotiert = T0 + timedelta(days=2)
    client, neu_token = services.clientsystem_token_rotate(
        clientsystem=client, actor="test", now=rotiert
    )
    assert client.vorheriger_token_gueltig_bis == T0 + timedelta(days=1)
    assert not gilt(alt, rotiert) and gilt(neu_token, rotiert)


def test_revoked_token_gets_no_overlap():
    client, alt = neu(now=T0)
    services.clientsystem_token_revoke(clientsystem=client, actor="test", now=T0)
    client, neu_token = services.clientsystem_token_rotate(
        clientsystem=client, actor="test", now=T0 + H
    )
    assert client.vorheriger_token_sha256 == "" and client.vorheriger_token_gueltig_bis is None
    assert client.token_widerrufen_am is None
    assert not gilt(alt, T0 + H) and gilt(neu_token, T0 + H)


def test_second_rotation_ends_the_first_overlap_at_once():
    client, erstes = neu(now=T0)
    client, zweites = services.clientsystem_token_rotate(clientsystem=client, actor="t", now=T0)
    client, drittes = services.clientsystem_token_rotate(clientsystem=client, actor="t", now=T0)
    assert not gilt(erstes, T0)
    assert gilt(zweites, T0) and gilt(drittes, T0)


def test_rotation_writes_the_protokoll_without_the_secret():
    client, alt = neu(now=T0)
    client, neu_token = services.clientsystem_token_rotate(
        clientsystem=client, actor="it-betrieb", overlap_hours=6, now=T0
    )
    eintrag = Protokoll.objects.get(aktion="antraege.clientsystem.token.rotate")
    assert eintrag.akteur_name == "it-betrieb"
    assert eintrag.details == {
        "praefix": neu_token[:10],
        "gueltig_bis": (T0 + timedelta(days=365)).isoformat(),
        "vorheriges_praefix": alt[:10],
        "vorheriges_gueltig_bis": (T0 + timedelta(hours=6)).isoformat(),
    }
    assert neu_token not in str(eintrag.details) and alt not in str(eintrag.details)


@pytest.mark.parametrize(
    ("kwargs", "feld"),
    [
        ({"overlap_hours": -1}, "overlap_hours"),
        ({"overlap_hours": 169}, "overlap_hours"),
        ({"overlap_hours": "24"}, "overlap_hours"),
        ({"tage": 0}, "tage"),
        ({"tage": 10_000}, "tage"),
    ],
)
def test_bad_rotation_input_is_refused_and_changes_nothing(kwargs, feld):
    client, alt = neu(now=T0)
    vorher, protokoll = zustand(), Protokoll.objects.count()
    with pytest.raises(ValidationError) as fehler:
        services.clientsystem_token_rotate(clientsystem=client, actor="t", **kwargs)
    assert feld in fehler.value.message_dict
    assert zustand() == vorher and Protokoll.objects.count() == protokoll
    assert gilt(alt, T0)


# --- revocation -----------------------------------------------------------------------------


def test_revoke_stops_current_and_overlapping_token_once():
    client, alt = neu(now=T0)
    client, neu_token = services.clientsystem_token_rotate(clientsystem=client, actor="t", now=T0)
    services.clientsystem_token_revoke(clientsystem=client, actor="t", now=T0 + H)
    for token in (alt, neu_token):
        pruefung = clientsystem_by_token(token=token, now=T0 + H)
        assert pruefung.clientsystem is None
    assert "widerrufen" in clientsystem_by_token(token=neu_token, now=T0 + H).fehler
    vorher = zustand()
    services.clientsystem_token_revoke(clientsystem=client, actor="t", now=T0 + 2 * H)
    assert zustand() == vorher
    assert Protokoll.objects.filter(aktion="antraege.clientsystem.token.revoke").count() == 1


def test_inactive_client_is_refused_whatever_its_token():
    client, token = neu(now=T0)
    Clientsystem.objects.filter(pk=client.pk).update(aktiv=False)
    pruefung = clientsystem_by_token(token=token, now=T0)
    assert pruefung.clientsystem is None and "gesperrt" in pruefung.fehler


@pytest.mark.parametrize("token", ["", "rh_", "x" * 10_000, "\x00", "rh_ä"])
def test_unknown_tokens_find_nothing(token):
    neu(now=T0)
    assert clientsystem_by_token(token=token, now=T0).clientsystem is None


# --- commands -------------------------------------------------------------------------------


def test_rotate_and_revoke_commands():
    client, alt = neu()
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "clientsystem_token_rotate", "Onlinedienst", "--overlap-hours", "1", "--days", "90",
        stdout=out, stderr=err,
    )  # fmt: skip
    token = out.getvalue().strip()
    assert token.startswith("rh_") and "Onlinedienst" in err.getvalue()
    assert token not in err.getvalue()
    client.refresh_from_db()
    assert client.token_sha256 == token_hash(token)
    assert timedelta(days=89) < client.gueltig_bis - timezone.now() <= timedelta(days=90)
    assert gilt(alt, timezone.now()) and gilt(token, timezone.now())
    eintrag = Protokoll.objects.get(aktion="antraege.clientsystem.token.rotate")
    assert eintrag.akteur_name.startswith("cli:")
    call_command("clientsystem_token_revoke", "Onlinedienst", stdout=io.StringIO())
    assert not gilt(alt, timezone.now()) and not gilt(token, timezone.now())


@pytest.mark.parametrize(
    "argumente",
    [
        ["Niemand"],
        ["Onlinedienst", "--overlap-hours", "500"],
        ["Onlinedienst", "--days", "0"],
    ],
)
def test_rotate_command_refuses_bad_input_and_changes_nothing(argumente):
    neu()
    vorher = zustand()
    with pytest.raises(CommandError):
        call_command(
            "clientsystem_token_rotate", *argumente, stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert zustand() == vorher


def test_revoke_command_names_an_unknown_client():
    with pytest.raises(CommandError, match="Niemand"):
        call_command("clientsystem_token_revoke", "Niemand", stdout=io.StringIO())


# --- admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin(client):
    mit_zweitem_faktor(client, User.objects.create_superuser("it-admin", password="x-secret-123"))
    return client


LISTE = "/admin/antraege/clientsystem/"


def test_admin_creates_with_a_chosen_validity_and_shows_the_expiry(admin):
    antwort = admin.post(
        f"{LISTE}add/",
        {"name": "Fachportal", "scopes": '["antraege:einreichen"]', "aktiv": "on", "tage": "30"},
        follow=True,
    )
    assert antwort.status_code == 200
    client = Clientsystem.objects.get(name="Fachportal")
    assert timedelta(days=29) < client.gueltig_bis - timezone.now() <= timedelta(days=30)
    nachricht = next(str(m) for m in antwort.context["messages"])
    token = nachricht.rsplit(" ", 1)[-1]
    assert client.token_sha256 == token_hash(token)
    liste = admin.get(LISTE).content.decode()
    assert "gültig bis" in liste and f"{timezone.localtime(client.gueltig_bis):%d.%m.%Y}" in liste
    assert Protokoll.objects.get(aktion="antraege.clientsystem.create").akteur_name == "it-admin"


def test_admin_refuses_a_bad_validity_and_creates_nothing(admin):
    antwort = admin.post(
        f"{LISTE}add/", {"name": "Fachportal", "scopes": "[]", "aktiv": "on", "tage": "9999"}
    )
    assert antwort.status_code == 200 and "tage" in antwort.context["adminform"].form.errors
    assert not Clientsystem.objects.exists()


def test_admin_actions_rotate_and_revoke(admin):
    client, alt = neu()
    antwort = admin.post(
        LISTE, {"action": "token_erneuern", "_selected_action": [client.pk]}, follow=True
    )
    nachricht = next(str(m) for m in antwort.context["messages"])
    assert "Onlinedienst" in nachricht and "bisherige Token gilt noch bis" in nachricht
    client.refresh_from_db()
    neu_token = next(w for w in nachricht.split() if w.startswith("rh_"))
    assert client.token_sha256 == token_hash(neu_token)
    assert gilt(alt, timezone.now()) and gilt(neu_token, timezone.now())
    assert "das vorherige Token" in admin.get(f"{LISTE}{client.pk}/change/").content.decode()
    admin.post(LISTE, {"action": "token_widerrufen", "_selected_action": [client.pk]})
    assert not gilt(alt, timezone.now()) and not gilt(neu_token, timezone.now())
    aktionen = set(Protokoll.objects.values_list("aktion", flat=True))
    assert {"antraege.clientsystem.token.rotate", "antraege.clientsystem.token.revoke"} <= aktionen
    assert "widerrufen am" in admin.get(LISTE).content.decode()


def test_ist_clientsystem_only_for_a_client_systems_auth():
    _, token = neu()
    assert ist_clientsystem(clientsystem_by_token(token=token).clientsystem)
    # what other schemes or no authentication leave in request.auth
    assert not ist_clientsystem(None)
    assert not ist_clientsystem(token)
    assert not ist_clientsystem(clientsystem_by_token(token=token))
    assert not ist_clientsystem(User(username="x"))
