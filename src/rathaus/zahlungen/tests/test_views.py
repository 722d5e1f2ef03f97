"""Citizen pages and the notification endpoint, with hostile input: other people's payment
ids, forged return URLs, changed amounts, replayed or forged notifications, wrong types,
oversized bodies."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from django.test import Client

from rathaus.core.models import Protokoll
from rathaus.zahlungen.models import Benachrichtigung, Zahlung, Zahlungsversuch
from rathaus.zahlungen.services import zahlung_create, zahlung_session_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def zahlung(urkundenregel, buerger) -> Zahlung:
    z = zahlung_create(
        leistung=urkundenregel.leistung,
        subjekt="antrag:1",
        antworten={"anzahl": 2},
        actor=buerger,
        konto=buerger,
    )
    assert z is not None
    return z


@pytest.fixture
def client_buerger(buerger) -> Client:
    c = Client()
    c.force_login(buerger)
    return c


def test_pay_page_shows_amount_purpose_and_kassenzeichen(client_buerger, zahlung):
    seite = client_buerger.get(f"/zahlungen/{zahlung.oeffentliche_id}/")
    text = seite.content.decode()
    assert seite.status_code == 200
    assert "22,50 €" in text and zahlung.kassenzeichen in text and zahlung.zweck in text
    assert 'value="xbezahldienste"' in text and 'value="girocode"' in text
    assert "no-store" in seite["Cache-Control"]
    englisch = client_buerger.get(f"/en/zahlungen/{zahlung.oeffentliche_id}/")
    assert englisch.status_code == 200 and 'lang="en"' in englisch.content.decode()
    assert "How would you like to pay?" in englisch.content.decode()
    assert "Bank transfer with GiroCode" in englisch.content.decode()


@pytest.mark.parametrize("pfad", ["", "zurueck/", "girocode/", "girocode.png"])
def test_other_peoples_payments_are_not_found(zahlung, anderer, pfad):
    fremd = Client()
    fremd.force_login(anderer)
    assert fremd.get(f"/zahlungen/{zahlung.oeffentliche_id}/{pfad}").status_code == 404
    assert Client().get(f"/zahlungen/{zahlung.oeffentliche_id}/{pfad}").status_code == 404
    antwort = fremd.post(f"/zahlungen/{zahlung.oeffentliche_id}/", {"zahlungsart": "girocode"})
    assert antwort.status_code == 404
    assert not Zahlungsversuch.objects.exists()


@pytest.mark.parametrize(
    "pfad",
    [
        "/zahlungen/00000000-0000-0000-0000-000000000000/",
        "/zahlungen/1/",
        "/zahlungen/%27%20OR%201=1/",
        "/zahlungen/" + "a" * 5000 + "/",
    ],
)
def test_unknown_or_malformed_ids(client_buerger, pfad):
    assert client_buerger.get(pfad).status_code == 404


def test_a_payment_without_account_is_seen_by_its_session_only(urkundenregel, buerger):
    z = zahlung_create(
        leistung=urkundenregel.leistung, subjekt="antrag:2", antworten={"anzahl": 1}, actor=None
    )
    assert z is not None
    mit = Client()
    sitzung = mit.session
    zahlung_session_grant(zahlung=z, sitzung=sitzung)
    sitzung.save()
    assert mit.get(f"/zahlungen/{z.oeffentliche_id}/").status_code == 200
    assert Client().get(f"/zahlungen/{z.oeffentliche_id}/").status_code == 404
    eingeloggt = Client()
    eingeloggt.force_login(buerger)
    assert eingeloggt.get(f"/zahlungen/{z.oeffentliche_id}/").status_code == 404


def test_girocode_choice_and_page(client_buerger, zahlung):
    antwort = client_buerger.post(
        f"/zahlungen/{zahlung.oeffentliche_id}/",
        {"zahlungsart": "girocode", "betrag_cent": "2250"},
    )
    assert antwort.status_code == 302 and antwort["Location"].endswith("/girocode/")
    seite = client_buerger.get(antwort["Location"])
    text = seite.content.decode()
    assert "<svg" in text and 'role="img"' in text and "DE02 1203 0000 0000 2020 51" in text
    png = client_buerger.get(f"/zahlungen/{zahlung.oeffentliche_id}/girocode.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    zahlung.refresh_from_db()
    assert zahlung.status == "offen" and zahlung.anbieter == "girocode"


@pytest.mark.parametrize(
    "daten",
    [
        {"zahlungsart": "xbezahldienste", "betrag_cent": "1"},
        {"zahlungsart": "xbezahldienste", "betrag_cent": "-2250"},
        {"zahlungsart": "xbezahldienste", "betrag_cent": "2250.00"},
        {"zahlungsart": "xbezahldienste", "betrag_cent": "9" * 10_000},
        {"zahlungsart": "bitcoin", "betrag_cent": "2250"},
        {"zahlungsart": "", "betrag_cent": "2250"},
        {"zahlungsart": ["girocode", "xbezahldienste"], "betrag_cent": ["2250", "1"]},
        {},
    ],
)
def test_hostile_pay_requests_change_nothing(client_buerger, zahlung, daten):
    antwort = client_buerger.post(f"/zahlungen/{zahlung.oeffentliche_id}/", daten)
    assert antwort.status_code == 400
    assert 'role="alert"' in antwort.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.betrag_cent == 2250 and zahlung.status == "offen"
    assert not Zahlungsversuch.objects.exists()


def test_a_forged_return_url_books_nothing(client_buerger, zahlung, settings):
    # nothing listens at the provider's address: the page says so, nothing is booked
    settings.RATHAUS_XBEZAHLDIENSTE_URL = "http://127.0.0.1:9"
    Zahlungsversuch.objects.create(
        zahlung=zahlung,
        nummer=1,
        anbieter="xbezahldienste",
        anfrage_id="x-1",
        transaktion_id="DEVecht",
        anbieter_status="INITIAL",
    )
    for query in (
        "?status=PAYED&transactionId=DEVecht",
        "?paymentInformation[status]=PAYED",
        "?transactionId=DEVanderer&status=PAYED",
        "?" + "x=" + "y" * 10_000,
    ):
        seite = client_buerger.get(f"/zahlungen/{zahlung.oeffentliche_id}/zurueck/{query}")
        assert seite.status_code == 200
        assert "noch nicht bestätigt" in seite.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"
    assert not Protokoll.objects.filter(aktion="zahlung.bezahlt").exists()


def test_post_to_the_return_page_is_refused(client_buerger, zahlung):
    antwort = client_buerger.post(
        f"/zahlungen/{zahlung.oeffentliche_id}/zurueck/", {"status": "PAYED"}
    )
    assert antwort.status_code == 405


# --- notifications ---------------------------------------------------------------------------


def _signiert(body: bytes, *, zeit: int | None = None, schluessel: str = "test-schluessel") -> dict:
    stempel = str(int(time.time()) if zeit is None else zeit)
    signatur = hmac.new(schluessel.encode(), stempel.encode() + b"." + body, hashlib.sha256)
    return {"HTTP_X_RATHAUS_ZEIT": stempel, "HTTP_X_RATHAUS_SIGNATUR": signatur.hexdigest()}


def _melden(body: bytes, **kopf) -> object:
    return Client().post(
        "/zahlungen/benachrichtigung/", body, content_type="application/json", **kopf
    )


def test_notification_is_authenticated_and_replay_safe(zahlung, settings):
    settings.RATHAUS_XBEZAHLDIENSTE_URL = "http://127.0.0.1:9"
    Zahlungsversuch.objects.create(
        zahlung=zahlung,
        nummer=1,
        anbieter="xbezahldienste",
        anfrage_id="x-1",
        transaktion_id="DEVecht",
        anbieter_status="INITIAL",
    )
    body = json.dumps({"transactionId": "DEVecht", "status": "PAYED"}).encode()
    kopf = _signiert(body)
    erste = _melden(body, **kopf)
    assert erste.status_code == 202  # provider not reachable: the reconciliation asks later
    assert _melden(body, **kopf).json() == {"ergebnis": "bereits_erhalten"}
    assert Benachrichtigung.objects.count() == 1
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"  # the body's "PAYED" is never believed


@pytest.mark.parametrize(
    ("body", "kopf", "status"),
    [
        (b'{"transactionId": "DEVecht"}', {}, 403),
        (
            b'{"transactionId": "DEVecht"}',
            {"HTTP_X_RATHAUS_ZEIT": "1", "HTTP_X_RATHAUS_SIGNATUR": "0"},
            403,
        ),
        (b'{"transactionId": "DEVecht"}', "falscher_schluessel", 403),
        (b'{"transactionId": "DEVecht"}', "alt", 403),
        (b'{"transactionId": "DEVecht"}', "zukunft", 403),
        (b"kein json", "gut", 400),
        (b"[]", "gut", 400),
        (b'{"transactionId": 5}', "gut", 400),
        (b'{"transactionId": ""}', "gut", 400),
        (b'{"transactionId": "' + b"x" * 45 + b'"}', "gut", 400),
        (b'{"transactionId": "DEVunbekannt"}', "gut", 404),
        (b'{"transactionId": "' + b"x" * 5000 + b'"}', "gut", 413),
    ],
)
def test_hostile_notifications(zahlung, body, kopf, status):
    if kopf == "gut":
        kopf = _signiert(body)
    elif kopf == "falscher_schluessel":
        kopf = _signiert(body, schluessel="geraten")
    elif kopf == "alt":
        kopf = _signiert(body, zeit=int(time.time()) - 310)
    elif kopf == "zukunft":
        kopf = _signiert(body, zeit=int(time.time()) + 310)
    assert _melden(body, **kopf).status_code == status
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"


def test_notification_endpoint_is_off_without_a_key(settings):
    settings.RATHAUS_ZAHLUNG_BENACHRICHTIGUNG_SCHLUESSEL = ""
    body = b'{"transactionId": "x"}'
    assert _melden(body, **_signiert(body, schluessel="")).status_code == 404


def test_development_provider_pages_are_off_without_the_setting(settings, client_buerger):
    settings.RATHAUS_DEV_ZAHLUNG = False
    assert client_buerger.get("/zahlungen/entwicklung/bezahlen/DEVx/").status_code == 404
    assert (
        Client()
        .post("/zahlungen/entwicklung/api/token", {"grant_type": "client_credentials"})
        .status_code
        == 404
    )


def test_old_notification_signatures_are_forgotten(zahlung):
    from datetime import timedelta

    from django.utils import timezone

    alt = Benachrichtigung.objects.create(
        signatur_hash="a" * 64, empfangen_am=timezone.now() - timedelta(minutes=11)
    )
    frisch = Benachrichtigung.objects.create(
        signatur_hash="b" * 64, empfangen_am=timezone.now() - timedelta(minutes=9)
    )
    body = b'{"transactionId": "DEVunbekannt"}'
    assert _melden(body, **_signiert(body)).status_code == 404
    assert not Benachrichtigung.objects.filter(pk=alt.pk).exists()
    assert Benachrichtigung.objects.filter(pk=frisch.pk).exists()


def test_fault_switches_of_the_development_provider(client_buerger, settings):
    from rathaus.zahlungen.models import EntwicklungStoerung

    seite = client_buerger.get("/zahlungen/entwicklung/stoerungen/")
    assert seite.status_code == 200 and "Keine Störung eingeschaltet." in seite.content.decode()
    for schlecht in (
        {"art": "rm -rf"},
        {"art": "500", "anzahl": "-1"},
        {"art": "500", "anzahl": "x"},
        {"art": "500", "anzahl": "101"},
    ):
        assert (
            client_buerger.post("/zahlungen/entwicklung/stoerungen/", schlecht).status_code == 400
        )
    assert not EntwicklungStoerung.objects.exists()
    antwort = client_buerger.post(
        "/zahlungen/entwicklung/stoerungen/", {"art": "500", "anzahl": "3"}
    )
    assert antwort.status_code == 302
    assert EntwicklungStoerung.objects.get().anzahl == 3
    assert "500" in client_buerger.get("/zahlungen/entwicklung/stoerungen/").content.decode()
    client_buerger.post("/zahlungen/entwicklung/stoerungen/", {"art": "", "anzahl": "5"})
    assert EntwicklungStoerung.objects.get().anzahl == 0
    settings.RATHAUS_DEV_ZAHLUNG = False
    assert client_buerger.get("/zahlungen/entwicklung/stoerungen/").status_code == 404
