"""What a field asks for, as a person expects to fill it in.

A FIM schema gives a data type and at most a length; people expect more: a box of several
lines for a reason or a description, the e-mail and telephone keyboards, a postal code of
five digits, the browser's autofill for their own name and address (WCAG 1.3.5), a date
of birth that cannot lie in the future. This module decides that from the field itself,
by the ids of the harmonised FIM Baukasten fields first, then by names and lengths; the
render tree (:mod:`ansicht`) and the checks (:mod:`eingabe`, :mod:`pruefung`) both ask
it, so what the page offers and what the server accepts follow one rule. Whose data a
field holds (autofill only for the applicant's own) is :mod:`vorbefuellung`'s to say.

The rules were measured on the 68 XDF3 schemas in ``../shared/data/fim/xdf3``:

- **Several lines** (:func:`langtext`): 546 text inputs there have no maximum length,
  the e-mail address has 254 and company names 255 or 1000, so a length alone says
  little (the old rule "more than 250" made the e-mail address a box and left "Angaben
  zur Verlängerung der Erlöschensfrist", without a limit, one line). A field is
  multi-line when its name or label asks for prose ("Begründung", "Beschreibung",
  "Angaben zu …", "Bemerkungen", "Grund", "Tatsachen", "Erklärung", "Gegenstand" …) and
  the schema allows at least 200 characters, or when the schema allows 500 or more and
  the field is no name, designation or number ("Eingetragener Name", 1000 characters,
  stays one line). That makes 16 of the corpus's fields multi-line.
- **Default limits** (:func:`hoechstlaenge`): where the schema gives no maximum, one line
  takes 200 characters and several lines 5,000; no input takes more than ``MAX_TEXT``.
- **Purpose** (:func:`zweck`): e-mail ``F60000000242``, telephone ``F60000000240``, mobile
  ``F05000016214``, fax ``F60000000241``, German postal codes ``F60000000246`` (and their
  Land copies) or a field named so; a postal code counts as German only with five
  characters at most and not in a foreign address.
- **Dates**: every date lies between 1 January 1850 and today in 100 years; a date of a
  past event (:func:`vergangen`: birth, issue, grant, entry, application made, exam,
  "seit …", "Wann wurde …?") lies on or before today. Words of plans ("geplant",
  "voraussichtlich", "soll") never count as past. In the 68 schemas this gives 11 of 26
  date fields, in 47 of the 142 places where a schema has a date field.
- **Date of birth in parts** (:func:`datumsteile`): the group ``G60000000083``
  "Geburtsdatum (teilbekannt)" with day, month and year, or a group of that name with
  three such fields.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Datentyp, Feldart

MAX_TEXT = 10_000  # no input takes more, whatever the schema says
EINZEILIG_MAX = 200  # one line, where the schema gives no maximum
MEHRZEILIG_MAX = 5_000  # several lines, where the schema gives no maximum
LANGTEXT_AB = 500  # a limit this long makes a field multi-line unless it is a name
TELEFON_MIN, TELEFON_MAX = 5, 30
DATUM_MIN = date(1850, 1, 1)
DATUM_JAHRE = 100  # dates reach this many years ahead

_TEXT = (Datentyp.TEXT, Datentyp.TEXT_LATIN)


class Zweck(StrEnum):
    EMAIL = "email"
    TELEFON = "telefon"
    MOBIL = "mobil"
    FAX = "fax"
    PLZ = "plz"  # German postal code


_ZWECK_IDS: dict[str, Zweck] = {
    "F60000000242": Zweck.EMAIL,
    "F60000242": Zweck.EMAIL,
    "F60000000240": Zweck.TELEFON,
    "F60000240": Zweck.TELEFON,
    "F05000016214": Zweck.MOBIL,
    "F60000000241": Zweck.FAX,
    "F60000241": Zweck.FAX,
    "F60000000246": Zweck.PLZ,
    "F60000246": Zweck.PLZ,
    "F05000016240": Zweck.PLZ,  # abweichende Hauptanschrift
    "F05000016348": Zweck.PLZ,  # Meldeadresse
}
_ZWECK_NAMEN: tuple[tuple[re.Pattern[str], Zweck], ...] = (
    (re.compile(r"^e-?mail\b|^e-mail-adresse"), Zweck.EMAIL),
    (re.compile(r"^(tele)?fax"), Zweck.FAX),
    (re.compile(r"^(mobil(funk|telefon)?(nummer)?|handy(nummer)?)\b"), Zweck.MOBIL),
    (re.compile(r"^(telefon(nummer)?|rufnummer|festnetz(nummer)?)\b"), Zweck.TELEFON),
    (re.compile(r"^(postleitzahl|plz)\b"), Zweck.PLZ),
)
# Names and labels that ask for prose, not for one value.
_PROSA = re.compile(
    r"begründ|beschreib|erläuter|bemerk|anmerk|\bangaben? zu[rm]?\b|gr[uü]nde?\b|grund der"
    r"|sachverhalt|tatsachen|stellungnahme|mitteilung|nachricht|kommentar|freitext|erklärung"
    r"|gegenstand"
)
# Names of one value however long the schema lets it be.
_BEZEICHNUNG = re.compile(
    r"name|bezeichnung|nummer|person|firma|aktenzeichen|adresse|anschrift|straße|\bort\b"
)
# A date of something that has happened.
_VERGANGEN = re.compile(
    r"geburtsdatum|sterbedatum|todesdatum|ausstellungsdatum|erteilungsdatum|eintragungsdatum"
    r"|beantragungsdatum|prüfungsdatum"
    r"|datum der (ausstellung|erteilung|eintragung|beantragung|prüfung|geburt|eheschließung)"
    r"|\bseit\b|^wann (wurde|war|haben|hatten|sind|waren)\b"
)
# ... unless it is planned or expected.
_GEPLANT = re.compile(r"geplant|voraussichtlich|künftig|\bsoll\b|\bwird\b")
_TELEFON = re.compile(r"^[0-9 +/()\-]+$")


def _texte(feld: Datenfeld | Datenfeldgruppe) -> list[str]:
    return [" ".join(t.lower().split()) for t in (feld.name, feld.bezeichnung_eingabe) if t]


def zweck(feld: Datenfeld) -> Zweck | None:
    """What a text field holds: an e-mail address, a telephone number, a German postal code."""
    if feld.datentyp not in _TEXT or feld.werte:
        return None
    found = _ZWECK_IDS.get(feld.id)
    if found is None:
        for text in _texte(feld):
            found = next((z for muster, z in _ZWECK_NAMEN if muster.search(text)), None)
            if found is not None:
                break
    if found is Zweck.PLZ:
        p = feld.praezisierung
        ausland = any("ausland" in t for t in _texte(feld))
        if ausland or p.max_length is None or p.max_length > 5:
            return None
    return found


def langtext(feld: Datenfeld) -> bool:
    """Whether a text field gets a box of several lines."""
    if feld.datentyp not in _TEXT or feld.werte or zweck(feld) is not None:
        return False
    grenze = feld.praezisierung.max_length
    texte = _texte(feld)
    if any(_PROSA.search(t) for t in texte) and (grenze is None or grenze >= EINZEILIG_MAX):
        return True
    return (
        grenze is not None
        and grenze >= LANGTEXT_AB
        and not any(_BEZEICHNUNG.search(t) for t in texte)
    )


def hoechstlaenge(feld: Datenfeld) -> int:
    """The most characters a text field takes: the schema's maximum, else a default."""
    grenze = feld.praezisierung.max_length
    if zweck(feld) in (Zweck.TELEFON, Zweck.MOBIL, Zweck.FAX):
        grenze = min(grenze or TELEFON_MAX, TELEFON_MAX)
    if grenze is None:
        grenze = MEHRZEILIG_MAX if langtext(feld) else EINZEILIG_MAX
    return min(grenze, MAX_TEXT)


def vergangen(feld: Datenfeld) -> bool:
    """Whether a date field asks for the date of something that has already happened."""
    if feld.datentyp is not Datentyp.DATE:
        return False
    texte = _texte(feld)
    if any(_GEPLANT.search(t) for t in texte):
        return False
    return any(_VERGANGEN.search(t) for t in texte)


def datumsteile(gruppe: Datenfeldgruppe) -> tuple[Datenfeld, Datenfeld, Datenfeld] | None:
    """Day, month and year of a date of birth given in parts, or None for any other group."""
    if gruppe.id != "G60000000083" and not any(
        t.startswith("geburtsdatum") for t in _texte(gruppe)
    ):
        return None
    felder = [k.element for k in gruppe.struktur if isinstance(k.element, Datenfeld)]
    if len(felder) != 3 or len(gruppe.struktur) != 3:
        return None
    teile: dict[str, Datenfeld] = {}
    for f in felder:
        name = (f.bezeichnung_eingabe or f.name).lower()
        for teil in ("tag", "monat", "jahr"):
            if name.startswith(teil) and f.feldart is Feldart.INPUT:
                teile[teil] = f
    if len(teile) != 3:
        return None
    return teile["tag"], teile["monat"], teile["jahr"]


# -- checks -----------------------------------------------------------------------------


def anzahl_text(n: int) -> str:
    """A count as people read it: 200, 5.000 (grouped in German)."""
    return number_format(n, force_grouping=True)


def zu_lang(n: int) -> str:
    return _("Bitte geben Sie höchstens %(n)s Zeichen ein.") % {"n": anzahl_text(n)}


def datum_grenzen(heute: date) -> tuple[date, date]:
    """The earliest and latest date any date field takes."""
    try:
        spaetestens = heute.replace(year=heute.year + DATUM_JAHRE)
    except ValueError:  # 29 February
        spaetestens = heute.replace(year=heute.year + DATUM_JAHRE, day=28)
    return DATUM_MIN, spaetestens


def _datum_fehler(feld: Datenfeld, value: Any, heute: date) -> list[str]:
    try:
        if feld.datentyp is Datentyp.DATE:
            tag = date.fromisoformat(str(value))
        else:
            tag = datetime.fromisoformat(str(value)).date()
    except ValueError:
        return [_("Bitte geben Sie ein gültiges Datum ein, z. B. 31.01.2025.")]
    frueh, spaet = datum_grenzen(heute)
    if vergangen(feld):
        spaet = heute
        if tag > heute:
            return [_("Das Datum darf nicht in der Zukunft liegen.")]
    if not frueh <= tag <= spaet:
        return [
            _("Bitte geben Sie ein Datum zwischen dem %(von)s und dem %(bis)s ein.")
            % {"von": date_format(frueh, "DATE_FORMAT"), "bis": date_format(spaet, "DATE_FORMAT")}
        ]
    return []


def _text_fehler(feld: Datenfeld, value: str) -> list[str]:
    out: list[str] = []
    if feld.praezisierung.max_length is None and len(value) > hoechstlaenge(feld):
        out.append(zu_lang(hoechstlaenge(feld)))
    z = zweck(feld)
    if z is Zweck.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            out.append(email_text())
    elif z in (Zweck.TELEFON, Zweck.MOBIL, Zweck.FAX):
        ziffern = sum(c.isdigit() for c in value)
        if not _TELEFON.match(value) or not TELEFON_MIN <= len(value) <= TELEFON_MAX or ziffern < 3:
            out.append(
                _(
                    "Bitte geben Sie eine Telefonnummer mit %(min)s bis %(max)s Zeichen ein: "
                    "Ziffern, Leerzeichen und + / - ( ), z. B. 0381 123456 oder +49 381 123456."
                )
                % {"min": TELEFON_MIN, "max": TELEFON_MAX}
            )
    return out


def email_text() -> str:
    return _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")


def plz_text() -> str:
    return _("Bitte geben Sie die Postleitzahl mit fünf Ziffern ein, z. B. 10115.")


def wert_fehler(feld: Datenfeld, value: Any, *, heute: date) -> list[str]:
    """What is wrong with one stored value beyond its JSON Schema (messages without the
    field's name): dates out of range or in the future, too long texts where the schema
    sets no limit, malformed e-mail addresses and telephone numbers."""
    if feld.werte or feld.feldart in (Feldart.LABEL, Feldart.HIDDEN, Feldart.LOCKED):
        return []
    if feld.datentyp in (Datentyp.DATE, Datentyp.DATETIME) and isinstance(value, str):
        return _datum_fehler(feld, value, heute)
    if feld.datentyp in _TEXT and isinstance(value, str):
        return _text_fehler(feld, value)
    return []


def _zahl(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def geburtsdatum_fehler(
    teile: tuple[Datenfeld, Datenfeld, Datenfeld], werte: dict[str, Any], *, heute: date
) -> tuple[Datenfeld, str] | None:
    """A date of birth in parts that lies in the future: (the part to mark, message).

    An impossible calendar date (31.02.) is the FIM rule's to report (``ValidDate``), a
    part out of its range the JSON Schema's; this only adds what neither knows: today.
    """
    tag, monat, jahr = (_zahl(werte.get(f.id)) for f in teile)
    if jahr is None:
        return None
    text = _("Das Geburtsdatum darf nicht in der Zukunft liegen.")
    if jahr > heute.year:
        return teile[2], text
    if jahr < heute.year or monat is None or not 1 <= monat <= 12:
        return None
    if monat > heute.month:
        return teile[1], text
    if monat < heute.month or tag is None:
        return None
    if heute.day < tag <= calendar.monthrange(jahr, monat)[1]:
        return teile[0], text
    return None
