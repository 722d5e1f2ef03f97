"""What other apps' pages show of the antraege app: the submit form under the review page
(formulare) and "Meine Anträge" in Mein Konto (konten). Both apps sit below this one, so
AppConfig.ready installs these functions with their hooks (``formulare.absenden``,
``konten.meine_antraege``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from rathaus.formulare.selectors import entwurf_link_token
from rathaus.konten.lesezugang import Vertrauensniveau, fehlendes_niveau
from rathaus.konten.selectors import buerger_of
from rathaus.zahlungen import selectors as zahlungen_selectors

from . import schutz, selectors

if TYPE_CHECKING:
    from rathaus.formulare.models import Entwurf
    from rathaus.konten.models import Buerger


def vorab_gebuehr(entwurf: Entwurf) -> tuple[Any, str]:
    """The advance fee of this draft as the server computes it from the answers (the
    payments app's computation, the one `zahlung_create` uses): (Berechnung or None,
    the message why it cannot be computed yet or "")."""
    leistung_id = entwurf.formular.leistung_id
    if not zahlungen_selectors.vorab_gebuehr_of(leistung_id=leistung_id):
        return None, ""
    assert leistung_id is not None
    try:
        berechnung = zahlungen_selectors.gebuehr_vorschau(
            leistung_id=leistung_id,
            antworten=zahlungen_selectors.antworten_flach(daten=entwurf.daten or {}),
        )
    except ValidationError as exc:
        return None, exc.messages[0]
    return berechnung, ""


def absenden_kontext(
    request: HttpRequest,
    entwurf: Entwurf,
    *,
    fehler: dict[str, list[str]] | None = None,
    email: str = "",
    gesperrt: bool = False,
    wartemarke: str = "",
) -> dict[str, Any]:
    fehler = fehler or {}
    anonym = buerger_of(user=request.user) is None
    eigene = ("email", schutz.FELD_LOESUNG)
    kontext = {
        "request": request,
        "entwurf": entwurf,
        "url": reverse("antraege:einreichen", kwargs={"entwurf_id": entwurf.pk}),
        "schluessel": selectors.idempotenzschluessel(entwurf=entwurf),
        "email_fehler": fehler.get("email", []),
        "pruefung_fehler": fehler.get(schutz.FELD_LOESUNG, []),
        # files are chosen on the form's steps; their errors lead back there, as others do
        "allgemein": [m for k, v in fehler.items() if k not in eigene for m in v],
        "email": email,
        "anonym": anonym,
        "gesperrt": gesperrt,
    }
    gebuehr, gebuehr_fehler = vorab_gebuehr(entwurf)
    if gebuehr is not None or gebuehr_fehler:
        kontext["gebuehr"] = gebuehr
        kontext["gebuehr_fehler"] = gebuehr_fehler
        kontext["gesperrt"] = gesperrt = gesperrt or bool(gebuehr_fehler)
    if anonym and not gesperrt:
        # anti-automation (schutz): the page's script solves the challenge, a browser
        # without it sends the Wartemarke
        felder = schutz.formularfelder(entwurf.pk, wartemarke=wartemarke)
        kontext["aufgabe_json"] = json.dumps(felder["aufgabe"], separators=(",", ":"))
        kontext["wartemarke"] = felder["wartemarke"]
        kontext["wartezeit"] = felder["wartezeit"]
    return kontext


def absenden(request: HttpRequest, entwurf: Entwurf, gesperrt: bool) -> str:
    """The review page's submit form: hidden idempotency key, email, button (the files
    were chosen on the form's steps); none while the submit URL is not installed."""
    try:
        kontext = absenden_kontext(request, entwurf, gesperrt=gesperrt)
    except NoReverseMatch:
        return ""
    return render_to_string("antraege/_absenden.html", kontext, request=request)


def meine_antraege(buerger: Buerger, niveau: Vertrauensniveau | None) -> str:
    """The citizen's Anträge and drafts. An Antrag submitted at a higher level than the
    session's (`niveau`) is named (title, Aktenzeichen, date) with the level it needs;
    its status, history and receipt are left out."""
    entwuerfe = list(selectors.entwuerfe_of(buerger=buerger)[:20])
    antraege = list(selectors.antraege_of(buerger=buerger)[:50])
    return render_to_string(
        "antraege/_meine_antraege.html",
        {
            "antraege": [
                (a, fehlendes_niveau(niveau, selectors.antrag_niveau(antrag=a))) for a in antraege
            ],
            "entwuerfe": [
                (e, reverse("formulare:fortsetzen", args=[entwurf_link_token(entwurf=e)]))
                for e in entwuerfe
            ],
        },
    )
