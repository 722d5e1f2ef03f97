from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    result = health()
    return JsonResponse(
        {"status": "ok" if result.ok else "error", "checks": result.checks},
        status=200 if result.ok else 503,
    )
