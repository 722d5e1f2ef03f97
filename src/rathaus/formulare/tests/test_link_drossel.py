"""Limits of "Link senden" (formulare.drossel, issue 10): per destination address, per
client address (IPv6 per /64) and per session. Under a limit the link is queued; over it
the page says so beside the field with HTTP 429, nothing is written, the refusal is logged
as a security event naming the limit, and no email address stands in the cache."""

from __future__ import annotations

import html
import logging
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from rathaus.core.models import Outbox, Protokoll
from rathaus.formulare import drossel
from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.outbox import ENTWURF_LINK

from .test_views import GUELTIG_1, entwurf_of, post

pytestmark = pytest.mark.django_db

ZU_OFT = "Der Link wurde in kurzer Zeit zu oft angefordert."
VIEL = "1000/3600"


@pytest.fixture
def grenzen(settings: Any):
    """Set the three limits; each test tightens the one it checks."""

    def setzen(*, email: str = VIEL, adresse: str = VIEL, sitzung: str = VIEL) -> None:
        settings.RATHAUS_ENTWURF_LINK_LIMIT_EMAIL = email
        settings.RATHAUS_ENTWURF_LINK_LIMIT_ADRESSE = adresse
        settings.RATHAUS_ENTWURF_LINK_LIMIT_SITZUNG = sitzung

    return setzen


def neue_sitzung(formular: Formular, adresse: str = "127.0.0.1") -> Client:
    """A browser that saved step 1 of an anonymous draft."""
    client = Client(REMOTE_ADDR=adresse)
    post(client, formular, 1, GUELTIG_1, aktion="speichern")
    assert entwurf_of(client) is not None
    return client


def link_senden(client: Client, formular: Formular, email: str, adresse: str = "127.0.0.1"):
    return client.post(
        reverse("formulare:speichern", args=[formular.pk]), {"email": email}, REMOTE_ADDR=adresse
    )


def links() -> int:
    return Outbox.objects.filter(topic=ENTWURF_LINK).count()


def abgewiesen(antwort: Any, *, vorher_links: int, vorher_protokoll: int) -> None:
    """Over a limit: 429, the message beside the field (as a wrong address is shown), the
    address kept in the input, and nothing written."""
    assert antwort.status_code == 429
    seite = html.unescape(antwort.content.decode())
    assert ZU_OFT in seite
    assert '<p class="kern-error" id="email-fehler">' in seite
    assert 'aria-invalid="true"' in seite
    assert "<title>Fehler: " in seite
    assert "Link angefordert" not in seite
    assert links() == vorher_links
    assert Protokoll.objects.count() == vorher_protokoll


def test_per_email_address_three_an_hour_whatever_the_session_or_address(
    formular: Formular,
) -> None:
    # the defaults: 3 per email, 10 per address, 5 per session and hour
    for nr in range(3):
        adresse = f"198.51.100.{nr + 1}"
        antwort = link_senden(
            neue_sitzung(formular, adresse), formular, "opfer@example.org", adresse
        )
        assert antwort.status_code == 200, nr
        assert "Link angefordert" in antwort.content.decode()
    assert links() == 3
    # the same mailbox written differently is the same mailbox
    adresse = "198.51.100.9"
    client = neue_sitzung(formular, adresse)
    vorher = (links(), Protokoll.objects.count())
    antwort = link_senden(client, formular, "  Opfer+spam@EXAMPLE.org ", adresse)
    abgewiesen(antwort, vorher_links=vorher[0], vorher_protokoll=vorher[1])
    assert 'value="Opfer+spam@EXAMPLE.org"' in antwort.content.decode()
    entwurf = entwurf_of(client)
    assert entwurf is not None
    token = entwurf.token
    entwurf.refresh_from_db()
    assert entwurf.token == token
    # another address from the same session goes on
    assert link_senden(client, formular, "erika@example.org", adresse).status_code == 200


def test_per_session(formular: Formular, grenzen: Any) -> None:
    grenzen(sitzung="2/3600")
    client = neue_sitzung(formular)
    for nr in range(2):
        assert link_senden(client, formular, f"person{nr}@example.org").status_code == 200
    vorher = (links(), Protokoll.objects.count())
    antwort = link_senden(client, formular, "person9@example.org")
    abgewiesen(antwort, vorher_links=vorher[0], vorher_protokoll=vorher[1])
    # another browser at the same address is not this session
    assert link_senden(neue_sitzung(formular), formular, "x@example.org").status_code == 200


def test_per_client_address_ipv6_by_its_64(formular: Formular, grenzen: Any) -> None:
    grenzen(adresse="2/3600")
    # privacy extensions change the last 64 bits: still the same client
    for nr, adresse in enumerate(["2001:db8:1:2::1", "2001:db8:1:2:ffff:eeee:dddd:cccc"]):
        client = neue_sitzung(formular, adresse)
        assert link_senden(client, formular, f"p{nr}@example.org", adresse).status_code == 200
    adresse = "2001:db8:1:2:abcd::5"
    client = neue_sitzung(formular, adresse)
    vorher = (links(), Protokoll.objects.count())
    antwort = link_senden(client, formular, "p9@example.org", adresse)
    abgewiesen(antwort, vorher_links=vorher[0], vorher_protokoll=vorher[1])
    # the next /64 is another client
    adresse = "2001:db8:1:3::1"
    client = neue_sitzung(formular, adresse)
    assert link_senden(client, formular, "p9@example.org", adresse).status_code == 200


def test_refused_requests_count_too(formular: Formular, grenzen: Any) -> None:
    """Wrong addresses count: nobody can probe the form without using up the limit."""
    grenzen(sitzung="2/3600")
    client = neue_sitzung(formular)
    assert link_senden(client, formular, "kein-at").status_code == 400
    assert link_senden(client, formular, "x" * 5000 + "@example.org").status_code == 400
    vorher = (links(), Protokoll.objects.count())
    antwort = link_senden(client, formular, "gut@example.org")
    abgewiesen(antwort, vorher_links=vorher[0], vorher_protokoll=vorher[1])


def _cache_inhalt() -> list[str]:
    """Every key and value in the cache as text (LocMem here, Redis in CI)."""
    echt: Any = caches["default"]
    backend = type(echt).__name__
    if backend == "LocMemCache":
        return [f"{k} {v!r}" for k, v in echt._cache.items()]
    if backend == "RedisCache":
        redis = echt._cache.get_client(write=False)
        return [f"{k!r} {redis.get(k)!r}" for k in redis.keys("*")]
    pytest.skip(f"cache {backend}: keys cannot be listed")


def test_the_cache_holds_no_email_session_or_client_address_in_clear(
    formular: Formular, grenzen: Any
) -> None:
    grenzen(email="1/3600")
    adresse = "203.0.113.77"
    client = neue_sitzung(formular, adresse)
    for _ in range(2):
        link_senden(client, formular, "geheim.person@example.org", adresse)
    sitzung = client.session.session_key
    assert sitzung
    inhalt = " ".join(_cache_inhalt())
    assert "formulare:link:email:" in inhalt  # the limits are there ...
    for klartext in ("geheim.person", "example.org", adresse, "203.0.113", sitzung):
        assert klartext not in inhalt  # ... without what they count
    # and the keys are not a plain hash that a list of addresses could be checked against
    import hashlib

    for art in ("sha256", "md5", "sha1"):
        digest = hashlib.new(art, b"geheim.person@example.org").hexdigest()
        assert digest[:32] not in inhalt


def test_a_refusal_is_logged_as_a_security_event_naming_the_limit(
    formular: Formular, grenzen: Any, caplog: pytest.LogCaptureFixture
) -> None:
    grenzen(email="1/3600")
    client = neue_sitzung(formular)
    assert link_senden(client, formular, "opfer@example.org").status_code == 200
    with caplog.at_level(logging.WARNING, logger="rathaus.security"):
        assert link_senden(client, formular, "opfer@example.org").status_code == 429
    ereignisse = [r for r in caplog.records if r.name == "rathaus.security"]
    assert len(ereignisse) == 1
    ereignis = ereignisse[0]
    assert ereignis.event == "rate_limited"  # type: ignore[attr-defined]
    assert ereignis.limit == "entwurf_link.email"  # type: ignore[attr-defined]
    assert ereignis.status == 429  # type: ignore[attr-defined]
    assert "opfer" not in str(vars(ereignis))


def test_the_keys_of_a_request(formular: Formular, rf: Any) -> None:
    """One key per limit; the email limit only when an address was typed."""
    anfrage = rf.post("/", REMOTE_ADDR="2001:db8::7")
    anfrage.session = Client().session
    namen = [g.name for g in drossel.link_grenzen(anfrage, email="a@example.org")]
    assert namen == ["entwurf_link.sitzung", "entwurf_link.adresse", "entwurf_link.email"]
    assert [g.name for g in drossel.link_grenzen(anfrage, email="  ")] == namen[:2]
    assert drossel.email_normal(" A.B+tag@Example.ORG ") == "a.b@example.org"
    assert drossel.email_normal("kein-at") == "kein-at"
    assert Entwurf.objects.count() == 0
