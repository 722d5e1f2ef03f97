"""Anti-automation of anonymous submissions: limits per session and per client network,
and a proof of work (`core.arbeitsnachweis`) or, without JavaScript, a Wartemarke.

Only anonymous submissions through the portal pass here: a logged-in citizen is known by
the identity provider and an API client system by its token, neither is slowed down. The
view asks `ueberschritten` (counts the attempt) and then `pruefen` (uses up the proof);
the review page's submit form carries what `formularfelder` gives.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rathaus.core import arbeitsnachweis
from rathaus.core.arbeitsnachweis import Ergebnis, Pruefung
from rathaus.core.client import client_address, client_network
from rathaus.core.drossel import Grenze, erste_ueberschrittene, verdeckt

ZWECK = "antrag.einreichen"
FELD_LOESUNG = arbeitsnachweis.FELD_LOESUNG
FELD_WARTEMARKE = arbeitsnachweis.FELD_WARTEMARKE
STANDARD_SEKUNDEN = 3600


def formularfelder(entwurf_id: int, *, wartemarke: str = "") -> dict[str, Any]:
    """What the submit form of an anonymous draft carries: a fresh challenge for the
    page's script and a Wartemarke for a browser without it (`wartemarke`, the one the
    form was sent with, while it is still good: the time waited counts)."""
    return arbeitsnachweis.formularfelder(
        zweck=ZWECK, bindung=str(entwurf_id), wartemarke=wartemarke
    )


def ueberschritten(request: HttpRequest) -> Grenze | None:
    """Count this anonymous submission; the limit it passed, or None."""
    sitzung = request.session.session_key or ""
    netz = client_network(client_address(request))
    return erste_ueberschrittene(
        [
            Grenze(
                "antrag_einreichen.sitzung",
                f"antraege:einreichen:sitzung:{verdeckt(sitzung)}",
                settings.RATHAUS_ANTRAEGE_LIMIT_SITZUNG,
            ),
            Grenze(
                "antrag_einreichen.adresse",
                f"antraege:einreichen:adresse:{verdeckt(netz)}",
                settings.RATHAUS_ANTRAEGE_LIMIT_ADRESSE,
            ),
        ],
        standard_sekunden=STANDARD_SEKUNDEN,
    )


def zu_oft(grenze: Grenze) -> str:
    minuten = max(1, -(-grenze.sekunden(STANDARD_SEKUNDEN) // 60))
    return ngettext(
        "Es wurden in kurzer Zeit zu viele Anträge abgesendet. Ihre Angaben bleiben "
        "gespeichert; bitte versuchen Sie es später noch einmal, spätestens in "
        "%(minuten)d Minute.",
        "Es wurden in kurzer Zeit zu viele Anträge abgesendet. Ihre Angaben bleiben "
        "gespeichert; bitte versuchen Sie es später noch einmal, spätestens in "
        "%(minuten)d Minuten.",
        minuten,
    ) % {"minuten": minuten}


def pruefen(request: HttpRequest, entwurf_id: int) -> Pruefung:
    """Check and use up the proof sent with the submit form of the draft `entwurf_id`."""
    return arbeitsnachweis.formular_pruefen(request.POST, zweck=ZWECK, bindung=str(entwurf_id))


def meldung(pruefung: Pruefung) -> str:
    """The citizen's explanation of a refused proof."""
    knopf = _("„Antrag verbindlich absenden“")
    if pruefung.ergebnis is Ergebnis.ZU_FRUEH:
        return ngettext(
            "Die Sicherheitsprüfung ist noch nicht abgeschlossen. Bitte warten Sie noch "
            "%(sekunden)d Sekunde und wählen Sie dann noch einmal %(knopf)s.",
            "Die Sicherheitsprüfung ist noch nicht abgeschlossen. Bitte warten Sie noch "
            "%(sekunden)d Sekunden und wählen Sie dann noch einmal %(knopf)s.",
            pruefung.warten,
        ) % {"sekunden": pruefung.warten, "knopf": knopf}
    if pruefung.ergebnis is Ergebnis.FEHLT:
        sekunden = arbeitsnachweis.wartezeit()
        return ngettext(
            "Die Sicherheitsprüfung gegen automatisierte Anträge wurde nicht ausgeführt, "
            "zum Beispiel weil JavaScript ausgeschaltet ist. Bitte warten Sie %(sekunden)d "
            "Sekunde und wählen Sie dann noch einmal %(knopf)s.",
            "Die Sicherheitsprüfung gegen automatisierte Anträge wurde nicht ausgeführt, "
            "zum Beispiel weil JavaScript ausgeschaltet ist. Bitte warten Sie %(sekunden)d "
            "Sekunden und wählen Sie dann noch einmal %(knopf)s.",
            sekunden,
        ) % {"sekunden": sekunden, "knopf": knopf}
    if pruefung.ergebnis is Ergebnis.ABGELAUFEN:
        return _(
            "Die Sicherheitsprüfung ist abgelaufen, weil die Seite lange geöffnet war. Bitte "
            "wählen Sie noch einmal %(knopf)s."
        ) % {"knopf": knopf}
    if pruefung.ergebnis is Ergebnis.VERBRAUCHT:
        return _(
            "Diese Sicherheitsprüfung wurde schon einmal verwendet. Bitte wählen Sie noch "
            "einmal %(knopf)s."
        ) % {"knopf": knopf}
    return _(
        "Die Sicherheitsprüfung ist fehlgeschlagen. Bitte wählen Sie noch einmal %(knopf)s."
    ) % {"knopf": knopf}
