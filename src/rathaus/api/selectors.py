"""Reads of the api app: personal API tokens."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_gueltig(*, token: str) -> ApiToken | None:
    """The valid (not expired, not revoked) token with this secret, with its active user."""
    return (
        ApiToken.objects.select_related("user")
        .filter(
            token_sha256=token_hash(token),
            widerrufen_am__isnull=True,
            gueltig_bis__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def api_tokens_of(*, username: str | None = None) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("user").order_by("user__username", "-erstellt_am")
    return qs.filter(user__username=username) if username else qs
