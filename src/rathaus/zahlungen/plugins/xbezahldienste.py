"""Plugin ``xbezahldienste``: XBezahldienste 1.0 over HTTP (ePayBL, pmPayment, epay21 …).

POST ``/paymenttransaction/{originatorId}/{endPointId}`` creates the transaction, GET
``…/{transactionId}`` asks its status. Authentication as configured: HTTP Basic, OAuth2
client credentials (token cached until shortly before it expires) or none. Every call has
the timeout RATHAUS_XBEZAHLDIENSTE_TIMEOUT; a timeout, a 5xx or a body that breaks the
interface is an `AnbieterFehler` (nothing known, nothing changed).

Without RATHAUS_XBEZAHLDIENSTE_URL and with RATHAUS_DEV_ZAHLUNG on, the plugin talks to the
development provider of this installation (`zahlungen.entwicklung`) over HTTP, so the
same code runs against the real and the development provider.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rathaus.standards import xbezahldienste as xb

from . import (
    AnbieterAbgelehnt,
    AnbieterFehler,
    Auftrag,
    Stand,
    Start,
    Zahlungsanbieter,
    zahlungsanbieter,
)

ANTWORT_MAX_BYTES = 1_000_000
_token_lock = threading.Lock()
_token: dict[str, tuple[str, float]] = {}


def basis_url() -> str:
    """The provider's base URL; the development provider's when none is configured."""
    if settings.RATHAUS_XBEZAHLDIENSTE_URL:
        return str(settings.RATHAUS_XBEZAHLDIENSTE_URL).rstrip("/")
    if settings.RATHAUS_DEV_ZAHLUNG:
        pfad = reverse("zahlungen:entwicklung_api_status", args=["x", "y"])
        pfad = pfad.removesuffix("/status/x/y")
        return f"{str(settings.RATHAUS_BASE_URL).rstrip('/')}{pfad}"
    return ""


def _kopf() -> dict[str, str]:
    kopf = {"Accept": "application/json", "Content-Type": "application/json"}
    art = settings.RATHAUS_XBEZAHLDIENSTE_AUTH
    if art == "oauth2":
        kopf["Authorization"] = f"Bearer {_oauth2_token()}"
    return kopf


def _basic() -> tuple[str, str] | None:
    if settings.RATHAUS_XBEZAHLDIENSTE_AUTH == "basic":
        return (
            str(settings.RATHAUS_XBEZAHLDIENSTE_BENUTZER),
            str(settings.RATHAUS_XBEZAHLDIENSTE_PASSWORT),
        )
    return None


def _oauth2_token() -> str:
    url = str(settings.RATHAUS_XBEZAHLDIENSTE_TOKEN_URL)
    if not url:
        raise AnbieterFehler("RATHAUS_XBEZAHLDIENSTE_TOKEN_URL fehlt")
    schluessel = f"{url}|{settings.RATHAUS_XBEZAHLDIENSTE_BENUTZER}"
    with _token_lock:
        vorhanden = _token.get(schluessel)
        if vorhanden and vorhanden[1] > time.monotonic() + 10:
            return vorhanden[0]
    try:
        antwort = requests.post(
            url,
            data={"grant_type": "client_credentials"},
            auth=(
                str(settings.RATHAUS_XBEZAHLDIENSTE_BENUTZER),
                str(settings.RATHAUS_XBEZAHLDIENSTE_PASSWORT),
            ),
            timeout=settings.RATHAUS_XBEZAHLDIENSTE_TIMEOUT,
        )
        daten = antwort.json() if antwort.status_code == 200 else None
    except (requests.RequestException, ValueError) as exc:
        raise AnbieterFehler(f"Token: {type(exc).__name__}") from exc
    if not isinstance(daten, dict) or not isinstance(daten.get("access_token"), str):
        raise AnbieterFehler(f"Token: HTTP {antwort.status_code}")
    dauer = daten.get("expires_in")
    dauer = dauer if isinstance(dauer, int) and not isinstance(dauer, bool) else 300
    with _token_lock:
        _token[schluessel] = (daten["access_token"], time.monotonic() + dauer)
    return str(daten["access_token"])


def _aufruf(methode: str, url: str, body: str | None = None) -> bytes:
    try:
        antwort = requests.request(
            methode,
            url,
            data=body.encode() if body is not None else None,
            headers=_kopf(),
            auth=_basic(),
            timeout=settings.RATHAUS_XBEZAHLDIENSTE_TIMEOUT,
            allow_redirects=False,
            stream=True,
        )
        inhalt = antwort.raw.read(ANTWORT_MAX_BYTES + 1, decode_content=True)
        antwort.close()
    except requests.RequestException as exc:
        raise AnbieterFehler(f"{methode} {url}: {type(exc).__name__}") from exc
    if len(inhalt) > ANTWORT_MAX_BYTES:
        raise AnbieterFehler(f"{methode} {url}: answer too large")
    if antwort.status_code == 200:
        return bytes(inhalt)
    if 400 <= antwort.status_code < 500:
        try:
            problem = xb.system_response_from_json(inhalt)
        except xb.XBezahldiensteError:
            problem = xb.SystemResponse(status=antwort.status_code)
        if antwort.status_code == 401:
            _token.clear()  # an expired or revoked token: fetch a new one next time
        raise AnbieterAbgelehnt(
            f"{methode} {url}: HTTP {antwort.status_code} {problem.functional_code} "
            f"{problem.detail}".strip(),
            code=problem.functional_code,
            status=antwort.status_code,
        )
    raise AnbieterFehler(f"{methode} {url}: HTTP {antwort.status_code}")


def _stand(tx: xb.PaymentTransaction) -> Stand:
    info = tx.payment_information
    return Stand(
        transaktion_id=info.transaction_id,
        status=info.status.value,
        zahlungsmethode=info.payment_method.value if info.payment_method else "",
        bezahlt_am=info.transaction_timestamp,
        betrag_cent=tx.payment_request.gros_amount_cents if tx.payment_request else None,
        detail=info.status_detail,
    )


@zahlungsanbieter.register("xbezahldienste")
class XBezahldienste(Zahlungsanbieter):
    ident = "xbezahldienste"
    bezeichnung = _("Online bezahlen")
    online = True

    def verfuegbar(self) -> bool:
        return bool(basis_url())

    def _pfad(self) -> str:
        return (
            f"{basis_url()}/paymenttransaction/"
            f"{quote(settings.RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID, safe='')}/"
            f"{quote(settings.RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID, safe='')}"
        )

    def anfrage(self, auftrag: Auftrag) -> xb.PaymentRequest:
        """The PaymentRequest of an attempt (each position one item, booked by the
        Kassenzeichen)."""
        return xb.PaymentRequest(
            request_id=auftrag.anfrage_id,
            request_timestamp=auftrag.erstellt_am,
            gros_amount_cents=auftrag.betrag_cent,
            purpose=auftrag.zweck,
            description=xb.description_text(auftrag.beschreibung),
            redirect_url=auftrag.rueckkehr_url,
            items=tuple(
                xb.PaymentItem(
                    id=p.id,
                    reference=p.referenz,
                    description=xb.description_text(p.bezeichnung)[:250],
                    quantity=p.menge,
                    total_net_cents=p.betrag_cent,
                    booking_data=(("kassenzeichen", auftrag.kassenzeichen),),
                )
                for p in auftrag.positionen
            ),
        )

    def starten(self, auftrag: Auftrag) -> Start:
        body = xb.request_to_json(self.anfrage(auftrag))
        tx = self._lesen(_aufruf("POST", self._pfad(), body))
        info = tx.payment_information
        if info.status is not xb.Status.INITIAL or not info.transaction_redirect_url:
            raise AnbieterFehler(f"POST: status {info.status.value} without a pay page")
        if tx.payment_request is not None and (
            tx.payment_request.gros_amount_cents != auftrag.betrag_cent
            or tx.payment_request.request_id != auftrag.anfrage_id
        ):
            raise AnbieterFehler("POST: the provider echoes another request")
        return Start(
            transaktion_id=info.transaction_id, weiterleitung=info.transaction_redirect_url
        )

    def abfragen(self, transaktion_id: str) -> Stand:
        url = f"{self._pfad()}/{quote(transaktion_id, safe='')}"
        stand = _stand(self._lesen(_aufruf("GET", url)))
        if stand.transaktion_id != transaktion_id:
            raise AnbieterFehler("GET: the provider answers about another transaction")
        return stand

    def _lesen(self, inhalt: bytes) -> xb.PaymentTransaction:
        try:
            return xb.transaction_from_json(inhalt)
        except xb.XBezahldiensteError as exc:
            raise AnbieterFehler(f"malformed answer: {exc}") from exc

    def status(self) -> dict[str, Any]:
        """The provider's health answer for this tenant (``/status``)."""
        inhalt = _aufruf(
            "GET",
            f"{basis_url()}/status/{settings.RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID}/"
            f"{settings.RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID}",
        )
        return {"ok": True, "bytes": len(inhalt)}
