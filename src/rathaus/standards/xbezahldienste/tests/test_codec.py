"""XBezahldienste codec: limits, exact amounts, JSON both ways, errors that name the field."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from rathaus.standards.xbezahldienste import (
    PaymentInformation,
    PaymentItem,
    PaymentMethod,
    PaymentRequest,
    PaymentTransaction,
    Requestor,
    Status,
    XBezahldiensteError,
    cents_to_json,
    description_text,
    json_to_cents,
    purpose_text,
    request_from_json,
    request_to_json,
    system_response_from_json,
    transaction_from_json,
    transaction_to_json,
    transliterate,
)

JETZT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def item(**kw) -> PaymentItem:
    werte = {"id": "pos-1", "description": "Geburtsurkunde", "total_net_cents": 1500}
    werte.update(kw)
    return PaymentItem(**werte)


def anfrage(**kw) -> PaymentRequest:
    werte = {
        "request_id": "RH2026-1",
        "request_timestamp": JETZT,
        "gros_amount_cents": 2250,
        "purpose": "RH20260000017",
        "redirect_url": "https://rathaus.example/zahlungen/z/abc/zurueck/",
        "items": (
            item(),
            item(id="pos-2", quantity=1, total_net_cents=750, description="weitere"),
        ),
        "description": "Geburtsurkunde, 2 Ausfertigungen für Müller",
    }
    werte.update(kw)
    return PaymentRequest(**werte)


def test_request_round_trip_keeps_exact_amounts():
    req = anfrage(requestor=Requestor(name="Müller", first_name="Jörg", gender="M"))
    text = request_to_json(req)
    assert '"grosAmount":22.50' in text and '"totalNetAmount":7.50' in text
    assert request_from_json(text) == req


def test_amounts_never_pass_through_float():
    # 0.1 + 0.2 style errors: 1 cent steps up to the limit stay exact
    for cents in (1, 10, 29, 1999, 999_999_00):
        assert json_to_cents(cents_to_json(cents), "x") == cents
    assert json_to_cents(Decimal("15.5"), "x") == 1550
    with pytest.raises(XBezahldiensteError, match="decimal places"):
        json_to_cents(Decimal("1.005"), "grosAmount")
    with pytest.raises(XBezahldiensteError, match="number"):
        json_to_cents("15.00", "grosAmount")
    with pytest.raises(XBezahldiensteError, match="number"):
        json_to_cents(True, "grosAmount")


@pytest.mark.parametrize(
    ("aenderung", "pfad"),
    [
        ({"request_id": "a" * 37}, "requestId"),
        ({"request_id": "Zahlung 1"}, "requestId"),
        ({"request_id": ""}, "requestId"),
        ({"purpose": "x" * 28}, "purpose"),
        ({"purpose": "Gebühr"}, "purpose"),
        ({"purpose": "a/b"}, "purpose"),
        ({"description": "x" * 251}, "description"),
        ({"description": "<script>"}, "description"),
        ({"currency": "USD"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"gros_amount_cents": 2251}, "grosAmount"),
        ({"gros_amount_cents": 0}, "grosAmount"),
        ({"gros_amount_cents": 1.5}, "grosAmount"),
        ({"redirect_url": "https://x.example/" + "a" * 2100}, "redirectUrl"),
        ({"redirect_url": "javascript:alert(1)"}, "redirectUrl"),
        ({"items": ()}, "items"),
        ({"request_timestamp": datetime(2026, 1, 1)}, "requestTimestamp"),
    ],
)
def test_limits_are_checked_and_the_error_names_the_field(aenderung, pfad):
    with pytest.raises(XBezahldiensteError) as info:
        anfrage(**aenderung)
    assert info.value.path == pfad


def test_item_count_and_amount_limits():
    hundert = tuple(item(id=f"p{i}", total_net_cents=1) for i in range(100))
    with pytest.raises(XBezahldiensteError) as info:
        anfrage(items=hundert, gros_amount_cents=100)
    assert info.value.path == "items"
    neunundneunzig = hundert[:99]
    assert len(anfrage(items=neunundneunzig, gros_amount_cents=99).items) == 99
    grenze = item(total_net_cents=999_999_00)
    assert anfrage(items=(grenze,), gros_amount_cents=999_999_00).gros_amount_cents
    with pytest.raises(XBezahldiensteError) as info:
        item(total_net_cents=999_999_01)
    assert info.value.path == "totalNetAmount"
    with pytest.raises(XBezahldiensteError, match="unique"):
        anfrage(items=(item(), item(total_net_cents=750)))


def test_purpose_transliteration_as_the_standard_requires():
    assert transliterate("Äpfel Öl Übung ärger größe Straße ẞ") == (
        "Aepfel Oel Uebung aerger groesse Strasse SS"
    )
    assert transliterate("Café Ørsted") == "Cafe rsted"
    zweck = purpose_text("Gebühr: Geburtsurkunde für Jürgen Groß (2×)")
    assert zweck == "Gebuehr Geburtsurkunde fuer"
    assert len(zweck) <= 27
    anfrage(purpose=zweck)  # accepted
    assert purpose_text("  RH-2026 / 0001 ") == "RH-2026 0001"
    assert description_text("Gebühr <b>Pass</b> – 2 × 7,50 €") == "Gebühr b Pass b 2 × 7,50"
    anfrage(description=description_text("Ärger & Co. <script>alert(1)</script>" * 20))


def test_requestor_gender_is_checked():
    with pytest.raises(XBezahldiensteError) as info:
        Requestor(gender="X")
    assert info.value.path == "gender"


def _antwort(**info) -> dict:
    werte = {
        "transactionId": "tx-1",
        "status": "PAYED",
        "transactionTimestamp": "2026-12-07T10:05:00.123Z",
        "paymentMethod": "CREDITCARD",
    }
    werte.update(info)
    return {
        "paymentInformation": werte,
        "paymentRequest": json.loads(request_to_json(anfrage())),
    }


def test_transaction_round_trip():
    tx = PaymentTransaction(
        payment_information=PaymentInformation(
            transaction_id="tx-1",
            status=Status.PAYED,
            transaction_timestamp=JETZT,
            payment_method=PaymentMethod.GIROPAY,
            transaction_url="https://pay.example/paymenttransaction/a/b/tx-1",
        ),
        payment_request=anfrage(),
    )
    assert transaction_from_json(transaction_to_json(tx)) == tx
    parsed = transaction_from_json(json.dumps(_antwort()))
    assert parsed.payment_information.status is Status.PAYED
    assert parsed.payment_request is not None
    assert parsed.payment_request.gros_amount_cents == 2250


@pytest.mark.parametrize(
    ("antwort", "pfad"),
    [
        (_antwort(status="PAID"), "paymentInformation.status"),
        (_antwort(status=None), "paymentInformation.status"),
        (_antwort(transactionId="a b"), "paymentInformation.transactionId"),
        (_antwort(transactionId="x" * 45), "paymentInformation.transactionId"),
        (_antwort(paymentMethod="BITCOIN"), "paymentInformation.paymentMethod"),
        (_antwort(transactionTimestamp="gestern"), "paymentInformation.transactionTimestamp"),
        (_antwort(transactionRedirectUrl="ftp://x"), "paymentInformation.transactionRedirectUrl"),
    ],
)
def test_hostile_provider_answers_name_the_field(antwort, pfad):
    with pytest.raises(XBezahldiensteError) as info:
        transaction_from_json(json.dumps(antwort))
    assert info.value.path == pfad


def test_nested_request_errors_carry_the_full_path():
    antwort = _antwort()
    antwort["paymentRequest"]["items"][1]["id"] = "kein gültiger"
    with pytest.raises(XBezahldiensteError) as info:
        transaction_from_json(json.dumps(antwort))
    assert info.value.path == "paymentRequest.items[1].id"
    antwort = _antwort()
    antwort["paymentRequest"]["grosAmount"] = 22.49
    with pytest.raises(XBezahldiensteError) as info:
        transaction_from_json(json.dumps(antwort))
    assert info.value.path == "paymentRequest.grosAmount"


@pytest.mark.parametrize(
    "text",
    [b"", b"[]", b"null", b'{"paymentInformation": 3}', b"{" * 100_000, b"x" * 1_000_001],
)
def test_garbage_is_a_codec_error_never_another_exception(text):
    with pytest.raises(XBezahldiensteError):
        transaction_from_json(text)


def test_request_from_json_refuses_wrong_types():
    daten = json.loads(request_to_json(anfrage()))
    daten["items"][0]["quantity"] = "2"
    with pytest.raises(XBezahldiensteError) as info:
        request_from_json(json.dumps(daten))
    assert info.value.path == "items[0].quantity"
    daten = json.loads(request_to_json(anfrage()))
    daten["purpose"] = 17
    with pytest.raises(XBezahldiensteError) as info:
        request_from_json(json.dumps(daten))
    assert info.value.path == "purpose"


def test_system_response_is_read_leniently():
    problem = system_response_from_json(
        b'{"status": 409, "title": "Conflict", "functionalCode": "PAYMENT_EXISTS", "detail": 5}'
    )
    assert problem.status == 409 and problem.functional_code == "PAYMENT_EXISTS"
    assert problem.detail == ""


def test_frozen():
    req = anfrage()
    with pytest.raises(AttributeError):
        req.purpose = "x"  # type: ignore[misc]
    assert replace(req, purpose="neu").purpose == "neu"
