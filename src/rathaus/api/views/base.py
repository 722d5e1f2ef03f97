"""The base of every catalogue view: read-only, public, cacheable."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from ..caching import cacheable
from ..pagination import KatalogPagination
from ..renderers import KatalogBrowsableAPIRenderer

BAD_REQUEST = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"limit": ["Eine ganze Zahl von 1 bis 100 wird erwartet."]},
    },
    description="Ungültiger Parameter; die Antwort nennt ihn mit den Fehlermeldungen.",
)
NOT_FOUND = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}},
    description="Nicht gefunden.",
)


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT64, OpenApiParameter.PATH, description="Datenbank-Id"
)


class KatalogView(APIView):
    # GET/HEAD/OPTIONS only (anything else: 405); ETag, 304 and Cache-Control on GET.
    # (A comment, not a docstring: drf-spectacular would put it into every operation.)

    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer, KatalogBrowsableAPIRenderer]
    pagination_class: type[KatalogPagination] | None = None

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return cacheable(super().as_view(**initkwargs))

    def parse_query(self, serializer_class: type[Serializer[Any]]) -> dict[str, Any]:
        """Validated query parameters; a 400 naming each bad parameter otherwise."""
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @property
    def paginator(self) -> KatalogPagination | None:
        """One paginator per request (the browsable API reads it back, as in GenericAPIView)."""
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class() if self.pagination_class else None
        return self._paginator

    def list_paginator(self) -> KatalogPagination:
        paginator = self.paginator
        if paginator is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no pagination_class")
        return paginator


def not_found() -> Http404:
    return Http404(_("Nicht gefunden."))


def query_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})
