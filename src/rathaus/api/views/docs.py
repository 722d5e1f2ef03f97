"""API root, OpenAPI document and Swagger UI under our Content Security Policy.

Swagger UI comes from the pinned `drf-spectacular-sidecar` package (static files, no
CDN). drf-spectacular's split view delivers the init script as a separate same-origin
request (`?script`), and our template moves the page's inline style to a static file,
so `script-src 'self'` and `style-src 'self'` hold without exceptions.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response

from .base import KatalogView

_RESOURCES = {
    "leistungen": "api:leistung-list",
    "organisationseinheiten": "api:organisationseinheit-list",
    "themenfelder": "api:themenfeld-list",
    "lebenslagen": "api:lebenslage-list",
    "ozg_leistungen": "api:ozg-leistung-list",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRootView(KatalogView):
    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {name: request.build_absolute_uri(reverse(url)) for name, url in _RESOURCES.items()}
        )


class SchemaView(SpectacularAPIView):
    http_method_names = ["get", "head", "options"]


class SwaggerView(SpectacularSwaggerSplitView):
    http_method_names = ["get", "head", "options"]
    template_name = "api/swagger_ui.html"
