"""The fee a Bescheid sets (Kostenentscheidung) from a range rule of the payments app
(issue 13): the clerk fixes the amount in the decision (field ``gebuehr_cent`` of the
Entscheidung), the payments app checks it against the rule's limits and the clerk's right
``zahlungen.festsetzen`` and creates the claim ``verfahren:<pk>`` with its Kassenzeichen;
the Bescheid states amount, legal basis, Kassenzeichen and due date, and its Postfach
message offers to pay it online or by bank transfer (GiroCode)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from rathaus.zahlungen import selectors as zahlungen_selectors
from rathaus.zahlungen import services as zahlungen_services

FELD = "gebuehr_cent"


def euro(cent: int) -> str:
    """1550 → "15,50 EUR" (the Bescheid's way of writing amounts, see `tenor`)."""
    return (
        formats.number_format(Decimal(int(cent)).scaleb(-2), 2, use_l10n=True, force_grouping=True)
        + " EUR"
    )


def subjekt_of(verfahren_id: int) -> str:
    return f"verfahren:{verfahren_id}"


def gebuehr_festsetzen(*, verfahren: Any, daten: dict[str, Any], user: Any) -> None:
    """The clerk's amount of the Entscheidung (`daten`), if given: checked and the claim
    created (in the decision's transaction: a refusal changes nothing). ValidationError
    naming the field ``gebuehr_cent``."""
    betrag = daten.get(FELD)
    if betrag is None:
        return
    if daten.get("entscheidung") != "bewilligen":
        raise ValidationError({FELD: _("Eine Gebühr wird nur mit einer Bewilligung festgesetzt.")})
    regeln = zahlungen_selectors.rahmenregeln_of(leistung_id=verfahren.leistung_id)
    if not regeln:
        raise ValidationError({FELD: _("Für diese Leistung ist kein Gebührenrahmen hinterlegt.")})
    antrag = verfahren.antrag
    try:
        zahlungen_services.zahlung_create(
            leistung=verfahren.leistung,
            subjekt=subjekt_of(verfahren.pk),
            antworten=zahlungen_selectors.antworten_flach(daten=antrag.daten if antrag else {}),
            actor=user,
            konto=verfahren.buerger.user if verfahren.buerger is not None else None,
            faelligkeit="bescheid",
            festsetzungen={regeln[0].pk: betrag},
        )
    except PermissionDenied as exc:
        raise ValidationError({FELD: str(exc) or _("Keine Berechtigung.")}) from exc
    except ValidationError as exc:
        raise ValidationError({FELD: exc.messages}) from exc


def _monat_spaeter(tag: date) -> date:
    jahr, monat = (tag.year + 1, 1) if tag.month == 12 else (tag.year, tag.month + 1)
    return tag.replace(
        year=jahr, month=monat, day=min(tag.day, calendar.monthrange(jahr, monat)[1])
    )


def faellig_am(heute: date) -> date:
    """Due one month after the Bekanntgabe (the Bescheid counts as notified
    RATHAUS_BEKANNTGABE_TAGE days after it is provided)."""
    return _monat_spaeter(heute + timedelta(days=int(settings.RATHAUS_BEKANNTGABE_TAGE)))


def kostenentscheidung(*, verfahren_id: int, heute: date) -> tuple[str, ...] | None:
    """The fee paragraphs from the claim the clerk's decision created; None without one
    (the catalogue's text applies then)."""
    zahlung = zahlungen_selectors.zahlung_of_subjekt(subjekt=subjekt_of(verfahren_id))
    if zahlung is None or zahlung.status == "erstattet":
        return None
    positionen = [p for p in zahlung.positionen if int(p.get("betrag_cent", 0)) > 0]
    art = "; ".join(str(p.get("bezeichnung", "")) for p in positionen)
    grundlagen = "; ".join(
        dict.fromkeys(
            str(p.get("rechtsgrundlage", "")) for p in positionen if p.get("rechtsgrundlage")
        )
    )
    werte = {
        "b": euro(zahlung.betrag_cent),
        "art": art,
        "n": grundlagen,
        "kz": zahlung.kassenzeichen,
        "datum": f"{faellig_am(heute):%d.%m.%Y}",
    }
    saetze = [
        _("Für diese Entscheidung wird eine Gebühr von %(b)s festgesetzt (%(art)s).") % werte,
        _("Rechtsgrundlage der Gebühr: %(n)s.") % werte if grundlagen else "",
        _(
            "Die Gebühr wird mit der Bekanntgabe dieses Bescheids fällig. Bitte zahlen Sie den "
            "Betrag bis zum %(datum)s unter Angabe des Kassenzeichens %(kz)s, online über Ihr "
            "Postfach oder per Überweisung."
        )
        % werte,
    ]
    return tuple(s for s in saetze if s)


def bezahlen_text(*, verfahren_id: int) -> str:
    """The Postfach message's paragraph about paying (the message page shows the button
    "Gebühr bezahlen" beside it, found by the Kassenzeichen); "" when nothing is to be paid."""
    zahlung = zahlungen_selectors.zahlung_of_subjekt(subjekt=subjekt_of(verfahren_id))
    if zahlung is None or zahlung.status not in ("offen", "fehlgeschlagen", "abgebrochen"):
        return ""
    return _(
        "Gebühr: %(b)s, Kassenzeichen %(kz)s. Sie können die Gebühr mit „Gebühr bezahlen“ bei "
        "dieser Nachricht online bezahlen oder einen GiroCode für die Überweisung abrufen."
    ) % {"b": euro(zahlung.betrag_cent), "kz": zahlung.kassenzeichen}
