"""Writes of the api app: personal API tokens of staff members."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.konten.selectors import ist_mitarbeiter

from .models import SCOPE_LESEN, SCOPE_SCHREIBEN, SCOPES, ApiToken, scopes_standard
from .selectors import token_hash

PRAEFIX = "rhm_"  # distinguishable from the tokens of client systems ("rh_")
STANDARD_TAGE = 90
MAX_TAGE = 365
# A token is marked as used at most this often (no write on every request).
BENUTZT_AUFLOESUNG = timedelta(minutes=5)


def scopes_pruefen(scopes: Iterable[str] | None) -> list[str]:
    """The scopes of a new token in their fixed order; none given: read only. Writing
    includes reading (every write answers with data)."""
    if scopes is None:
        return scopes_standard()
    if isinstance(scopes, str) or not all(isinstance(s, str) for s in scopes):
        raise ValidationError(
            {"scopes": _("Erwartet eine Liste von Berechtigungen.")}, code="scopes"
        )
    gewaehlt = set(scopes)
    unbekannt = sorted(gewaehlt - set(SCOPES))
    if unbekannt:
        raise ValidationError(
            {
                "scopes": _("Unbekannte Berechtigung: %(namen)s (möglich: %(moeglich)s)")
                % {"namen": ", ".join(u[:50] for u in unbekannt[:5]), "moeglich": ", ".join(SCOPES)}
            },
            code="scopes",
        )
    if not gewaehlt:
        raise ValidationError(
            {"scopes": _("Ein Token braucht mindestens eine Berechtigung.")}, code="scopes"
        )
    if SCOPE_SCHREIBEN in gewaehlt:
        gewaehlt.add(SCOPE_LESEN)
    return [s for s in SCOPES if s in gewaehlt]


@transaction.atomic
def api_token_create(
    *,
    user: User,
    actor: Actor,
    name: str = "",
    tage: int = STANDARD_TAGE,
    scopes: Iterable[str] | None = None,
) -> tuple[ApiToken, str]:
    """Issue a personal token for a staff member; returns it and the secret (shown once,
    stored only as a SHA-256). The token expires after `tage` days (1–365) and may do what
    its `scopes` allow (default: read only, see `scopes_pruefen`)."""
    if not ist_mitarbeiter(user=user):
        raise ValidationError(
            {"user": _("API-Tokens gibt es nur für aktive Beschäftigte.")}, code="kein_mitarbeiter"
        )
    if isinstance(tage, bool) or not isinstance(tage, int) or not 1 <= tage <= MAX_TAGE:
        raise ValidationError(
            {"tage": _("Die Gültigkeit beträgt 1 bis %(n)d Tage.") % {"n": MAX_TAGE}},
            code="tage",
        )
    scopes = scopes_pruefen(scopes)
    name = (name or "").strip() or _("API-Zugang")
    if len(name) > 200:
        raise ValidationError({"name": _("Die Bezeichnung ist zu lang.")}, code="zu_lang")
    token = PRAEFIX + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        user=user,
        name=name,
        token_praefix=token[:12],
        token_sha256=token_hash(token),
        gueltig_bis=timezone.now() + timedelta(days=tage),
        scopes=scopes,
    )
    protokoll_write(
        actor=actor,
        action="api.token.create",
        target=api_token,
        details={
            "user": user.pk,
            "praefix": api_token.token_praefix,
            "gueltig_bis": api_token.gueltig_bis.isoformat(),
            "scopes": scopes,
        },
    )
    return api_token, token


@transaction.atomic
def api_token_revoke(*, api_token: ApiToken, actor: Actor) -> ApiToken:
    """Revoke a token at once; revoking a revoked token changes nothing."""
    api_token = ApiToken.objects.select_for_update().get(pk=api_token.pk)
    if api_token.widerrufen_am is not None:
        return api_token
    api_token.widerrufen_am = timezone.now()
    api_token.save(update_fields=["widerrufen_am", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="api.token.revoke",
        target=api_token,
        details={"user": api_token.user_id, "praefix": api_token.token_praefix},
    )
    return api_token


def api_token_benutzt(*, api_token: ApiToken) -> None:
    """Note the use of a token (at most every few minutes; not audited, the reads and
    writes done with it are)."""
    jetzt = timezone.now()
    if api_token.zuletzt_benutzt_am and jetzt - api_token.zuletzt_benutzt_am < BENUTZT_AUFLOESUNG:
        return
    ApiToken.objects.filter(pk=api_token.pk).update(zuletzt_benutzt_am=jetzt)
    api_token.zuletzt_benutzt_am = jetzt
