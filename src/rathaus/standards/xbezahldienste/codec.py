"""JSON of XBezahldienste 1.0: requests, transactions and the provider's error body, both ways."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .errors import XBezahldiensteError
from .model import (
    Address,
    PaymentInformation,
    PaymentItem,
    PaymentMethod,
    PaymentRequest,
    PaymentTransaction,
    Requestor,
    Status,
    SystemResponse,
)
from .pruefung import (
    ITEMS_MAX,
    TEXT_MAX,
    URL_MAX,
    _parse_timestamp,
    _prefixed,
    _timestamp,
    cents_to_json,
    json_to_cents,
)

# --- JSON out -------------------------------------------------------------------------


def dumps(value: Any) -> str:
    """JSON text in which Decimal amounts are exact numbers (``15.50``, not a float)."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("floats are not written; use Decimal")
    return json.dumps(value, ensure_ascii=False)


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in ("", None, (), [], {})}


def _address_to_dict(a: Address) -> dict[str, Any]:
    return _drop_empty(
        {
            "street": a.street,
            "houseNumber": a.house_number,
            "addressLine": list(a.address_line),
            "postalCode": a.postal_code,
            "city": a.city,
            "country": a.country,
        }
    )


def _item_to_dict(item: PaymentItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "reference": item.reference,
        "description": item.description,
        "taxRate": item.tax_rate,
        "quantity": item.quantity,
        "totalNetAmount": cents_to_json(item.total_net_cents),
        "totalTaxAmount": cents_to_json(item.total_tax_cents),
        "singleNetAmount": (
            None if item.single_net_cents is None else cents_to_json(item.single_net_cents)
        ),
        "singleTaxAmount": cents_to_json(item.single_tax_cents),
    }
    if item.booking_data:
        out["bookingData"] = dict(item.booking_data)
    return _drop_empty(out)


def request_to_dict(req: PaymentRequest) -> dict[str, Any]:
    out: dict[str, Any] = {
        "requestId": req.request_id,
        "requestTimestamp": _timestamp(req.request_timestamp),
        "currency": req.currency,
        "grosAmount": cents_to_json(req.gros_amount_cents),
        "purpose": req.purpose,
        "description": req.description,
        "redirectUrl": req.redirect_url,
        "items": [_item_to_dict(i) for i in req.items],
    }
    if req.requestor is not None:
        r = req.requestor
        out["requestor"] = _drop_empty(
            {
                "name": r.name,
                "firstName": r.first_name,
                "gender": r.gender,
                "isOrganization": r.is_organization,
                "organizationName": r.organization_name,
                "address": _address_to_dict(r.address) if r.address else None,
            }
        )
    return _drop_empty(out)


def request_to_json(req: PaymentRequest) -> str:
    return dumps(request_to_dict(req))


def transaction_to_dict(tx: PaymentTransaction) -> dict[str, Any]:
    info = tx.payment_information
    out: dict[str, Any] = {
        "paymentInformation": _drop_empty(
            {
                "transactionUrl": info.transaction_url,
                "transactionRedirectUrl": info.transaction_redirect_url,
                "transactionId": info.transaction_id,
                "transactionReference": info.transaction_reference,
                "transactionTimestamp": (
                    _timestamp(info.transaction_timestamp) if info.transaction_timestamp else None
                ),
                "paymentMethod": info.payment_method.value if info.payment_method else None,
                "paymentMethodDetail": info.payment_method_detail,
                "status": info.status.value,
                "statusDetail": info.status_detail,
            }
        )
    }
    if tx.payment_request is not None:
        out["paymentRequest"] = request_to_dict(tx.payment_request)
    return out


def transaction_to_json(tx: PaymentTransaction) -> str:
    return dumps(transaction_to_dict(tx))


# --- JSON in --------------------------------------------------------------------------

MAX_JSON_BYTES = 1_000_000


def _load(text: str | bytes) -> Any:
    if len(text) > MAX_JSON_BYTES:
        raise XBezahldiensteError("the document is too large")
    try:
        return json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise XBezahldiensteError(f"not JSON: {exc}") from exc


def _object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise XBezahldiensteError("an object is required", path=path)
    return value


def _get_text(obj: dict[str, Any], key: str, path: str) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise XBezahldiensteError("a string is required", path=f"{path}{key}")
    return value


def _build[T](path: str, make: Callable[[], T]) -> T:
    try:
        return make()
    except XBezahldiensteError as exc:
        if not path:
            raise
        raise _prefixed(path, exc) from exc


def _item_from_dict(obj: dict[str, Any], path: str) -> PaymentItem:
    def cents(key: str) -> int:
        if obj.get(key) is None:
            return 0
        return json_to_cents(obj[key], f"{path}.{key}")

    def optional_cents(key: str) -> int | None:
        return None if obj.get(key) is None else cents(key)

    booking = obj.get("bookingData") or {}
    booking = _object(booking, f"{path}.bookingData")
    quantity = obj.get("quantity", 1)
    tax_rate = obj.get("taxRate", 0)
    if isinstance(tax_rate, bool) or not isinstance(tax_rate, int | Decimal):
        raise XBezahldiensteError("a number is required", path=f"{path}.taxRate")
    if "totalNetAmount" not in obj:
        raise XBezahldiensteError("is required", path=f"{path}.totalNetAmount")
    return _build(
        path,
        lambda: PaymentItem(
            id=_get_text(obj, "id", ""),
            reference=_get_text(obj, "reference", ""),
            description=_get_text(obj, "description", ""),
            tax_rate=Decimal(tax_rate),
            quantity=quantity,
            total_net_cents=cents("totalNetAmount"),
            total_tax_cents=cents("totalTaxAmount"),
            single_net_cents=optional_cents("singleNetAmount"),
            single_tax_cents=cents("singleTaxAmount"),
            booking_data=tuple((str(k), v) for k, v in booking.items()),
        ),
    )


def _requestor_from_dict(obj: dict[str, Any], path: str) -> Requestor:
    address = None
    if obj.get("address") is not None:
        a = _object(obj["address"], f"{path}.address")
        lines = a.get("addressLine") or []
        if not isinstance(lines, list):
            raise XBezahldiensteError("a list is required", path=f"{path}.address.addressLine")
        address = _build(
            f"{path}.address",
            lambda: Address(
                street=_get_text(a, "street", ""),
                house_number=_get_text(a, "houseNumber", ""),
                address_line=tuple(lines),
                postal_code=_get_text(a, "postalCode", ""),
                city=_get_text(a, "city", ""),
                country=_get_text(a, "country", ""),
            ),
        )
    is_org = obj.get("isOrganization", False)
    if not isinstance(is_org, bool):
        raise XBezahldiensteError("a boolean is required", path=f"{path}.isOrganization")
    return _build(
        path,
        lambda: Requestor(
            name=_get_text(obj, "name", ""),
            first_name=_get_text(obj, "firstName", ""),
            gender=_get_text(obj, "gender", ""),
            is_organization=is_org,
            organization_name=_get_text(obj, "organizationName", ""),
            address=address,
        ),
    )


def request_from_dict(obj: object, path: str = "") -> PaymentRequest:
    obj = _object(obj, path or "(document)")
    dot = f"{path}." if path else ""
    items = obj.get("items")
    if not isinstance(items, list):
        raise XBezahldiensteError("a list is required", path=f"{dot}items")
    if len(items) > ITEMS_MAX:
        raise XBezahldiensteError(f"1 to {ITEMS_MAX} items are required", path=f"{dot}items")
    parsed = tuple(
        _item_from_dict(_object(it, f"{dot}items[{i}]"), f"{dot}items[{i}]")
        for i, it in enumerate(items)
    )
    if "grosAmount" not in obj:
        raise XBezahldiensteError("is required", path=f"{dot}grosAmount")
    gros = json_to_cents(obj["grosAmount"], f"{dot}grosAmount")
    requestor = None
    if obj.get("requestor") is not None:
        requestor = _requestor_from_dict(
            _object(obj["requestor"], f"{dot}requestor"), f"{dot}requestor"
        )
    timestamp = _parse_timestamp(obj.get("requestTimestamp"), f"{dot}requestTimestamp")
    return _build(
        path,
        lambda: PaymentRequest(
            request_id=_get_text(obj, "requestId", ""),
            request_timestamp=timestamp,
            currency=_get_text(obj, "currency", "") or "EUR",
            gros_amount_cents=gros,
            purpose=_get_text(obj, "purpose", ""),
            description=_get_text(obj, "description", ""),
            redirect_url=_get_text(obj, "redirectUrl", ""),
            items=parsed,
            requestor=requestor,
        ),
    )


def request_from_json(text: str | bytes) -> PaymentRequest:
    """Parse and check a PaymentRequest (what a provider receives)."""
    return request_from_dict(_load(text))


def transaction_from_dict(obj: object) -> PaymentTransaction:
    obj = _object(obj, "(document)")
    info = _object(obj.get("paymentInformation"), "paymentInformation")
    p = "paymentInformation."
    status_text = info.get("status")
    try:
        status = Status(str(status_text))
    except ValueError as exc:
        raise XBezahldiensteError(f"unknown status {status_text!r}", path=f"{p}status") from exc
    method = None
    if info.get("paymentMethod") not in (None, ""):
        try:
            method = PaymentMethod(info["paymentMethod"])
        except ValueError as exc:
            raise XBezahldiensteError("unknown payment method", path=f"{p}paymentMethod") from exc
    stamp = None
    if info.get("transactionTimestamp") not in (None, ""):
        stamp = _parse_timestamp(info["transactionTimestamp"], f"{p}transactionTimestamp")
    information = _build(
        "paymentInformation",
        lambda: PaymentInformation(
            transaction_id=_get_text(info, "transactionId", ""),
            status=status,
            transaction_url=_get_text(info, "transactionUrl", ""),
            transaction_redirect_url=_get_text(info, "transactionRedirectUrl", ""),
            transaction_reference=_get_text(info, "transactionReference", ""),
            transaction_timestamp=stamp,
            payment_method=method,
            payment_method_detail=_get_text(info, "paymentMethodDetail", ""),
            status_detail=_get_text(info, "statusDetail", ""),
        ),
    )
    request = None
    if obj.get("paymentRequest") is not None:
        request = request_from_dict(obj["paymentRequest"], "paymentRequest")
    return PaymentTransaction(payment_information=information, payment_request=request)


def transaction_from_json(text: str | bytes) -> PaymentTransaction:
    """Parse and check a PaymentTransaction (the provider's answer to POST and GET)."""
    return transaction_from_dict(_load(text))


def system_response_from_json(text: str | bytes) -> SystemResponse:
    """The provider's problem+json body; fields of the wrong type are left empty."""
    obj = _load(text)
    if not isinstance(obj, dict):
        raise XBezahldiensteError("an object is required")

    def s(key: str, limit: int) -> str:
        value = obj.get(key)
        return value[:limit] if isinstance(value, str) else ""

    status = obj.get("status")
    return SystemResponse(
        status=status if isinstance(status, int) and not isinstance(status, bool) else 0,
        title=s("title", TEXT_MAX),
        detail=s("detail", 2000),
        type=s("type", URL_MAX),
        functional_code=s("functionalCode", 60),
    )


def system_response_to_json(resp: SystemResponse) -> str:
    return dumps(
        _drop_empty(
            {
                "type": resp.type or "about:blank",
                "status": resp.status,
                "title": resp.title,
                "detail": resp.detail,
                "functionalCode": resp.functional_code,
            }
        )
    )
