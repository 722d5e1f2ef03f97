"""XBezahldienste 1.0 (FITKO): the interface between an online service and a payment
provider, as a pure codec (no Django).

Frozen dataclasses for the request (`PaymentRequest` with `PaymentItem`, `Requestor`,
`Address`) and the answer (`PaymentTransaction` = `PaymentInformation` + the echoed
request), the documented limits checked on construction, JSON to and from, the provider's
error body (`SystemResponse`), and the text helpers that make a purpose or description
fit the interface (``purpose_text`` transliterates ä→ae, ö→oe, ü→ue, ß→ss).

Amounts are whole cents (`int`) on the Python side; the JSON numbers are written and read
exactly through `Decimal` (never a float). Every error is an `XBezahldiensteError` naming
the field path.
"""

from .codec import (
    dumps,
    request_from_dict,
    request_from_json,
    request_to_dict,
    request_to_json,
    system_response_from_json,
    system_response_to_json,
    transaction_from_dict,
    transaction_from_json,
    transaction_to_dict,
    transaction_to_json,
)
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
from .pruefung import cents_to_json, description_text, json_to_cents, purpose_text, transliterate

__all__ = [
    "Address",
    "PaymentInformation",
    "PaymentItem",
    "PaymentMethod",
    "PaymentRequest",
    "PaymentTransaction",
    "Requestor",
    "Status",
    "SystemResponse",
    "XBezahldiensteError",
    "cents_to_json",
    "description_text",
    "dumps",
    "json_to_cents",
    "purpose_text",
    "request_from_dict",
    "request_from_json",
    "request_to_dict",
    "request_to_json",
    "system_response_from_json",
    "system_response_to_json",
    "transaction_from_dict",
    "transaction_from_json",
    "transaction_to_dict",
    "transaction_to_json",
    "transliterate",
]
