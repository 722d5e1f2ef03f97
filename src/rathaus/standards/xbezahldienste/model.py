"""Dataclasses, limits and JSON of XBezahldienste 1.0 (facts: shared/data/xbezahldienste)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from .errors import XBezahldiensteError

# The interface's patterns are Java regexes, where \w is ASCII only.
ID_RE = re.compile(r"[A-Za-z0-9_-]+")
PURPOSE_RE = re.compile(r"[A-Za-z0-9_\s-]+")
DESCRIPTION_RE = re.compile(r"[A-Za-z0-9_\s\-,.\u00c0-\u017f]+")
CURRENCY_RE = re.compile(r"[A-Za-z0-9_]{3}")
ID_MAX = 36
TRANSACTION_ID_MAX = 44
PURPOSE_MAX = 27
TEXT_MAX = 250
URL_MAX = 2082
STATUS_DETAIL_MAX = 99
ITEMS_MAX = 99
# grosAmount ≤ 999999 (euros), in cents.
AMOUNT_MAX_CENTS = 999_999_00
CURRENCIES = ("EUR",)


class Status(StrEnum):
    INITIAL = "INITIAL"
    PAYED = "PAYED"  # sic: the standard's spelling
    FAILED = "FAILED"
    CANCELED = "CANCELED"


class PaymentMethod(StrEnum):
    GIROPAY = "GIROPAY"
    PAYDIRECT = "PAYDIRECT"
    CREDITCARD = "CREDITCARD"
    PAYPAL = "PAYPAL"
    OTHER = "OTHER"


# --- text helpers ---------------------------------------------------------------------

_UMLAUTE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def transliterate(text: str) -> str:
    """German transliteration (ä→ae, ß→ss …), other accents dropped (é→e); what remains
    outside ASCII is removed."""
    text = unicodedata.normalize("NFC", text).translate(_UMLAUTE)
    text = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    )


def purpose_text(text: str) -> str:
    """A Verwendungszweck the interface accepts: transliterated, characters outside
    letters, digits, space, ``_`` and ``-`` replaced by a space, spaces collapsed, cut to 27."""
    text = re.sub(r"[^A-Za-z0-9_ -]+", " ", transliterate(text))
    return re.sub(r"\s+", " ", text).strip()[:PURPOSE_MAX].strip()


def description_text(text: str) -> str:
    """A description the interface accepts: letters with accents stay (À–ſ), other signs
    become a space, cut to 250 characters."""
    text = unicodedata.normalize("NFC", text).replace("ẞ", "SS")
    text = re.sub(r"[^A-Za-z0-9_\s\-,.\u00c0-\u017f]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:TEXT_MAX].strip()


# --- amounts --------------------------------------------------------------------------


def cents_to_json(cents: int) -> Decimal:
    """Whole cents as the exact JSON number (1550 → 15.50)."""
    return Decimal(cents).scaleb(-2)


def json_to_cents(value: object, path: str) -> int:
    """A JSON number (read as Decimal) as whole cents; more than two decimals is refused."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise XBezahldiensteError("a number is required", path=path)
    try:
        amount = Decimal(str(value)) * 100
    except InvalidOperation as exc:  # pragma: no cover - Decimal of a number
        raise XBezahldiensteError("not a number", path=path) from exc
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise XBezahldiensteError("more than two decimal places", path=path)
    return int(amount)


# --- checks ---------------------------------------------------------------------------


def _text(
    value: object,
    path: str,
    *,
    maximum: int,
    minimum: int = 1,
    pattern: re.Pattern[str] | None = None,
) -> str:
    if not isinstance(value, str):
        raise XBezahldiensteError("a string is required", path=path)
    if not minimum <= len(value) <= maximum:
        raise XBezahldiensteError(f"length must be {minimum} to {maximum}", path=path)
    if pattern is not None and value and not pattern.fullmatch(value):
        raise XBezahldiensteError(f"characters outside {pattern.pattern}", path=path)
    return value


def _optional_text(value: object, path: str, **kw: Any) -> str:
    if value is None or value == "":
        return ""
    return _text(value, path, **kw)


def _url(value: object, path: str) -> str:
    text = _text(value, path, maximum=URL_MAX)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise XBezahldiensteError("an absolute http(s) URL is required", path=path)
    return text


def _cents(value: int, path: str, *, allow_zero: bool = True) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise XBezahldiensteError("whole cents (int) are required", path=path)
    if value < 0 or (value == 0 and not allow_zero):
        raise XBezahldiensteError("must be positive", path=path)
    if value > AMOUNT_MAX_CENTS:
        raise XBezahldiensteError("must not exceed 999999", path=path)
    return value


def _aware(value: datetime, path: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise XBezahldiensteError("an aware date-time is required", path=path)
    return value


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_timestamp(value: object, path: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise XBezahldiensteError("a date-time string is required", path=path)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise XBezahldiensteError("not an ISO 8601 date-time", path=path) from exc
    if parsed.tzinfo is None:
        raise XBezahldiensteError("the date-time has no time zone", path=path)
    return parsed


# --- the request ----------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    street: str = ""
    house_number: str = ""
    address_line: tuple[str, ...] = ()
    postal_code: str = ""
    city: str = ""
    country: str = ""

    def __post_init__(self) -> None:
        _optional_text(self.street, "street", maximum=TEXT_MAX)
        _optional_text(self.house_number, "houseNumber", maximum=20, pattern=ID_RE)
        for i, line in enumerate(self.address_line):
            _text(line, f"addressLine[{i}]", maximum=TEXT_MAX)
        _optional_text(self.postal_code, "postalCode", maximum=5, pattern=re.compile(r"\d+"))
        _optional_text(self.city, "city", maximum=TEXT_MAX)
        _optional_text(self.country, "country", maximum=2, pattern=re.compile(r"[A-Z]{2}"))


@dataclass(frozen=True)
class Requestor:
    name: str = ""
    first_name: str = ""
    gender: str = ""
    is_organization: bool = False
    organization_name: str = ""
    address: Address | None = None

    def __post_init__(self) -> None:
        _optional_text(self.name, "name", maximum=TEXT_MAX)
        _optional_text(self.first_name, "firstName", maximum=TEXT_MAX)
        if self.gender not in ("", "M", "F", "D"):
            raise XBezahldiensteError("must be M, F or D", path="gender")
        _optional_text(self.organization_name, "organizationName", maximum=TEXT_MAX)


@dataclass(frozen=True)
class PaymentItem:
    """One position; amounts in cents. ``total_net_cents + total_tax_cents`` counts
    towards the request's gross amount."""

    id: str
    description: str
    total_net_cents: int
    quantity: int = 1
    single_net_cents: int | None = None
    reference: str = ""
    tax_rate: Decimal = Decimal(0)
    total_tax_cents: int = 0
    single_tax_cents: int = 0
    booking_data: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        _text(self.id, "id", maximum=ID_MAX, pattern=ID_RE)
        _optional_text(self.reference, "reference", maximum=ID_MAX, pattern=ID_RE)
        _optional_text(self.description, "description", maximum=TEXT_MAX)
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise XBezahldiensteError("an integer is required", path="quantity")
        if not 1 <= self.quantity <= 999_999:
            raise XBezahldiensteError("must be 1 to 999999", path="quantity")
        _cents(self.total_net_cents, "totalNetAmount")
        _cents(self.total_tax_cents, "totalTaxAmount")
        _cents(self.single_tax_cents, "singleTaxAmount")
        if self.single_net_cents is not None:
            _cents(self.single_net_cents, "singleNetAmount")
        if not isinstance(self.tax_rate, Decimal) or not 0 <= self.tax_rate <= 100:
            raise XBezahldiensteError("a percentage from 0 to 100 is required", path="taxRate")
        for key, value in self.booking_data:
            _text(key, f"bookingData.{key}", maximum=TEXT_MAX)
            _text(value, f"bookingData.{key}", maximum=TEXT_MAX, minimum=0)

    @property
    def gross_cents(self) -> int:
        return self.total_net_cents + self.total_tax_cents


def _prefixed(prefix: str, exc: XBezahldiensteError) -> XBezahldiensteError:
    path = f"{prefix}.{exc.path}" if exc.path else prefix
    return XBezahldiensteError(exc.message, path=path)


@dataclass(frozen=True)
class PaymentRequest:
    request_id: str
    request_timestamp: datetime
    gros_amount_cents: int
    purpose: str
    redirect_url: str
    items: tuple[PaymentItem, ...]
    description: str = ""
    currency: str = "EUR"
    requestor: Requestor | None = None

    def __post_init__(self) -> None:
        _text(self.request_id, "requestId", maximum=ID_MAX, pattern=ID_RE)
        _aware(self.request_timestamp, "requestTimestamp")
        _text(self.currency, "currency", maximum=3, minimum=3, pattern=CURRENCY_RE)
        if self.currency not in CURRENCIES:
            raise XBezahldiensteError("only EUR is supported", path="currency")
        _cents(self.gros_amount_cents, "grosAmount", allow_zero=False)
        _text(self.purpose, "purpose", maximum=PURPOSE_MAX, pattern=PURPOSE_RE)
        _optional_text(self.description, "description", maximum=TEXT_MAX, pattern=DESCRIPTION_RE)
        _url(self.redirect_url, "redirectUrl")
        if not isinstance(self.items, tuple) or not 1 <= len(self.items) <= ITEMS_MAX:
            raise XBezahldiensteError(f"1 to {ITEMS_MAX} items are required", path="items")
        for i, item in enumerate(self.items):
            if not isinstance(item, PaymentItem):
                raise XBezahldiensteError("a PaymentItem is required", path=f"items[{i}]")
        if len({item.id for item in self.items}) != len(self.items):
            raise XBezahldiensteError("item ids must be unique", path="items")
        total = sum(item.gross_cents for item in self.items)
        if total != self.gros_amount_cents:
            raise XBezahldiensteError(
                f"{cents_to_json(self.gros_amount_cents)} is not the sum of the items "
                f"({cents_to_json(total)})",
                path="grosAmount",
            )


# --- the answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentInformation:
    transaction_id: str
    status: Status
    transaction_url: str = ""
    transaction_redirect_url: str = ""
    transaction_reference: str = ""
    transaction_timestamp: datetime | None = None
    payment_method: PaymentMethod | None = None
    payment_method_detail: str = ""
    status_detail: str = ""

    def __post_init__(self) -> None:
        _text(self.transaction_id, "transactionId", maximum=TRANSACTION_ID_MAX, pattern=ID_RE)
        if not isinstance(self.status, Status):
            raise XBezahldiensteError("unknown status", path="status")
        if self.transaction_url:
            _url(self.transaction_url, "transactionUrl")
        if self.transaction_redirect_url:
            _url(self.transaction_redirect_url, "transactionRedirectUrl")
        _optional_text(
            self.transaction_reference, "transactionReference", maximum=ID_MAX, pattern=ID_RE
        )
        if self.transaction_timestamp is not None:
            _aware(self.transaction_timestamp, "transactionTimestamp")
        _optional_text(self.payment_method_detail, "paymentMethodDetail", maximum=TEXT_MAX)
        _optional_text(self.status_detail, "statusDetail", maximum=TEXT_MAX)


@dataclass(frozen=True)
class PaymentTransaction:
    payment_information: PaymentInformation
    payment_request: PaymentRequest | None = None


@dataclass(frozen=True)
class SystemResponse:
    """The provider's error body (``application/problem+json``)."""

    status: int
    title: str = ""
    detail: str = ""
    type: str = ""
    functional_code: str = ""


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
