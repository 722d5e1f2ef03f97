"""Limits, text helpers (transliteration), amounts and field checks of XBezahldienste 1.0."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
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


def _prefixed(prefix: str, exc: XBezahldiensteError) -> XBezahldiensteError:
    path = f"{prefix}.{exc.path}" if exc.path else prefix
    return XBezahldiensteError(exc.message, path=path)
