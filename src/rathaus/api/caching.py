"""HTTP caching of the public catalogue: ETag, 304 and `Cache-Control: public`.

Django's own ConditionalGetMiddleware does the work, applied per view: it hashes the
rendered body into a strong ETag and answers a matching `If-None-Match` with 304. The
body hash changes with every change of content, language and format, so no
invalidation is needed. Only successful JSON answers are marked public; the browsable
HTML API carries a CSRF token and stays private.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware

MAX_AGE_SECONDS = 300

_conditional_get = decorator_from_middleware(ConditionalGetMiddleware)

View = Callable[..., HttpResponseBase]


def _is_html(response: HttpResponseBase) -> bool:
    media_type = getattr(response, "accepted_media_type", None) or response.get("Content-Type", "")
    return str(media_type).startswith("text/html")


def cacheable(view: View) -> View:
    """Wrap a view: ETag + 304 for every GET, public caching for successful JSON."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if _is_html(response):
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return response

    return _conditional_get(cached_view)
