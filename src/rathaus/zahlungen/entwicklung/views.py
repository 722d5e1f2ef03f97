"""The development payment provider: XBezahldienste 1.0 on loopback, inside Rathaus.

API (JSON, HTTP Basic with RATHAUS_XBEZAHLDIENSTE_BENUTZER/_PASSWORT, or a Bearer token
from its OAuth2 client-credentials endpoint ``api/token``):
``POST api/paymenttransaction/{originatorId}/{endPointId}``,
``GET  api/paymenttransaction/{originatorId}/{endPointId}/{transactionId}``,
``GET  api/status/{originatorId}/{endPointId}``. Requests are checked with the codec of
`rathaus.standards.xbezahldienste`; errors are ``application/problem+json`` with the
standard's functionalCode.

Pay page ``bezahlen/{transactionId}/`` with "Bezahlen", "Bezahlen – Bestätigung verspätet"
(the status query reports FAILED once, then PAYED: the late capture that must still end as
paid), "Fehlschlagen" and "Abbrechen"; afterwards it sends the browser to the request's
redirectUrl. Simulated faults for the API (`EntwicklungStoerung`): answers 500, or answers
only after RATHAUS_XBEZAHLDIENSTE_TIMEOUT + 1 s, switched on the page ``stoerungen/`` (or
`stoerung_setzen` in tests).

Only on when RATHAUS_DEV_ZAHLUNG is set; otherwise every view answers 404.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.standards import xbezahldienste as xb

from ..models import EntwicklungStoerung, EntwicklungTransaktion

BODY_MAX = 200_000
TOKEN_SEKUNDEN = 300
KNOEPFE = {
    "bezahlen": ("PAYED", ""),
    "spaet": ("PAYED", "FAILED"),
    "fehlschlagen": ("FAILED", ""),
    "abbrechen": ("CANCELED", ""),
}


def _nur_wenn_aktiv(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.RATHAUS_DEV_ZAHLUNG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _problem(status: int, code: str, detail: str) -> JsonResponse:
    body = {
        "type": "about:blank",
        "status": status,
        "title": {
            400: "Bad Request",
            401: "Unauthorized",
            403: "Forbidden",
            404: "Not Found",
            409: "Conflict",
            413: "Payload Too Large",
            500: "Internal Server Error",
        }.get(status, "Error"),
        "detail": detail[:2000],
        "functionalCode": code,
    }
    antwort = JsonResponse(body, status=status, content_type="application/problem+json")
    if status == 401:
        antwort["WWW-Authenticate"] = 'Basic realm="dev-zahlung"'
    return antwort


def _token_signatur(ablauf: int) -> str:
    return hmac.new(
        f"dev-zahlung-token:{settings.SECRET_KEY}".encode(), str(ablauf).encode(), hashlib.sha256
    ).hexdigest()


def _basic_ok(kopf: str) -> bool:
    try:
        benutzer, _, passwort = base64.b64decode(kopf, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return hmac.compare_digest(
        benutzer.encode(), str(settings.RATHAUS_XBEZAHLDIENSTE_BENUTZER).encode()
    ) & hmac.compare_digest(
        passwort.encode(), str(settings.RATHAUS_XBEZAHLDIENSTE_PASSWORT).encode()
    ) and bool(settings.RATHAUS_XBEZAHLDIENSTE_PASSWORT)


def _bearer_ok(token: str) -> bool:
    ablauf, _, signatur = token.partition(".")
    if not ablauf.isdigit() or int(ablauf) < time.time():
        return False
    return hmac.compare_digest(signatur, _token_signatur(int(ablauf)))


def _api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Authentication, tenant check and the simulated faults of the API."""

    @wraps(view)
    def wrapped(request: HttpRequest, originator: str, endpoint: str, **kw: Any) -> HttpResponse:
        art, _, wert = request.headers.get("Authorization", "").partition(" ")
        if not ((art == "Basic" and _basic_ok(wert)) or (art == "Bearer" and _bearer_ok(wert))):
            return _problem(401, "FORBIDDEN", "Anmeldung fehlt oder ist falsch.")
        if (originator, endpoint) != (
            settings.RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID,
            settings.RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID,
        ):
            return _problem(404, "NO_VALID_ORIGINATOR_OR_ENDPOINT", "Mandant unbekannt.")
        stoerung = _stoerung_nehmen()
        if stoerung == "500":
            return _problem(500, "UNSPECIFIED", "Simulierter Fehler.")
        if stoerung == "timeout":
            time.sleep(float(settings.RATHAUS_XBEZAHLDIENSTE_TIMEOUT) + 1)
        return view(request, originator, endpoint, **kw)

    return wrapped


def _stoerung_nehmen() -> str:
    with transaction.atomic():
        s = EntwicklungStoerung.objects.select_for_update().filter(anzahl__gt=0).first()
        if s is None:
            return ""
        s.anzahl -= 1
        s.save(update_fields=["anzahl"])
        return s.art


def stoerung_setzen(art: str, anzahl: int = 1) -> None:
    """Simulate `anzahl` faults of kind ``"500"`` or ``"timeout"`` (tests, dev page)."""
    EntwicklungStoerung.objects.update_or_create(pk=1, defaults={"art": art, "anzahl": anzahl})


def _basis(request: HttpRequest) -> str:
    return str(settings.RATHAUS_BASE_URL).rstrip("/")


def _antwort(request: HttpRequest, tx: EntwicklungTransaktion, *, abfrage: bool) -> HttpResponse:
    status = tx.status
    if abfrage and tx.gemeldet:
        status = tx.gemeldet  # late capture: reported once as FAILED
        EntwicklungTransaktion.objects.filter(pk=tx.pk).update(gemeldet="")
    info: dict[str, Any] = {
        "transactionId": tx.transaktion_id,
        "transactionUrl": _basis(request)
        + reverse(
            "zahlungen:entwicklung_api_transaktion",
            args=[tx.originator_id, tx.endpoint_id, tx.transaktion_id],
        ),
        "status": status,
    }
    if status == "INITIAL":
        info["transactionRedirectUrl"] = _basis(request) + reverse(
            "zahlungen:entwicklung_bezahlen", args=[tx.transaktion_id]
        )
    if status == "PAYED":
        info["paymentMethod"] = tx.zahlungsmethode or "OTHER"
        if tx.bezahlt_am:
            info["transactionTimestamp"] = tx.bezahlt_am.isoformat(timespec="milliseconds")
    body = xb.dumps({"paymentInformation": info, "paymentRequest": _exakt(tx.anfrage)})
    return HttpResponse(body, content_type="application/json")


def _exakt(anfrage: str) -> dict[str, Any]:
    """The stored request (JSON text) as a dict with exact amounts."""
    return xb.request_to_dict(xb.request_from_json(anfrage))


@csrf_exempt
@_nur_wenn_aktiv
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """OAuth2 client credentials (client id and secret by HTTP Basic or in the form)."""
    art, _, wert = request.headers.get("Authorization", "").partition(" ")
    ok = art == "Basic" and _basic_ok(wert)
    if not ok and request.POST.get("client_id"):
        kennung = base64.b64encode(
            f"{request.POST.get('client_id')}:{request.POST.get('client_secret', '')}".encode()
        ).decode()
        ok = _basic_ok(kennung)
    if request.POST.get("grant_type") != "client_credentials":
        return JsonResponse({"error": "unsupported_grant_type"}, status=400)
    if not ok:
        return JsonResponse({"error": "invalid_client"}, status=401)
    ablauf = int(time.time()) + TOKEN_SEKUNDEN
    return JsonResponse(
        {
            "access_token": f"{ablauf}.{_token_signatur(ablauf)}",
            "token_type": "Bearer",
            "expires_in": TOKEN_SEKUNDEN,
        }
    )


@csrf_exempt
@_nur_wenn_aktiv
@require_POST
@_api
def transaktion_anlegen(request: HttpRequest, originator: str, endpoint: str) -> HttpResponse:
    if len(request.body) > BODY_MAX:
        return _problem(413, "VALIDATION_ERROR", "Anfrage zu groß.")
    try:
        anfrage = xb.request_from_json(request.body)
    except xb.XBezahldiensteError as exc:
        code = "CALCULATION_ERROR" if exc.path == "grosAmount" else "VALIDATION_ERROR"
        return _problem(400, code, str(exc))
    try:
        with transaction.atomic():
            tx = EntwicklungTransaktion.objects.create(
                transaktion_id=f"DEV{secrets.token_hex(12)}",
                originator_id=originator,
                endpoint_id=endpoint,
                anfrage_id=anfrage.request_id,
                anfrage=xb.request_to_json(anfrage),
            )
    except IntegrityError:
        return _problem(409, "PAYMENT_EXISTS", f"requestId {anfrage.request_id} existiert.")
    return _antwort(request, tx, abfrage=False)


@csrf_exempt
@_nur_wenn_aktiv
@require_GET
@_api
def transaktion_abfragen(
    request: HttpRequest, originator: str, endpoint: str, transaktion_id: str
) -> HttpResponse:
    tx = EntwicklungTransaktion.objects.filter(
        transaktion_id=transaktion_id, originator_id=originator, endpoint_id=endpoint
    ).first()
    if tx is None:
        return _problem(404, "VALIDATION_ERROR", "Transaktion unbekannt.")
    return _antwort(request, tx, abfrage=True)


@csrf_exempt
@_nur_wenn_aktiv
@require_GET
@_api
def status(request: HttpRequest, originator: str, endpoint: str) -> HttpResponse:
    return JsonResponse({"status": "OK"})


@_nur_wenn_aktiv
@require_http_methods(["GET", "POST"])
def bezahlen(request: HttpRequest, transaktion_id: str) -> HttpResponse:
    """The provider's pay page with its four buttons."""
    tx = get_object_or_404(EntwicklungTransaktion, transaktion_id=transaktion_id)
    anfrage = xb.request_from_json(tx.anfrage)
    if request.method == "POST":
        knopf = request.POST.get("aktion", "")
        if knopf not in KNOEPFE:
            return HttpResponseBadRequest()
        with transaction.atomic():
            tx = EntwicklungTransaktion.objects.select_for_update().get(pk=tx.pk)
            if tx.status == "INITIAL":
                tx.status, tx.gemeldet = KNOEPFE[knopf]
                if tx.status == "PAYED":
                    tx.zahlungsmethode = "CREDITCARD"
                    tx.bezahlt_am = timezone.now()
                tx.save()
        ziel = anfrage.redirect_url
        trenner = "&" if "?" in ziel else "?"
        return HttpResponseRedirect(
            f"{ziel}{trenner}{urlencode({'transactionId': tx.transaktion_id})}"
        )
    return render(
        request,
        "zahlungen/entwicklung/bezahlen.html",
        {
            "tx": tx,
            "anfrage": anfrage,
            "betrag": xb.cents_to_json(anfrage.gros_amount_cents),
            "offen": tx.status == "INITIAL",
        },
    )


STOERUNGEN = ("", "500", "timeout")


@_nur_wenn_aktiv
@require_http_methods(["GET", "POST"])
def stoerungen(request: HttpRequest) -> HttpResponse:
    """The provider's switches: the next N API calls answer 500 or time out."""
    fehler = ""
    if request.method == "POST":
        art = request.POST.get("art", "")
        anzahl = request.POST.get("anzahl", "1").strip()
        if art not in STOERUNGEN or not anzahl.isdigit() or not 0 <= int(anzahl) <= 100:
            fehler = _("Bitte wählen Sie eine Störung und eine Anzahl von 0 bis 100.")
        else:
            stoerung_setzen(art, int(anzahl) if art else 0)
            return HttpResponseRedirect(reverse("zahlungen:entwicklung_stoerungen"))
    aktuell = EntwicklungStoerung.objects.filter(pk=1, anzahl__gt=0).first()
    return render(
        request,
        "zahlungen/entwicklung/stoerungen.html",
        {"aktuell": aktuell, "fehler": fehler},
        status=400 if fehler else 200,
    )
