"""Dataclasses of XBezahldienste 1.0, checked on construction (facts:
shared/data/xbezahldienste); the limits are readable here too (`model.AMOUNT_MAX_CENTS`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .errors import XBezahldiensteError
from .pruefung import (
    AMOUNT_MAX_CENTS,
    CURRENCIES,
    CURRENCY_RE,
    DESCRIPTION_RE,
    ID_MAX,
    ID_RE,
    ITEMS_MAX,
    PURPOSE_MAX,
    PURPOSE_RE,
    STATUS_DETAIL_MAX,
    TEXT_MAX,
    TRANSACTION_ID_MAX,
    URL_MAX,
    _aware,
    _cents,
    _optional_text,
    _text,
    _url,
    cents_to_json,
)


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


# The limits are part of this module's surface (`xbezahldienste.model.AMOUNT_MAX_CENTS`).
__all__ = [
    "AMOUNT_MAX_CENTS",
    "CURRENCIES",
    "CURRENCY_RE",
    "DESCRIPTION_RE",
    "ID_MAX",
    "ID_RE",
    "ITEMS_MAX",
    "PURPOSE_MAX",
    "PURPOSE_RE",
    "STATUS_DETAIL_MAX",
    "TEXT_MAX",
    "TRANSACTION_ID_MAX",
    "URL_MAX",
    "Address",
    "PaymentInformation",
    "PaymentItem",
    "PaymentMethod",
    "PaymentRequest",
    "PaymentTransaction",
    "Requestor",
    "Status",
    "SystemResponse",
]
