"""`limit`/`offset` pagination that answers bad values with a 400 naming the parameter.

DRF's LimitOffsetPagination silently replaces an invalid `limit` with the default and
passes any `offset` to the database (10**30 overflows SQLite's integer); here both are
checked: `limit` 1–100, `offset` 0–1,000,000,000.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

MAX_OFFSET = 1_000_000_000
_DIGITS = re.compile(r"[0-9]{1,12}")


class KatalogPagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100

    def _number(self, request: Request, name: str, *, minimum: int, maximum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        value = int(raw) if _DIGITS.fullmatch(raw) else None
        if value is None or not minimum <= value <= maximum:
            raise ValidationError(
                {
                    name: [
                        _("Eine ganze Zahl von %(min)d bis %(max)d wird erwartet.")
                        % {"min": minimum, "max": maximum}
                    ]
                }
            )
        return value

    def get_limit(self, request: Request) -> int:
        value = self._number(request, self.limit_query_param, minimum=1, maximum=self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request: Request) -> int:
        value = self._number(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)
        return 0 if value is None else value

    def window(self, request: Request) -> tuple[int, int]:
        """Validated (limit, offset) for a caller that fetches its page itself."""
        return self.get_limit(request), self.get_offset(request)

    def set_page(self, request: Request, *, count: int, limit: int, offset: int) -> None:
        """Record a page fetched by the caller, so `get_paginated_response` can link it."""
        self.request = request
        self.count = count
        self.limit = limit
        self.offset = offset
        self.display_page_controls = count > limit and self.template is not None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_limit,
                    "default": self.default_limit,
                }
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": MAX_OFFSET,
                    "default": 0,
                }
        return parameters


class LeistungPagination(KatalogPagination):
    """Adds `suche` (the parsed query, typo corrections, partial match) to the page."""

    suche: dict[str, Any] | None = None

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["suche"] = self.suche
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["suche"] = {
            "type": "object",
            "nullable": True,
            "description": "Nur bei `q`: die Anfrage, Tippfehlerkorrekturen, Teiltreffer.",
            "properties": {
                "anfrage": {"type": "string"},
                "korrekturen": {"type": "object", "additionalProperties": {"type": "string"}},
                "teiltreffer": {"type": "boolean"},
            },
            "required": ["anfrage", "korrekturen", "teiltreffer"],
        }
        paginated["required"] = [*paginated.get("required", []), "suche"]
        return paginated
