"""A small OpenID Connect provider for development and tests (authorization code flow).

Discovery, JWKS, authorize (a form listing the test persons), token (client secret,
PKCE S256/plain, one-time codes) and userinfo; RS256-signed id tokens carrying `acr`.
It keeps no login session of its own: every authorization asks for a test person, so it
never touches the session of the Rathaus site it is embedded in.
Only on when RATHAUS_DEV_IDP is set (the default without RATHAUS_OIDC_ISSUER).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import keys
from .models import AccessToken, AuthorizationCode
from .personen import ACR, NIVEAU_LABEL, NIVEAUS, TESTPERSONEN, testperson

CODE_SECONDS = 60
TOKEN_SECONDS = 300
SCOPES = ("openid", "profile", "email", "address")
# Parameters of an authorization request that the login form carries along.
WEITERGEGEBEN = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "acr_values",
    "ui_locales",
)


def issuer() -> str:
    root = reverse("dev_idp:discovery").removesuffix("/.well-known/openid-configuration")
    return f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{root}"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str
    redirect_uris: tuple[str, ...]


def registered_client() -> Client:
    """The one client: Rathaus itself, with its callback under RATHAUS_BASE_URL."""
    callback = reverse(settings.OIDC_AUTHENTICATION_CALLBACK_URL)
    return Client(
        client_id=str(settings.OIDC_RP_CLIENT_ID),
        secret=str(settings.OIDC_RP_CLIENT_SECRET),
        redirect_uris=(f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{callback}",),
    )


def _nur_wenn_aktiv(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.RATHAUS_DEV_IDP:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def _oauth_fehler(error: str, description: str, status: int = 400) -> HttpResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    if error == "invalid_client":
        response["WWW-Authenticate"] = 'Basic realm="dev-idp"'
    return _no_store(response)


# --- Discovery and keys --------------------------------------------------------------


@_nur_wenn_aktiv
@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    iss = issuer()
    base = str(settings.RATHAUS_BASE_URL).rstrip("/")
    return JsonResponse(
        {
            "issuer": iss,
            "authorization_endpoint": base + reverse("dev_idp:authorize"),
            "token_endpoint": base + reverse("dev_idp:token"),
            "userinfo_endpoint": base + reverse("dev_idp:userinfo"),
            "jwks_uri": base + reverse("dev_idp:jwks"),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(SCOPES),
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
            "code_challenge_methods_supported": ["S256", "plain"],
            "acr_values_supported": list(ACR.values()),
            "claims_supported": [
                "sub",
                "acr",
                "auth_time",
                "given_name",
                "family_name",
                "name",
                "birthdate",
                "email",
                "address",
                "givenname",
                "surname",
                "birthName",
                "placeOfBirth",
                "mail",
                "postalAddress",
                "postalCode",
                "localityName",
                "country",
            ],
            "ui_locales_supported": ["de", "en"],
            "claims_parameter_supported": False,
            "request_parameter_supported": False,
        }
    )


@_nur_wenn_aktiv
@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.jwks())


# --- Authorization -------------------------------------------------------------------


class OhneRueckleitung(Exception):
    """The request names no registered client/redirect_uri: never redirect (RFC 6749 4.1.2.1)."""


class MitRueckleitung(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass
class Autorisierung:
    client_id: str
    redirect_uri: str
    state: str
    scopes: set[str]
    nonce: str
    code_challenge: str
    code_challenge_method: str
    mindestniveau: str
    weiter: list[tuple[str, str]] = field(default_factory=list)


def _mindestniveau(acr_values: str) -> str:
    """The lowest level among the requested acr values: that much at least is wanted."""
    gefragt = [n for n in NIVEAUS if ACR[n] in acr_values.split()]
    return gefragt[0] if gefragt else "basis"


def _pruefen(params: QueryDict) -> Autorisierung:
    client = registered_client()
    if params.get("client_id", "") != client.client_id:
        raise OhneRueckleitung(_("Der anfragende Dienst ist hier nicht registriert."))
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in client.redirect_uris:
        raise OhneRueckleitung(_("Die Rücksprungadresse ist für diesen Dienst nicht registriert."))
    auth = Autorisierung(
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        state=params.get("state", ""),
        scopes=set(params.get("scope", "").split()),
        nonce=params.get("nonce", ""),
        code_challenge=params.get("code_challenge", ""),
        code_challenge_method=params.get("code_challenge_method", ""),
        mindestniveau=_mindestniveau(params.get("acr_values", "")),
        weiter=[(name, str(params.get(name))) for name in WEITERGEGEBEN if params.get(name)],
    )
    if params.get("response_type") != "code":
        raise MitRueckleitung("unsupported_response_type", "only response_type=code")
    if "openid" not in auth.scopes:
        raise MitRueckleitung("invalid_scope", "scope must contain openid")
    if auth.code_challenge:
        auth.code_challenge_method = auth.code_challenge_method or "plain"
        if auth.code_challenge_method not in ("S256", "plain"):
            raise MitRueckleitung("invalid_request", "unsupported code_challenge_method")
    elif auth.code_challenge_method:
        raise MitRueckleitung("invalid_request", "code_challenge_method without code_challenge")
    if "none" in params.get("prompt", "").split():
        # No session of our own: a login without interaction is never possible.
        raise MitRueckleitung("login_required", "the development provider always asks")
    return auth


def _zurueck(auth: Autorisierung, **params: str) -> HttpResponseRedirect:
    if auth.state:
        params["state"] = auth.state
    trenner = "&" if "?" in auth.redirect_uri else "?"
    return HttpResponseRedirect(f"{auth.redirect_uri}{trenner}{urlencode(params)}")


def _sprache(request: HttpRequest, params: QueryDict) -> None:
    """ui_locales counts unless the visitor chose a language on the site (cookie)."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    for locale in params.get("ui_locales", "").split():
        code = locale.split("-")[0].lower()
        if code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
            return


def _formular(
    request: HttpRequest, auth: Autorisierung, *, fehler: str = "", status: int = 200
) -> HttpResponse:
    rang = NIVEAUS.index(auth.mindestniveau)
    personen = [p for p in TESTPERSONEN if NIVEAUS.index(p.niveau) >= rang]
    return render(
        request,
        "dev_idp/anmelden.html",
        {
            "auth": auth,
            "personen": personen,
            "fehler": fehler,
            "hoeher": rang > 0,
            "mindestniveau_label": NIVEAU_LABEL[auth.mindestniveau],
        },
        status=status,
    )


@_nur_wenn_aktiv
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    _sprache(request, params)
    try:
        auth = _pruefen(params)
    except OhneRueckleitung as exc:
        return render(request, "dev_idp/fehler.html", {"text": str(exc)}, status=400)
    except MitRueckleitung as exc:
        client = registered_client()
        ziel = params.get("redirect_uri", "")
        state = params.get("state", "")
        if ziel not in client.redirect_uris:  # unreachable, _pruefen checked it
            raise Http404 from exc
        query = {"error": exc.error, "error_description": exc.description}
        if state:
            query["state"] = state
        return HttpResponseRedirect(f"{ziel}?{urlencode(query)}")
    if request.method == "GET":
        return _formular(request, auth)
    if request.POST.get("aktion") == "abbrechen":
        return _zurueck(auth, error="access_denied", error_description="cancelled by the user")
    person = testperson(request.POST.get("person", ""))
    if person is None or NIVEAUS.index(person.niveau) < NIVEAUS.index(auth.mindestniveau):
        return _formular(
            request, auth, fehler=_("Bitte wählen Sie eine Testperson aus."), status=400
        )
    code = secrets.token_urlsafe(32)
    jetzt = timezone.now()
    AuthorizationCode.objects.create(
        code_hash=_hash(code),
        client_id=auth.client_id,
        redirect_uri=auth.redirect_uri,
        person=person.kennung,
        scope=" ".join(sorted(auth.scopes & set(SCOPES))),
        nonce=auth.nonce,
        code_challenge=auth.code_challenge,
        code_challenge_method=auth.code_challenge_method,
        auth_time=jetzt,
        expires_at=jetzt + timedelta(seconds=CODE_SECONDS),
    )
    return _zurueck(auth, code=code)


# --- Token ---------------------------------------------------------------------------


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _pkce_ok(code: AuthorizationCode, verifier: str) -> bool:
    if not code.code_challenge:
        return not verifier
    if code.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        berechnet = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    else:
        berechnet = verifier
    return hmac.compare_digest(berechnet, code.code_challenge)


def _id_token(code: AuthorizationCode, access_token: str) -> str:
    person = testperson(code.person)
    if person is None:
        raise ValueError("unknown test person")
    jetzt = int(timezone.now().timestamp())
    at_hash = hashlib.sha256(access_token.encode()).digest()[:16]
    claims: dict[str, Any] = {
        "iss": issuer(),
        "sub": person.sub,
        "aud": code.client_id,
        "azp": code.client_id,
        "iat": jetzt,
        "exp": jetzt + TOKEN_SECONDS,
        "auth_time": int(code.auth_time.timestamp()),
        "acr": person.acr,
        "at_hash": base64.urlsafe_b64encode(at_hash).decode().rstrip("="),
    }
    if code.nonce:
        claims["nonce"] = code.nonce
    return jwt.encode(claims, keys.signing_key(), algorithm="RS256", headers={"kid": keys.kid()})


@_nur_wenn_aktiv
@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    client = registered_client()
    client_id, secret = _client_credentials(request)
    if not (
        hmac.compare_digest(client_id.encode(), client.client_id.encode())
        and hmac.compare_digest(secret.encode(), client.secret.encode())
    ):
        return _oauth_fehler("invalid_client", "client authentication failed", status=401)
    if request.POST.get("grant_type") != "authorization_code":
        return _oauth_fehler("unsupported_grant_type", "only authorization_code")
    with transaction.atomic():
        code = (
            AuthorizationCode.objects.select_for_update()
            .filter(code_hash=_hash(request.POST.get("code", "")))
            .first()
        )
        if code is None or code.client_id != client.client_id:
            return _oauth_fehler("invalid_grant", "unknown code")
        if code.used_at is not None:
            # RFC 6749 4.1.2: a replayed code revokes what the first use issued.
            code.tokens.all().delete()
            return _oauth_fehler("invalid_grant", "code already used")
        if code.expires_at <= timezone.now():
            return _oauth_fehler("invalid_grant", "code expired")
        if request.POST.get("redirect_uri", "") != code.redirect_uri:
            return _oauth_fehler("invalid_grant", "redirect_uri differs")
        if not _pkce_ok(code, request.POST.get("code_verifier", "")):
            return _oauth_fehler("invalid_grant", "PKCE verification failed")
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        access_token = secrets.token_urlsafe(32)
        AccessToken.objects.create(
            token_hash=_hash(access_token),
            code=code,
            person=code.person,
            scope=code.scope,
            expires_at=timezone.now() + timedelta(seconds=TOKEN_SECONDS),
        )
    return _no_store(
        JsonResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
                "scope": code.scope,
                "id_token": _id_token(code, access_token),
            }
        )
    )


@_nur_wenn_aktiv
@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    gefunden = None
    if header.startswith("Bearer "):
        gefunden = AccessToken.objects.filter(
            token_hash=_hash(header[7:].strip()), expires_at__gt=timezone.now()
        ).first()
    person = testperson(gefunden.person) if gefunden else None
    if gefunden is None or person is None:
        response = _no_store(JsonResponse({"error": "invalid_token"}, status=401))
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return _no_store(JsonResponse(person.claims(set(gefunden.scope.split()))))
