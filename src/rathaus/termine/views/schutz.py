"""Anti-automation of anonymous bookings and waiting-list entries: the limit per client
network and the proof of work (`core.arbeitsnachweis`) or, without JavaScript, a Wartemarke."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rathaus.core import arbeitsnachweis
from rathaus.core.arbeitsnachweis import Ergebnis, Pruefung
from rathaus.core.client import client_address, client_network
from rathaus.core.drossel import Grenze, erste_ueberschrittene, verdeckt

ZWECK = "termin.buchen"
STANDARD_SEKUNDEN = 3600


def ueberschritten(request: HttpRequest) -> Grenze | None:
    netz = client_network(client_address(request))
    return erste_ueberschrittene(
        [
            Grenze(
                "termin_buchen.adresse",
                f"termine:buchen:adresse:{verdeckt(netz)}",
                settings.RATHAUS_TERMINE_LIMIT_ADRESSE,
            )
        ],
        standard_sekunden=STANDARD_SEKUNDEN,
    )


def zu_oft(grenze: Grenze) -> str:
    minuten = max(1, -(-grenze.sekunden(STANDARD_SEKUNDEN) // 60))
    return ngettext(
        "Von Ihrem Anschluss wurden in kurzer Zeit zu viele Termine reserviert. Bitte "
        "versuchen Sie es später noch einmal, spätestens in %(minuten)d Minute.",
        "Von Ihrem Anschluss wurden in kurzer Zeit zu viele Termine reserviert. Bitte "
        "versuchen Sie es später noch einmal, spätestens in %(minuten)d Minuten.",
        minuten,
    ) % {"minuten": minuten}


def pruefung_meldung(pruefung: Pruefung) -> str:
    knopf = _("„Termin reservieren“")
    if pruefung.ergebnis is Ergebnis.ZU_FRUEH:
        return ngettext(
            "Die Sicherheitsprüfung ist noch nicht abgeschlossen. Bitte warten Sie noch "
            "%(sekunden)d Sekunde und wählen Sie dann noch einmal %(knopf)s.",
            "Die Sicherheitsprüfung ist noch nicht abgeschlossen. Bitte warten Sie noch "
            "%(sekunden)d Sekunden und wählen Sie dann noch einmal %(knopf)s.",
            pruefung.warten,
        ) % {"sekunden": pruefung.warten, "knopf": knopf}
    if pruefung.ergebnis is Ergebnis.ABGELAUFEN:
        return _(
            "Die Sicherheitsprüfung ist abgelaufen, weil die Seite lange geöffnet war. Bitte "
            "wählen Sie noch einmal %(knopf)s."
        ) % {"knopf": knopf}
    return _(
        "Die Sicherheitsprüfung ist fehlgeschlagen. Bitte wählen Sie noch einmal %(knopf)s."
    ) % {"knopf": knopf}


def schutz_felder(request: HttpRequest, bindung: str, *, anonym: bool) -> dict[str, Any]:
    """What the form of an anonymous citizen carries (`core.arbeitsnachweis.formularfelder`),
    the challenge as JSON for the page's script."""
    if not anonym:
        return {}
    felder = arbeitsnachweis.formularfelder(
        zweck=ZWECK,
        bindung=bindung,
        wartemarke=request.POST.get(arbeitsnachweis.FELD_WARTEMARKE, "").strip()[:4096],
    )
    return {"aufgabe_json": json.dumps(felder.pop("aufgabe")), **felder}


def nachweis_pruefen(request: HttpRequest, bindung: str) -> Pruefung:
    """Check and use up the proof of work (or Wartemarke) an anonymous form sent."""
    return arbeitsnachweis.formular_pruefen(request.POST, zweck=ZWECK, bindung=bindung)
