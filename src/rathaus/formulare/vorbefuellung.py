"""Once-only: the answers a new draft takes from the citizen's identity (Nutzerkonto).

How a field is recognised (checked against the 68 XDF3 schemas in ``../shared/data/fim``):

1. **By id.** The FIM Baukasten reuses harmonised fields with stable ids in every schema:
   ``F60000000228`` Vornamen and ``F60000000227`` Familienname (in all 67 schemas with a
   person), ``F60000000230`` Geburtsname, ``F60000000234`` Geburtsort, the group
   ``G60000000083`` "Geburtsdatum (teilbekannt)" with ``F60000000231``/``232``/``233``
   Tag, Monat, Jahr, the address block ``F60000000243`` Straße, ``F60000000244``
   Hausnummer, ``F60000000246`` Postleitzahl, ``F60000000247`` Ort (all 68 schemas),
   ``F60000000242`` E-Mail, ``F60000000261`` Staat and ``F60000000263`` "Abfrage Anschrift
   Inland oder Ausland"; a few older or Land-specific ids (``F000000…``, ``F05000016…``)
   are listed beside them. Telephone ``F60000000240``, mobile ``F05000016214`` and fax
   ``F60000000241`` are known too, though no identity gives a number: the applicant's
   own fields get the browser's autofill (``feldarten.eigene_felder``).
2. **By name, conservatively.** A field with none of these ids counts only if its *name*
   is exactly one of a few words ("Vorname", "Familienname", "Straße", …) and its own
   group is a person or address group (the group name says Person, Antragsteller,
   Anschrift, Adresse, Wohnsitz, Kommunikation, Geburt).

Either way the field must belong to the **applicant**: the same harmonised fields also hold
the child, the spouse, the legal representative, the contact person of a company, a
former name or a different address. So the names of the groups around the field must
name the applicant (``_EIGEN``: "Antragsteller", "antragstellende Person", "Persönliche
Angaben", "Angaben zur Person", …) and none may name someone or something else
(``_FREMD``: Vertreter, Kind, Ehegatte, Mitarbeitende, Unternehmen, früher, abweichend,
Postfachanschrift, …). Address fields count only inside an address group ("Anschrift …",
"Adress…"), not in a place of signature; a group marked "Inland" is only filled with a
German address, one marked "Ausland" only with a foreign one, and "Wo befindet sich die
Anschrift?" gets the matching code. When in doubt a field stays empty: the citizen can
type it, but would hardly notice that another person's data was put there.

Values must fit: each is read like typed input (:func:`eingabe.wert`: type, code list,
Latin characters) and checked against the field's own JSON Schema (length, pattern,
range); what does not fit is left out rather than cut, since a shortened name is a wrong
name. A select field is filled only if the value is in its code list. The identity's
country is ISO 3166-1 alpha-2; the harmonised "Staat" uses the Destatis list, whose ISO
column maps it (DE → 000 Deutschland); where that list was not found at import, the
field stays empty. The street from the identity ("Musterstraße 12") is split where the
group has a house number field.

Once only: :class:`Vorbefuellt` is what a draft records when it is created (input name →
value, the identity provider, the login); each step starts with those values until it is
saved once, and never again after that (see ``services.entwurf_save``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from jsonschema import Draft202012Validator

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Feldart, Kind, Schema
from rathaus.standards.xdatenfelder.json_schema import feld_schema

from .eingabe import Ungueltig, wert
from .pfade import join, ohne_index

# Values longer than this are never considered (identity claims are short).
MAX_WERT = 300


class Merkmal(StrEnum):
    VORNAME = "vorname"
    FAMILIENNAME = "familienname"
    GEBURTSNAME = "geburtsname"
    GEBURTSDATUM = "geburtsdatum"
    GEBURTSTAG = "geburtstag"
    GEBURTSMONAT = "geburtsmonat"
    GEBURTSJAHR = "geburtsjahr"
    GEBURTSORT = "geburtsort"
    STRASSE = "strasse"
    HAUSNUMMER = "hausnummer"
    POSTLEITZAHL = "postleitzahl"
    ORT = "ort"
    STAAT = "staat"
    EMAIL = "email"
    ANSCHRIFT_INLAND = "anschrift_inland"
    # No identity carries these; they are known so the page can offer the browser's
    # autofill for the applicant's own numbers (feldarten.eigene_felder).
    TELEFON = "telefon"
    MOBIL = "mobil"
    FAX = "fax"


M = Merkmal
IDS: dict[str, Merkmal] = {
    # harmonised FIM Baukasten fields (id counts: schemas of ../shared/data/fim/xdf3)
    "F60000000228": M.VORNAME,  # 67
    "F60000000227": M.FAMILIENNAME,  # 67
    "F60000000230": M.GEBURTSNAME,  # 58
    "F60000000231": M.GEBURTSTAG,  # in G60000000083 "Geburtsdatum (teilbekannt)", 79×
    "F60000000232": M.GEBURTSMONAT,
    "F60000000233": M.GEBURTSJAHR,
    "F60000000234": M.GEBURTSORT,  # 52
    "F60000000243": M.STRASSE,  # 68
    "F60000000244": M.HAUSNUMMER,  # 68
    "F60000000246": M.POSTLEITZAHL,  # 68
    "F60000000382": M.POSTLEITZAHL,  # "Postleitzahl (XUnternehmen)", 8
    "F60000000247": M.ORT,  # 68
    "F60000000242": M.EMAIL,  # 63
    "F60000000261": M.STAAT,  # 52, Destatis Staat list (by reference, ISO column)
    "F60000000263": M.ANSCHRIFT_INLAND,  # 54, 001 "in Deutschland" / 002 "außerhalb"
    "F60000000240": M.TELEFON,  # 65
    "F05000016214": M.MOBIL,  # 5
    "F60000000241": M.FAX,  # 19
    # the same fields in older exports (short ids) and Land-specific copies
    "F60000228": M.VORNAME,
    "F60000227": M.FAMILIENNAME,
    "F60000243": M.STRASSE,
    "F60000244": M.HAUSNUMMER,
    "F60000246": M.POSTLEITZAHL,
    "F60000247": M.ORT,
    "F60000242": M.EMAIL,
    "F60000263": M.ANSCHRIFT_INLAND,
    "F00000000013": M.FAMILIENNAME,
    "F00000000067": M.GEBURTSORT,
    "F05000016337": M.VORNAME,
    "F05000016338": M.FAMILIENNAME,
    "F05000016340": M.GEBURTSDATUM,
    # XDatenfelder 1/2 schemas (Blaue Karte, Mutterschutz, Waffenbesitzkarte)
    "F00000013": M.FAMILIENNAME,
    "F00000045": M.VORNAME,
    "F00000014": M.GEBURTSNAME,
    "F00000066": M.GEBURTSDATUM,
    "F00000067": M.GEBURTSORT,
    "F00000053": M.STRASSE,
    "F00000016": M.HAUSNUMMER,
    "F00000054": M.POSTLEITZAHL,
    "F00000035": M.ORT,
}
NAMEN: dict[str, Merkmal] = {
    "vorname": M.VORNAME,
    "vornamen": M.VORNAME,
    "familienname": M.FAMILIENNAME,
    "nachname": M.FAMILIENNAME,
    "geburtsname": M.GEBURTSNAME,
    "geburtsdatum": M.GEBURTSDATUM,
    "geburtsort": M.GEBURTSORT,
    "straße": M.STRASSE,
    "strasse": M.STRASSE,
    "hausnummer": M.HAUSNUMMER,
    "postleitzahl": M.POSTLEITZAHL,
    "plz": M.POSTLEITZAHL,
    "ort": M.ORT,
    "wohnort": M.ORT,
    "staat": M.STAAT,
    "e-mail": M.EMAIL,
    "e-mail-adresse": M.EMAIL,
    "email": M.EMAIL,
    "telefon": M.TELEFON,
    "telefonnummer": M.TELEFON,
    "mobilfunknummer": M.MOBIL,
    "telefax": M.FAX,
}
_ANSCHRIFT = {M.STRASSE, M.HAUSNUMMER, M.POSTLEITZAHL, M.ORT, M.STAAT, M.ANSCHRIFT_INLAND}

# Group names around a field: the applicant ...
_EIGEN = re.compile(
    r"antragsteller|antragstellend|anzeigende|anzeigeerstatt|persönliche angaben"
    r"|angaben zur person|angaben zu ihrer person|ihre angaben|eigene angaben"
)
# ... and anyone or anything else (checked first: "Persönliche Angaben Ehegatte").
_FREMD = re.compile(
    r"vertret|vollm[aä]cht|bevollm|\bkind|ehegatt|ehepartner|lebenspartner|partner|vater"
    r"|mutter|eltern|mitarbeit|beschäftigt|arbeitnehm|arbeitgeb|arbeitsort|leitung|leiter"
    r"|ansprechpartner|kontaktperson|geschäftsführ|gesellschaft|vorstand|inhaber|sachkund"
    r"|empfänger|früher|abweichend|zustell|postfachanschrift|betrieb|unternehm|firma|juristisch"
    r"|organisation|verein|geschäftsanschrift|verwaltungssitz|niederlassung|zweig|verstorb"
    r"|erbe|zeuge|schwanger|stillend|dritt|weitere person|mitglied|halter|eigentüm"
    r"|veranstalt|verantwortlich|betroffen|beteiligt|ausbild|schüler|student|begleit"
)
_PERSONENGRUPPE = re.compile(
    r"person|antragstell|anschrift|adresse|wohnsitz|kommunikation|kontakt|geburt"
)
# "Anschrift Inland Straßenanschrift", "Anschrift/ Adresse Ausland", "Adress- und Kontaktdaten"
# (not "Antragsteller … mit Auslandsadresse", which names the person group)
_ADRESSGRUPPE = re.compile(r"^(anschrift|adress)")
# "Musterstraße 12", "Straße des 17. Juni 135 a", "Am Markt 1-3", "Hauptstr. 7/9b"
_HAUSNUMMER = re.compile(
    r"^(?P<strasse>.*?\S)\s+(?P<nr>\d+\s?[a-zA-Z]?(?:\s?[-/]\s?\d+\s?[a-zA-Z]?)?)$"
)
_PLZ_DE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Personendaten:
    """What the identity said about the citizen (konten.Buerger), as plain values."""

    vorname: str = ""
    familienname: str = ""
    geburtsname: str = ""
    geburtsdatum: date | None = None
    geburtsort: str = ""
    strasse: str = ""  # street and house number in one, as BundID sends postalAddress
    postleitzahl: str = ""
    ort: str = ""
    staat: str = ""  # ISO 3166-1 alpha-2
    email: str = ""

    @property
    def inland(self) -> bool | None:
        """True for a German address, False for a foreign one, None if unknown."""
        staat = self.staat.strip().upper()
        if staat:
            return staat == "DE"
        if _PLZ_DE.match(self.postleitzahl.strip()):
            return True
        return None


@dataclass(frozen=True)
class Treffer:
    """One field occurrence the identity can fill: its input name and what it means."""

    name: str
    feld: Datenfeld
    merkmal: Merkmal
    # The street field shares its group with a house number field (split "Weg 12").
    hausnummer_getrennt: bool = False


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def merkmal_of(feld: Datenfeld, gruppe: Datenfeldgruppe | None) -> Merkmal | None:
    """What a field means for the prefill: by id, else by exact name in a person group."""
    found = IDS.get(feld.id)
    if found is not None:
        return found
    if gruppe is None or not _PERSONENGRUPPE.search(_norm(gruppe.name)):
        return None
    merkmal = NAMEN.get(_norm(feld.name))
    if merkmal is M.GEBURTSDATUM and feld.datentyp.value != "date":
        return None
    return merkmal


def _kontext_ok(gruppen: list[Datenfeldgruppe], merkmal: Merkmal, inland: bool | None) -> bool:
    namen = [_norm(g.name) for g in gruppen]
    # The innermost group that names a person decides: "Antragsteller" inside a step
    # "Unternehmensdaten" is the applicant, an "Anschrift" inside "Vertreter" is not.
    # Within one name the other person wins ("Persönliche Angaben Ehegatte").
    for n in reversed(namen):
        if _FREMD.search(n):
            return False
        if _EIGEN.search(n):
            break
    else:
        return False
    if merkmal in _ANSCHRIFT:
        # only in an address group, and "Anschrift Inland" only with a German address
        adressen = [n for n in namen if _ADRESSGRUPPE.search(n)]
        if not adressen:
            return False
        for n in adressen:
            if "inland" in n and "ausland" not in n and inland is not True:
                return False
            if "ausland" in n and "inland" not in n and inland is not False:
                return False
    return True


def treffer(root: Schema | Datenfeldgruppe, *, inland: bool | None = None) -> list[Treffer]:
    """Every field occurrence of the applicant with a known meaning, in schema order (the
    identity fills those it has a value for).

    Repeatable groups are entered at their first occurrence only.
    """
    out: list[Treffer] = []

    def walk(kinder: tuple[Kind, ...], prefix: str, gruppen: list[Datenfeldgruppe]) -> None:
        gruppe = gruppen[-1] if gruppen else None
        merkmale = {
            k.element.id: merkmal_of(k.element, gruppe)
            for k in kinder
            if isinstance(k.element, Datenfeld)
        }
        getrennt = M.HAUSNUMMER in merkmale.values()
        for k in kinder:
            el = k.element
            name = join(prefix, el.id, 0) if k.anzahl.repeatable else join(prefix, el.id)
            if isinstance(el, Datenfeldgruppe):
                walk(el.struktur, name, [*gruppen, el])
                continue
            merkmal = merkmale.get(el.id)
            if merkmal is None or el.feldart in (Feldart.LABEL, Feldart.HIDDEN):
                continue
            if not _kontext_ok(gruppen, merkmal, inland):
                continue
            out.append(Treffer(name, el, merkmal, merkmal is M.STRASSE and getrennt))

    walk(root.struktur, "", [])
    return out


# What the applicant's own fields are for, as HTML autocomplete tokens (WCAG 1.3.5).
AUTOCOMPLETE: dict[Merkmal, str] = {
    M.VORNAME: "given-name",
    M.FAMILIENNAME: "family-name",
    M.GEBURTSDATUM: "bday",
    M.GEBURTSTAG: "bday-day",
    M.GEBURTSMONAT: "bday-month",
    M.GEBURTSJAHR: "bday-year",
    M.STRASSE: "address-line1",
    M.POSTLEITZAHL: "postal-code",
    M.ORT: "address-level2",
    M.STAAT: "country-name",
    M.EMAIL: "email",
    M.TELEFON: "tel",
    M.MOBIL: "mobile tel",
    M.FAX: "fax tel",
}


def autocomplete_of(root: Schema | Datenfeldgruppe) -> dict[str, str]:
    """Path of element ids (without occurrence numbers) → autocomplete token, for the
    fields of the applicant's own data (:func:`treffer`; domestic and foreign addresses
    both). Other people's names and addresses get none: the browser would offer the
    citizen's own."""
    out: dict[str, str] = {}
    for inland in (True, False):
        for t in treffer(root, inland=inland):
            token = AUTOCOMPLETE.get(t.merkmal)
            if token is not None:
                out[ohne_index(t.name)] = token
    return out


def strasse_teilen(strasse: str) -> tuple[str, str]:
    """("Musterstraße", "12") from "Musterstraße 12"; ("Am Markt", "") without a number."""
    s = " ".join(strasse.split())
    m = _HAUSNUMMER.match(s)
    if m is None:
        return s, ""
    return m.group("strasse"), m.group("nr").replace(" ", "")


def _anschrift_code(feld: Datenfeld, inland: bool | None) -> str:
    """The code of "Wo befindet sich die Anschrift?" for this address, by its label."""
    if inland is None:
        return ""
    for c in feld.werte:
        text = _norm(c.label)
        if inland and text in ("in deutschland", "inland"):
            return c.code
        if not inland and ("außerhalb" in text or text == "ausland"):
            return c.code
    return ""


def _staat_code(feld: Datenfeld, iso: str) -> str:
    """The field's code for an ISO 3166-1 alpha-2 country: the code itself where the list
    uses ISO codes, else the entry whose ISO alpha-2 column holds it (Destatis Staat:
    DE → 000 Deutschland); "" if the list has no such entry."""
    iso = iso.strip().upper()
    if not feld.werte or not iso:
        return iso
    if any(c.code == iso for c in feld.werte):
        return iso
    for c in feld.werte:
        if any(k.lower().startswith("iso") and k.endswith("2") and v == iso for k, v in c.spalten):
            return c.code
    return ""


def _text(t: Treffer, p: Personendaten) -> str:
    strasse, nr = strasse_teilen(p.strasse)
    geboren = p.geburtsdatum
    werte: dict[Merkmal, Callable[[], str]] = {
        M.VORNAME: lambda: p.vorname,
        M.FAMILIENNAME: lambda: p.familienname,
        M.GEBURTSNAME: lambda: p.geburtsname,
        M.GEBURTSDATUM: lambda: geboren.isoformat() if geboren else "",
        M.GEBURTSTAG: lambda: str(geboren.day) if geboren else "",
        M.GEBURTSMONAT: lambda: str(geboren.month) if geboren else "",
        M.GEBURTSJAHR: lambda: str(geboren.year) if geboren else "",
        M.GEBURTSORT: lambda: p.geburtsort,
        M.STRASSE: lambda: strasse if t.hausnummer_getrennt else " ".join(p.strasse.split()),
        M.HAUSNUMMER: lambda: nr,
        M.POSTLEITZAHL: lambda: p.postleitzahl,
        M.ORT: lambda: p.ort,
        M.STAAT: lambda: _staat_code(t.feld, p.staat),
        M.EMAIL: lambda: p.email,
        M.ANSCHRIFT_INLAND: lambda: _anschrift_code(t.feld, p.inland) if p.strasse else "",
        M.TELEFON: lambda: "",
        M.MOBIL: lambda: "",
        M.FAX: lambda: "",
    }
    return werte[t.merkmal]().strip()


def _passt(feld: Datenfeld, text: str) -> Any:
    """The data value of ``text`` for ``feld``, or None if it does not fit the field."""
    if not text or len(text) > MAX_WERT:
        return None
    if feld.feldart is Feldart.SELECT and not feld.werte:
        return None  # a code list we cannot see: the value cannot be checked
    try:
        value = wert(feld, text)
    except Ungueltig:
        return None
    if value is None or not Draft202012Validator(feld_schema(feld)).is_valid(value):
        return None
    return value


def vorbefuellung(root: Schema | Datenfeldgruppe, person: Personendaten) -> dict[str, Any]:
    """Input name → value of every applicant field of ``root`` that ``person`` fills."""
    out: dict[str, Any] = {}
    for t in treffer(root, inland=person.inland):
        value = _passt(t.feld, _text(t, person))
        if value is not None:
            out[t.name] = value
    return out


def _str(value: object) -> str:
    return value.strip()[: MAX_WERT + 1] if isinstance(value, str) else ""


def personendaten_of(buerger: Any) -> Personendaten:
    """The identity values of a ``konten.Buerger`` (anything with its attributes)."""
    geboren = getattr(buerger, "geburtsdatum", None)
    return Personendaten(
        vorname=_str(getattr(buerger, "vorname", "")),
        familienname=_str(getattr(buerger, "nachname", "")),
        geburtsname=_str(getattr(buerger, "geburtsname", "")),
        geburtsdatum=geboren if isinstance(geboren, date) else None,
        geburtsort=_str(getattr(buerger, "geburtsort", "")),
        strasse=_str(getattr(buerger, "strasse", "")),
        postleitzahl=_str(getattr(buerger, "postleitzahl", "")),
        ort=_str(getattr(buerger, "ort", "")),
        staat=_str(getattr(buerger, "land", ""))[:2],
        email=_str(getattr(buerger, "email", "")),
    )
