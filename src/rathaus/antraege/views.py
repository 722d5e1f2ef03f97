"""Submitting a draft, the receipt page and the permission-checked downloads.

The views parse the request, call the services and map errors to the page. A citizen's
Antrag is shown again only to a session at the level it was submitted with
(konten.lesezugang).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.core.arbeitsnachweis import Ergebnis
from rathaus.core.client import client_address
from rathaus.formulare.selectors import entwuerfe_der_sitzung, entwurf_sitzung_erlaubt
from rathaus.konten.lesezugang import (
    aktuelles_niveau,
    lesen_erlaubt,
    niveau_parse,
    vertrauensniveau_redirect,
    verweigert,
)
from rathaus.konten.selectors import buerger_of
from rathaus.zahlungen import selectors as zahlungen_selectors
from rathaus.zahlungen import services as zahlungen_services

from . import schutz, selectors, services
from .fragmente import absenden_kontext, vorab_gebuehr
from .models import Antrag

if TYPE_CHECKING:
    from rathaus.formulare.models import Entwurf
    from rathaus.konten.models import Buerger

# The formulare views remember the draft of each form in the session under this key.
ENTWUERFE = "formulare.entwuerfe"
EINGEREICHT = "antraege.eingereicht"
SITZUNG_MAX = 50
security_logger = logging.getLogger("rathaus.security")


def _sitzung_ids(request: HttpRequest) -> list[int]:
    ids = request.session.get(EINGEREICHT, [])
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def _entwurf(request: HttpRequest, entwurf_id: int, buerger: Buerger | None) -> Entwurf | None:
    """The requester's draft: the one this session works on (an anonymous draft only with
    its current token, see formulare.bindung), or owned by the citizen."""
    for formular_id, pk in entwuerfe_der_sitzung(session=request.session):
        if pk == entwurf_id:
            entwurf = selectors.entwurf_zum_absenden(pk=entwurf_id, formular_id=formular_id)
            if entwurf is None or not entwurf_sitzung_erlaubt(
                session=request.session, entwurf=entwurf, buerger=buerger
            ):
                return None
            return entwurf
    if buerger is not None:
        return selectors.entwuerfe_of(buerger=buerger).filter(pk=entwurf_id).first()
    return None


def _eigener_antrag(request: HttpRequest, pk: int) -> Antrag:
    antrag = selectors.antrag_fuer(
        pk=pk, buerger=buerger_of(user=request.user), sitzung_ids=_sitzung_ids(request)
    )
    if antrag is None:
        raise Http404(_("Diesen Antrag gibt es nicht."))
    return antrag


def _zu_niedrig(request: HttpRequest, antrag: Antrag) -> HttpResponse | None:
    """The refusal if this session's level is below the one the Antrag was submitted with
    (konten.lesezugang), else None. The login at that level returns to the receipt page,
    which offers the downloads."""
    erforderlich = selectors.antrag_niveau(antrag=antrag)
    if lesen_erlaubt(request, erforderlich):
        return None
    return verweigert(
        request,
        erforderlich=erforderlich,
        ziel=reverse("antraege:quittung", args=[antrag.pk]),
        bezeichnung=_("Antrag %(az)s") % {"az": antrag.aktenzeichen},
        art="antrag",
    )


def _fehlerseite(
    request: HttpRequest,
    entwurf: Entwurf,
    fehler: dict[str, list[str]],
    email: str,
    status: int,
    *,
    limit: str | None = None,
) -> HttpResponse:
    ctx: dict[str, Any] = absenden_kontext(
        request,
        entwurf,
        fehler=fehler,
        email=email,
        wartemarke=request.POST.get(schutz.FELD_WARTEMARKE, ""),
    )
    ctx["formular"] = entwurf.formular
    antwort = render(request, "antraege/absenden.html", ctx, status=status)
    if limit is not None:
        antwort.rathaus_limit = limit  # type: ignore[attr-defined]  # named in the log
    return antwort


def zahlung_subjekt(antrag_id: int) -> str:
    """The subject of an Antrag's advance fee in the payments app (the intake step
    ``verfahren.eingang_zahlung`` waits for the same one)."""
    return f"antrag:{antrag_id}"


def _gebuehr_pruefen(
    request: HttpRequest, entwurf: Entwurf, email: str
) -> tuple[int | None, HttpResponse | None]:
    """The advance fee computed now from the draft must be the amount the page showed
    (hidden field ``betrag_cent``): a changed or missing amount is refused, nothing is
    submitted. (cents or None without fee, the refusal page or None)."""
    gebuehr, fehler = vorab_gebuehr(entwurf)
    if fehler:
        return None, _fehlerseite(request, entwurf, {"betrag_cent": [fehler]}, email, 400)
    if gebuehr is None:
        return None, None
    if request.POST.get("betrag_cent", "") != str(gebuehr.summe_cent):
        text = _("Der Betrag wurde verändert. Bitte laden Sie die Seite neu.")
        return None, _fehlerseite(request, entwurf, {"betrag_cent": [text]}, email, 400)
    return gebuehr.summe_cent, None


def _zahlung_anlegen(request: HttpRequest, antrag: Antrag, betrag_cent: int) -> None:
    """The claim of the advance fee, made in the citizen's request so that this browser
    may pay it even without an account. If it fails, the intake makes it later."""
    try:
        zahlung = zahlungen_services.zahlung_create(
            leistung=antrag.leistung,
            subjekt=zahlung_subjekt(antrag.pk),
            antworten=zahlungen_selectors.antworten_flach(daten=antrag.daten),
            actor=request.user,
            konto=antrag.buerger.user if antrag.buerger is not None else None,
            betrag_erwartet_cent=betrag_cent,
        )
    except ValidationError as exc:
        logging.getLogger(__name__).warning(
            "antraege: Zahlung für %s nicht angelegt: %s", antrag.aktenzeichen, exc.messages
        )
        return
    if zahlung is not None:
        zahlungen_services.zahlung_session_grant(zahlung=zahlung, sitzung=request.session)


def _anonym_pruefen(request: HttpRequest, entwurf: Entwurf, email: str) -> HttpResponse | None:
    """The anti-automation of an anonymous submission (schutz): the page to answer with,
    None if it may go ahead."""
    grenze = schutz.ueberschritten(request)
    if grenze is not None:
        fehler = {schutz.FELD_LOESUNG: [schutz.zu_oft(grenze)]}
        return _fehlerseite(request, entwurf, fehler, email, 429, limit=grenze.name)
    pruefung = schutz.pruefen(request, entwurf.pk)
    if pruefung.ok:
        return None
    if pruefung.ergebnis is Ergebnis.VERBRAUCHT:
        # a double click whose first request has meanwhile submitted: its receipt
        vorhanden = selectors.antrag_pk_by_entwurf(entwurf_id=entwurf.pk)
        if vorhanden is not None:
            return HttpResponseRedirect(reverse("antraege:quittung", args=[vorhanden]), status=303)
    if pruefung.ergebnis not in (Ergebnis.FEHLT, Ergebnis.ZU_FRUEH, Ergebnis.ABGELAUFEN):
        # forged, foreign or replayed: someone is trying more than a browser would
        security_logger.warning(
            "arbeitsnachweis_abgelehnt",
            extra={
                "event": "arbeitsnachweis_abgelehnt",
                "grund": str(pruefung.ergebnis),
                "path": request.path[:300],
                "client": client_address(request),
            },
        )
    fehler = {schutz.FELD_LOESUNG: [schutz.meldung(pruefung)]}
    return _fehlerseite(request, entwurf, fehler, email, 400)


@never_cache
@require_http_methods(["GET", "POST"])
def einreichen(request: HttpRequest, entwurf_id: int) -> HttpResponse:
    vorhanden = selectors.antrag_pk_by_entwurf(entwurf_id=entwurf_id)
    if vorhanden is not None:
        # A reload or double click after success: show the receipt of the first submit.
        _eigener_antrag(request, vorhanden)
        return HttpResponseRedirect(reverse("antraege:quittung", args=[vorhanden]), status=303)
    buerger = buerger_of(user=request.user)
    entwurf = _entwurf(request, entwurf_id, buerger)
    if entwurf is None:
        raise Http404(_("Dieser Entwurf ist abgelaufen oder gehört nicht zu Ihnen."))
    pruefen = reverse("formulare:pruefen", args=[entwurf.formular_id])
    if request.method == "GET":
        return HttpResponseRedirect(pruefen)
    niveau = niveau_parse(entwurf.formular.vertrauensniveau)
    if niveau is not None and niveau != "basis":
        weiter = vertrauensniveau_redirect(request, niveau)
        if weiter is not None:
            return weiter
    email = request.POST.get("email", "").strip()[:254]
    if email and buerger is None:
        try:
            validate_email(email)
        except ValidationError:
            fehler = {
                "email": [
                    _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org.")
                ]
            }
            return _fehlerseite(request, entwurf, fehler, email, 400)
    betrag_cent, abgewiesen = _gebuehr_pruefen(request, entwurf, email)
    if abgewiesen is not None:
        return abgewiesen
    if buerger is None:
        # after the email check: a typo there costs no proof and no count
        abgewiesen = _anonym_pruefen(request, entwurf, email)
        if abgewiesen is not None:
            return abgewiesen
    try:
        ergebnis = services.antrag_submit(
            entwurf=entwurf,
            actor=request.user,
            idempotency_key=request.POST.get("idempotenzschluessel", ""),
            buerger=buerger,
            email=email if buerger is None else "",
            vertrauensniveau=aktuelles_niveau(request),
        )
    except ValidationError as exc:
        return _fehlerseite(request, entwurf, exc.message_dict, email, 400)
    except services.AntragKonflikt as exc:
        return _fehlerseite(request, entwurf, {"idempotenzschluessel": [str(exc)]}, email, 409)
    antrag = ergebnis.antrag
    if betrag_cent is not None:
        _zahlung_anlegen(request, antrag, betrag_cent)
    ids = [antrag.pk, *[i for i in _sitzung_ids(request) if i != antrag.pk]][:SITZUNG_MAX]
    request.session[EINGEREICHT] = ids
    entwuerfe = dict(request.session.get(ENTWUERFE, {}))
    entwuerfe.pop(str(entwurf.formular_id), None)
    request.session[ENTWUERFE] = entwuerfe
    return HttpResponseRedirect(reverse("antraege:quittung", args=[antrag.pk]), status=303)


@never_cache
@require_GET
def quittung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _eigener_antrag(request, pk)
    sperre = _zu_niedrig(request, antrag)
    if sperre is not None:
        return sperre
    return render(
        request,
        "antraege/quittung.html",
        {"antrag": antrag, "zahlung_subjekt": zahlung_subjekt(antrag.pk)},
    )


@never_cache
@require_GET
def quittung_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    antrag = _eigener_antrag(request, pk)
    sperre = _zu_niedrig(request, antrag)
    if sperre is not None:
        return sperre  # before the receipt is rendered and stored
    q = services.quittung_ensure(antrag=antrag, actor=request.user)
    return FileResponse(
        selectors.quittung_oeffnen(quittung=q),
        as_attachment=True,
        filename=f"eingangsbestaetigung-{antrag.aktenzeichen}.pdf",
        content_type="application/pdf",
    )


@never_cache
@require_GET
def anlage(request: HttpRequest, pk: int, nummer: int) -> HttpResponseBase:
    antrag = _eigener_antrag(request, pk)
    sperre = _zu_niedrig(request, antrag)
    if sperre is not None:
        return sperre
    gefunden = next((a for a in antrag.anlagen.all() if a.nummer == nummer), None)
    if gefunden is None:
        raise Http404(_("Diese Anlage gibt es nicht."))
    return FileResponse(
        selectors.anlage_oeffnen(anlage=gefunden),
        as_attachment=True,
        filename=gefunden.dateiname,
        content_type=gefunden.mediatyp,
    )
