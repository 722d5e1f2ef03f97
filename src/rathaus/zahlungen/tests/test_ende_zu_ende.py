"""The XBezahldienste plugin against the development provider over real HTTP (a live
server): pay, fail, cancel, retry, late capture, faults, OAuth2, double clicks, reloads."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from rathaus.core.models import Protokoll
from rathaus.zahlungen.entwicklung.views import stoerung_setzen
from rathaus.zahlungen.models import Zahlung, Zahlungsversuch
from rathaus.zahlungen.plugins import AnbieterAbgelehnt, AnbieterFehler, anbieter
from rathaus.zahlungen.services import zahlung_create, zahlung_start, zahlungen_sync_all

from .conftest import seite_bedienen

pytestmark = pytest.mark.django_db(transaction=True)


def _zahlung(leistung: Any, buerger: Any, anzahl: int = 2, subjekt: str = "antrag:1") -> Zahlung:
    z = zahlung_create(
        leistung=leistung,
        subjekt=subjekt,
        antworten={"anzahl": anzahl},
        actor=buerger,
        konto=buerger,
    )
    assert z is not None
    return z


def _zurueck(buerger: Any, antwort: requests.Response) -> Any:
    """Follow the provider's redirect back into Rathaus with the citizen's session."""
    assert antwort.status_code == 302
    ziel = urlsplit(antwort.headers["Location"])
    client = Client()
    client.force_login(buerger)
    return client.get(f"{ziel.path}?{ziel.query}")


def _eintraege(zahlung: Zahlung, aktion: str) -> int:
    return Protokoll.objects.filter(objekt_id=str(zahlung.pk), aktion=aktion).count()


def test_paid_with_the_development_provider(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    assert zahlung.betrag_cent == 2250  # 15 € + 7.50 €, computed on the server
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    assert start.weiterleitung.startswith(anbieter_live)
    assert start.transaktion_id.startswith("DEV")
    # a double click gives the same pay page, no second transaction
    zweimal = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    assert zweimal == start
    assert Zahlungsversuch.objects.filter(zahlung=zahlung).count() == 1

    seite = _zurueck(buerger, seite_bedienen(start.weiterleitung, "bezahlen"))
    assert seite.status_code == 200
    assert "Ihre Zahlung ist bestätigt" in seite.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"
    assert zahlung.zahlungsmethode == "CREDITCARD"
    assert zahlung.transaktion_id == start.transaktion_id
    assert zahlung.bezahlt_am is not None
    # a reload of the return page books nothing twice
    client = Client()
    client.force_login(buerger)
    client.get(f"/zahlungen/{zahlung.oeffentliche_id}/zurueck/")
    assert _eintraege(zahlung, "zahlung.bezahlt") == 1
    # the provider keeps the request exactly as sent: amounts, purpose, items
    stand = anbieter("xbezahldienste").abfragen(start.transaktion_id)
    assert stand.status == "PAYED" and stand.betrag_cent == 2250


def test_failed_then_retried_with_the_same_kassenzeichen(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    seite = _zurueck(buerger, seite_bedienen(start.weiterleitung, "fehlschlagen"))
    assert "Die Zahlung ist fehlgeschlagen" in seite.content.decode()
    assert "Erneut versuchen" in seite.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.status == "fehlgeschlagen"

    neu = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    assert neu.transaktion_id != start.transaktion_id
    versuche = list(zahlung.versuche.order_by("nummer").values_list("anfrage_id", flat=True))
    assert versuche == [f"{zahlung.kassenzeichen}-1", f"{zahlung.kassenzeichen}-2"]
    _zurueck(buerger, seite_bedienen(neu.weiterleitung, "bezahlen"))
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt" and zahlung.transaktion_id == neu.transaktion_id
    assert [e.aktion for e in Protokoll.objects.filter(objekt_id=str(zahlung.pk)).reverse()] == [
        "zahlung.create",
        "zahlung.start",
        "zahlung.fehlgeschlagen",
        "zahlung.offen",
        "zahlung.start",
        "zahlung.bezahlt",
    ]


def test_cancelled_then_paid(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    seite = _zurueck(buerger, seite_bedienen(start.weiterleitung, "abbrechen"))
    assert "Sie haben die Zahlung abgebrochen" in seite.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.status == "abgebrochen"
    neu = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    _zurueck(buerger, seite_bedienen(neu.weiterleitung, "bezahlen"))
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"


def test_first_reported_failed_later_captured_ends_as_paid(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    seite = _zurueck(buerger, seite_bedienen(start.weiterleitung, "spaet"))
    assert "fehlgeschlagen" in seite.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.status == "fehlgeschlagen"
    # the citizen closed the browser; the reconciliation asks again
    assert zahlungen_sync_all()["bezahlt"] == 1
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"
    assert zahlungen_sync_all() == {"gefragt": 0, "bezahlt": 0, "nicht_erreicht": 0}
    assert _eintraege(zahlung, "zahlung.bezahlt") == 1


def test_a_retry_first_asks_about_the_failed_attempt(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    _zurueck(buerger, seite_bedienen(start.weiterleitung, "spaet"))
    zahlung.refresh_from_db()
    assert zahlung.status == "fehlgeschlagen"
    # "Erneut versuchen": the provider now says PAYED, so nothing is started again
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"
    assert zahlung.versuche.count() == 1


def test_a_second_paid_attempt_is_recorded_as_double_payment(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    erster = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    _zurueck(buerger, seite_bedienen(erster.weiterleitung, "abbrechen"))
    zweiter = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    _zurueck(buerger, seite_bedienen(zweiter.weiterleitung, "bezahlen"))
    # the old pay page was still open in another tab and the provider let it be paid
    from rathaus.zahlungen.models import EntwicklungTransaktion

    EntwicklungTransaktion.objects.filter(transaktion_id=erster.transaktion_id).update(
        status="PAYED", zahlungsmethode="PAYPAL"
    )
    zahlungen_sync_all()
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt" and zahlung.transaktion_id == zweiter.transaktion_id
    assert _eintraege(zahlung, "zahlung.doppelt_bezahlt") == 1
    assert _eintraege(zahlung, "zahlung.bezahlt") == 1
    zahlungen_sync_all()
    assert _eintraege(zahlung, "zahlung.doppelt_bezahlt") == 1


def test_provider_500_at_start_loses_nothing(anbieter_live, urkundenregel, buerger):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    stoerung_setzen("500")
    client = Client()
    client.force_login(buerger)
    seite = client.post(
        f"/zahlungen/{zahlung.oeffentliche_id}/",
        {"zahlungsart": "xbezahldienste", "betrag_cent": "2250"},
    )
    assert seite.status_code == 503
    assert "antwortet gerade nicht" in seite.content.decode()
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"
    assert zahlung.versuche.get().anbieter_status == "ERROR"
    # the next click works: a new attempt (a new requestId) at the provider
    seite = client.post(
        f"/zahlungen/{zahlung.oeffentliche_id}/",
        {"zahlungsart": "xbezahldienste", "betrag_cent": "2250"},
    )
    assert seite.status_code == 302 and "/zahlungen/entwicklung/bezahlen/" in seite["Location"]
    assert zahlung.versuche.count() == 2


def test_provider_timeout_on_return_is_settled_by_the_reconciliation(
    anbieter_live, urkundenregel, buerger, settings
):
    settings.RATHAUS_XBEZAHLDIENSTE_TIMEOUT = 0.5
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    antwort = seite_bedienen(start.weiterleitung, "bezahlen")
    stoerung_setzen("timeout")
    seite = _zurueck(buerger, antwort)
    text = seite.content.decode()
    assert seite.status_code == 200
    assert "antwortet gerade nicht" in text and "nicht ein zweites Mal" in text
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"
    assert zahlungen_sync_all()["bezahlt"] == 1
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"


def test_oauth2_client_credentials(anbieter_live, urkundenregel, buerger, settings):
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "oauth2"
    settings.RATHAUS_XBEZAHLDIENSTE_TOKEN_URL = f"{anbieter_live}/zahlungen/entwicklung/api/token"
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    _zurueck(buerger, seite_bedienen(start.weiterleitung, "bezahlen"))
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"


def test_wrong_credentials_are_refused(anbieter_live, urkundenregel, buerger, settings):
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    url = f"{anbieter_live}/zahlungen/entwicklung/api/status/rathaus/13073088"
    assert requests.get(url, auth=("rathaus", "falsch"), timeout=10).status_code == 401
    assert requests.get(url, auth=("rathaus", "test-passwort"), timeout=10).status_code == 200
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "keine"
    with pytest.raises(AnbieterAbgelehnt) as info:
        zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    assert info.value.status == 401 and info.value.code == "FORBIDDEN"
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"


def test_unknown_transaction_and_tenant(anbieter_live, settings):
    plugin = anbieter("xbezahldienste")
    with pytest.raises(AnbieterAbgelehnt):
        plugin.abfragen("DEVunbekannt")
    antwort = requests.get(
        f"{anbieter_live}/zahlungen/entwicklung/api/paymenttransaction/rathaus/anderer/x",
        auth=("rathaus", "test-passwort"),
        timeout=10,
    )
    assert antwort.status_code == 404
    assert antwort.json()["functionalCode"] == "NO_VALID_ORIGINATOR_OR_ENDPOINT"


def test_unreachable_provider(urkundenregel, buerger, settings):
    settings.RATHAUS_XBEZAHLDIENSTE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    zahlung = _zahlung(urkundenregel.leistung, buerger)
    with pytest.raises(AnbieterFehler):
        zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)


def _roh(url: str, body: Any, settings: Any) -> requests.Response:
    return requests.post(
        url,
        data=json.dumps(body) if not isinstance(body, bytes) else body,
        auth=(settings.RATHAUS_XBEZAHLDIENSTE_BENUTZER, settings.RATHAUS_XBEZAHLDIENSTE_PASSWORT),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )


def test_the_development_provider_checks_requests_as_a_provider_does(anbieter_live, settings):
    url = f"{anbieter_live}/zahlungen/entwicklung/api/paymenttransaction/rathaus/13073088"
    gut = {
        "requestId": "R-1",
        "requestTimestamp": "2026-12-07T10:00:00.000Z",
        "currency": "EUR",
        "grosAmount": 22.50,
        "purpose": "RH1",
        "redirectUrl": "https://rathaus.example/zurueck",
        "items": [{"id": "p1", "totalNetAmount": 15.00}, {"id": "p2", "totalNetAmount": 7.50}],
    }
    assert _roh(url, gut, settings).status_code == 200
    doppelt = _roh(url, gut, settings)
    assert doppelt.status_code == 409 and doppelt.json()["functionalCode"] == "PAYMENT_EXISTS"
    falsch = _roh(url, {**gut, "requestId": "R-2", "grosAmount": 22.49}, settings)
    assert falsch.status_code == 400 and falsch.json()["functionalCode"] == "CALCULATION_ERROR"
    assert falsch.headers["Content-Type"] == "application/problem+json"
    assert _roh(url, b"{kein json", settings).json()["functionalCode"] == "VALIDATION_ERROR"
    zu_gross = _roh(url, b"{" + b" " * 300_000 + b"}", settings)
    assert zu_gross.status_code in (400, 413)
    ohne = requests.post(url, json=gut, timeout=10)
    assert ohne.status_code == 401


def test_the_development_provider_is_off_without_its_setting(anbieter_live, settings):
    settings.RATHAUS_DEV_ZAHLUNG = False
    antwort = requests.get(
        f"{anbieter_live}/zahlungen/entwicklung/api/status/rathaus/13073088", timeout=10
    )
    assert antwort.status_code == 404


def test_a_paid_report_with_another_amount_is_not_booked(anbieter_live, urkundenregel, buerger):
    from rathaus.standards import xbezahldienste as xb
    from rathaus.zahlungen.models import EntwicklungTransaktion

    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    seite_bedienen(start.weiterleitung, "bezahlen")
    tx = EntwicklungTransaktion.objects.get(transaktion_id=start.transaktion_id)
    anfrage = xb.request_from_json(tx.anfrage)
    billiger = xb.PaymentRequest(
        **{
            **anfrage.__dict__,
            "gros_amount_cents": 1,
            "items": (xb.PaymentItem(id="p1", description="x", total_net_cents=1),),
        }
    )
    tx.anfrage = xb.request_to_json(billiger)
    tx.save()
    assert zahlungen_sync_all()["bezahlt"] == 0
    zahlung.refresh_from_db()
    assert zahlung.status == "offen"
    assert _eintraege(zahlung, "zahlung.betrag_abweichend") == 1


def test_concurrent_returns_book_once(anbieter_live, urkundenregel, buerger):
    """Five requests at once (a double click, a reload, the notification, the
    reconciliation): one booking, one Protokoll entry, one outbox row per consumer."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connections need PostgreSQL")
    from rathaus.core.models import Outbox
    from rathaus.zahlungen.services import zahlung_return

    zahlung = _zahlung(urkundenregel.leistung, buerger)
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger)
    seite_bedienen(start.weiterleitung, "bezahlen")
    schranke = threading.Barrier(5)
    fehler: list[BaseException] = []

    def zurueck() -> None:
        try:
            schranke.wait()
            zahlung_return(zahlung=Zahlung.objects.get(pk=zahlung.pk), actor=buerger)
        except BaseException as exc:
            fehler.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=zurueck) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not fehler
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"
    assert _eintraege(zahlung, "zahlung.bezahlt") == 1
    zeilen = Outbox.objects.filter(topic="zahlung.bezahlt", key=zahlung.kassenzeichen)
    assert zeilen.count() == len(set(zeilen.values_list("consumer", flat=True)))
