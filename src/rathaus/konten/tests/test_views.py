"""Access control of Mein Konto and Postfach, logout, and both languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from rathaus.core.services import SYSTEM
from rathaus.konten import services
from rathaus.konten.models import Postfachnachricht
from rathaus.konten.niveau import Vertrauensniveau

from .factories import buerger_anlegen, einloggen

pytestmark = pytest.mark.django_db


@pytest.fixture
def welt() -> dict[str, Any]:
    a = buerger_anlegen("Anke", "Brandt")
    b = buerger_anlegen("Jan", "Petersen")
    nachricht_a = services.postfachnachricht_create(
        empfaenger=a, betreff="Ihr Bescheid", text="Guten Tag,\nanbei.", actor=SYSTEM
    )
    return {"a": a, "b": b, "nachricht_a": nachricht_a}


def _client(welt: dict[str, Any], wer: str) -> Client:
    client = Client()
    if wer in ("a", "b"):
        einloggen(client, welt[wer], Vertrauensniveau.SUBSTANTIELL)
    elif wer == "staff":
        staff = User.objects.create_user("sachbearbeitung", password="x" * 12, is_staff=True)
        client.force_login(staff)
    return client


@pytest.mark.parametrize(
    ("wer", "seite", "status"),
    [
        ("anonym", "konto", 302),
        ("anonym", "postfach", 302),
        ("anonym", "nachricht_a", 302),
        ("a", "konto", 200),
        ("a", "postfach", 200),
        ("a", "nachricht_a", 200),
        ("b", "konto", 200),
        ("b", "postfach", 200),
        ("b", "nachricht_a", 404),
        ("staff", "konto", 403),
        ("staff", "nachricht_a", 403),
    ],
)
def test_access_table(welt: dict[str, Any], wer: str, seite: str, status: int) -> None:
    urls = {
        "konto": "/konto/",
        "postfach": "/konto/postfach/",
        "nachricht_a": f"/konto/postfach/{welt['nachricht_a'].pk}/",
    }
    response = _client(welt, wer).get(urls[seite])
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/konto/anmelden/?next=")
    gelesen = Postfachnachricht.objects.get(pk=welt["nachricht_a"].pk).gelesen_am
    # Only the recipient's own visit marks the message read; a refused one changes nothing.
    assert (gelesen is not None) == (wer == "a" and seite == "nachricht_a")


def test_konto_shows_identity_level_and_empty_states(welt: dict[str, Any]) -> None:
    page = _client(welt, "b").get("/konto/").content.decode()
    assert "Jan Petersen" in page
    assert "Ossenreyerstraße 12" in page
    assert 'id="vertrauensniveau">substantiell<' in page
    assert "Noch keine Anträge" in page
    assert "Ihr Postfach ist leer" in page
    assert "Minuten ohne Aktivität" in page


def test_konto_english(welt: dict[str, Any]) -> None:
    response = _client(welt, "a").get("/en/konto/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "My account" in page
    assert "No applications yet" in page
    assert 'id="vertrauensniveau">substantial<' in page


def test_postfach_lists_own_messages_only(welt: dict[str, Any]) -> None:
    assert "Ihr Bescheid" in _client(welt, "a").get("/konto/postfach/").content.decode()
    assert "Ihr Bescheid" not in _client(welt, "b").get("/konto/postfach/").content.decode()


def test_nachricht_detail(welt: dict[str, Any]) -> None:
    page = _client(welt, "a").get(f"/konto/postfach/{welt['nachricht_a'].pk}/")
    assert "Guten Tag" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")


def test_logout_post_only_and_ends_server_session(welt: dict[str, Any]) -> None:
    client = _client(welt, "a")
    alter_schluessel = client.session.session_key
    assert client.get("/konto/abmelden/").status_code == 405
    response = client.post("/konto/abmelden/")
    assert response.status_code == 302
    assert response["Location"].endswith("/konto/abgemeldet/")
    # The old cookie no longer opens anything.
    dieb = Client()
    dieb.cookies["sessionid"] = alter_schluessel
    assert dieb.get("/konto/").status_code == 302


def test_logout_needs_csrf(welt: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    einloggen(client, welt["a"])
    assert client.post("/konto/abmelden/").status_code == 403
    assert client.get("/konto/").status_code == 200


@pytest.mark.parametrize("pfad", ["/konto/anmelden/", "/konto/abgemeldet/", "/en/konto/anmelden/"])
def test_public_pages(pfad: str) -> None:
    assert Client().get(pfad).status_code == 200


def test_anmelden_ignores_foreign_next() -> None:
    page = Client().get("/konto/anmelden/?next=https://evil.example/").content.decode()
    assert 'href="/konto/oidc/start/?next=%2Fkonto%2F&amp;sprache=de"' in page
