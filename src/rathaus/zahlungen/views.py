"""Citizen pages of the payments: pay page, return from the provider, GiroCode, and the
provider's notification endpoint. Views parse, call a service, map errors."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .models import Benachrichtigung, Zahlung, ZahlungStatus
from .plugins import AnbieterFehler, anbieter_angeboten
from .plugins.girocode import GiroCode, qr_png, qr_svg
from .selectors import zahlung_fuer
from .services import ZahlungLaeuft, zahlung_notify, zahlung_return, zahlung_start

BENACHRICHTIGUNG_MAX_BYTES = 4096
BENACHRICHTIGUNG_FENSTER_SEKUNDEN = 300
ZAHLBAR = (ZahlungStatus.OFFEN, ZahlungStatus.FEHLGESCHLAGEN, ZahlungStatus.ABGEBROCHEN)


def _zahlung(request: HttpRequest, oeffentliche_id: str) -> Zahlung:
    zahlung = zahlung_fuer(
        oeffentliche_id=oeffentliche_id, user=request.user, sitzung=request.session
    )
    if zahlung is None:  # unknown, or another person's: the same answer
        raise Http404
    return zahlung


def _seite(
    request: HttpRequest,
    zahlung: Zahlung,
    *,
    fehler: str = "",
    zurueck: bool = False,
    erreicht: bool = True,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "zahlungen/bezahlen.html",
        {
            "zahlung": zahlung,
            "angebote": anbieter_angeboten() if zahlung.status in ZAHLBAR else [],
            "fehler": fehler,
            "zurueck": zurueck,
            "erreicht": erreicht,
            "S": ZahlungStatus,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def bezahlen(request: HttpRequest, oeffentliche_id: str) -> HttpResponse:
    """The pay page: what is paid, and the choice "online" or "GiroCode"."""
    zahlung = _zahlung(request, oeffentliche_id)
    if request.method == "GET":
        return _seite(request, zahlung)
    wahl = request.POST.get("zahlungsart", "")
    gezeigt = request.POST.get("betrag_cent")
    if gezeigt is not None and gezeigt != str(zahlung.betrag_cent):
        fehler = _("Der Betrag wurde verändert. Bitte laden Sie die Seite neu.")
        return _seite(request, zahlung, fehler=fehler, status=400)
    if wahl not in {p.ident for p in anbieter_angeboten()}:
        return _seite(request, zahlung, fehler=_("Bitte wählen Sie eine Zahlungsart."), status=400)
    try:
        start = zahlung_start(zahlung=zahlung, anbieter_id=wahl, actor=request.user)
    except AnbieterFehler:
        fehler = _(
            "Der Zahlungsdienstleister antwortet gerade nicht. Es wurde nichts abgebucht und "
            "nichts geht verloren. Bitte versuchen Sie es in einigen Minuten noch einmal."
        )
        return _seite(request, zahlung, fehler=fehler, status=503)
    except ZahlungLaeuft:
        fehler = _("Die Zahlung wird gerade gestartet. Bitte laden Sie die Seite gleich neu.")
        return _seite(request, zahlung, fehler=fehler, status=409)
    except ValidationError as exc:
        zahlung.refresh_from_db()
        return _seite(request, zahlung, fehler=exc.messages[0], status=400)
    if start.weiterleitung:
        return HttpResponseRedirect(start.weiterleitung)  # the provider's pay page
    return redirect("zahlungen:girocode", oeffentliche_id=zahlung.oeffentliche_id)


@require_GET
def zurueck(request: HttpRequest, oeffentliche_id: str) -> HttpResponse:
    """Back from the provider: its parameters are ignored, the provider is asked."""
    zahlung = _zahlung(request, oeffentliche_id)
    abgleich = zahlung_return(zahlung=zahlung, actor=request.user)
    return _seite(request, abgleich.zahlung, zurueck=True, erreicht=abgleich.erreicht)


def _girocode(zahlung: Zahlung) -> tuple[GiroCode, str]:
    plugin = GiroCode()
    if zahlung.status not in ZAHLBAR or not plugin.verfuegbar():
        raise Http404
    return plugin, plugin.payload(
        kassenzeichen=zahlung.kassenzeichen, betrag_cent=zahlung.betrag_cent, zweck=zahlung.zweck
    )


@require_GET
def girocode(request: HttpRequest, oeffentliche_id: str) -> HttpResponse:
    zahlung = _zahlung(request, oeffentliche_id)
    _plugin, payload = _girocode(zahlung)
    return render(
        request,
        "zahlungen/girocode.html",
        {
            "zahlung": zahlung,
            "qr": qr_svg(payload, titel=_("GiroCode für die Überweisung")),
            "empfaenger": settings.RATHAUS_ZAHLUNG_EMPFAENGER,
            "iban": " ".join(
                settings.RATHAUS_ZAHLUNG_IBAN[i : i + 4]
                for i in range(0, len(settings.RATHAUS_ZAHLUNG_IBAN), 4)
            ),
            "bic": settings.RATHAUS_ZAHLUNG_BIC,
        },
    )


@require_GET
def girocode_png(request: HttpRequest, oeffentliche_id: str) -> HttpResponse:
    zahlung = _zahlung(request, oeffentliche_id)
    _plugin, payload = _girocode(zahlung)
    antwort = HttpResponse(qr_png(payload), content_type="image/png")
    antwort["Content-Disposition"] = f'attachment; filename="girocode-{zahlung.kassenzeichen}.png"'
    return antwort


def signatur(schluessel: str, zeit: str, body: bytes) -> str:
    """HMAC-SHA256 of ``"<zeit>." + body`` with the shared key, hex."""
    return hmac.new(schluessel.encode(), zeit.encode() + b"." + body, hashlib.sha256).hexdigest()


@csrf_exempt
@require_POST
def benachrichtigung(request: HttpRequest) -> HttpResponse:
    """A provider's notification ``{"transactionId": …}``, signed (headers X-Rathaus-Zeit,
    X-Rathaus-Signatur). Only a reason to ask the provider; a replay is refused."""
    schluessel = str(settings.RATHAUS_ZAHLUNG_BENACHRICHTIGUNG_SCHLUESSEL)
    if not schluessel:
        raise Http404
    body = request.body
    if len(body) > BENACHRICHTIGUNG_MAX_BYTES:
        return JsonResponse({"fehler": "zu_gross"}, status=413)
    zeit = request.headers.get("X-Rathaus-Zeit", "")
    gegeben = request.headers.get("X-Rathaus-Signatur", "")
    if not zeit.isdigit() or abs(time.time() - int(zeit)) > BENACHRICHTIGUNG_FENSTER_SEKUNDEN:
        return JsonResponse({"fehler": "zeit"}, status=403)
    if not hmac.compare_digest(gegeben.encode(), signatur(schluessel, zeit, body).encode()):
        return JsonResponse({"fehler": "signatur"}, status=403)
    try:
        daten = json.loads(body)
    except ValueError:
        return JsonResponse({"fehler": "json"}, status=400)
    tid = daten.get("transactionId") if isinstance(daten, dict) else None
    if not isinstance(tid, str) or not 1 <= len(tid) <= 44:
        return JsonResponse({"fehler": "transactionId"}, status=400)
    jetzt = timezone.now()
    # Older signatures fail the time check anyway: their record is not needed any more.
    Benachrichtigung.objects.filter(
        empfangen_am__lt=jetzt - timedelta(seconds=2 * BENACHRICHTIGUNG_FENSTER_SEKUNDEN)
    ).delete()
    try:
        with transaction.atomic():
            Benachrichtigung.objects.create(
                signatur_hash=hashlib.sha256(gegeben.encode()).hexdigest(),
                empfangen_am=jetzt,
            )
    except IntegrityError:
        return JsonResponse({"ergebnis": "bereits_erhalten"}, status=200)
    abgleich = zahlung_notify(transaktion_id=tid)
    if abgleich is None:
        return JsonResponse({"fehler": "unbekannt"}, status=404)
    if not abgleich.erreicht:  # the reconciliation asks again later
        return JsonResponse({"ergebnis": "spaeter"}, status=202)
    return JsonResponse({"ergebnis": "ok", "status": abgleich.zahlung.status})
