# ruff: noqa: E501 - XML fragments are clearer on one line
"""Field kinds as a person expects them (issue 9, walk-through findings).

On the real demo form S05000001319: the free text "Angaben zur Verlängerung der
Erlöschensfrist" is a box of several lines, e-mail and telephone get their input types
and, where they are the applicant's, the browser's autofill (WCAG 1.3.5); the date of
birth in parts is one fieldset with Tag, Monat and Jahr. The server checks what the
schema leaves open (plausible dates, past events, default lengths, telephone numbers),
and every message names its field. The corpus tests measure the rules on all 68 schemas.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from lxml import html as lxml_html

from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare import bindung, feldarten
from rathaus.formulare.definition import definition
from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.services import daten_validate
from rathaus.standards.xdatenfelder import (
    Datenfeld,
    Datenfeldgruppe,
    Datentyp,
    Feldart,
    parse_schema,
)
from rathaus.standards.xdatenfelder.model import iter_elements

from .conftest import importieren
from .daten import NS, XDF3_FILES, _ident, feld, gruppe, needs_data

DEMO = "S05000001319"
# step 3 of the demo form: the company, then the applicant ("AA - Antragsteller")
FIRMA = "G05000012012.G05000012857"
PERSON = "G05000012012.G05000012016"
KOMM_FIRMA = f"{FIRMA}.G05000011747"
KOMM_PERSON = f"{PERSON}.G05000011747"
GEBURT = f"{PERSON}.G60000000083"
ERTEILT = "G05000012707.G05000012006.F05000017505"  # "Wann wurde die Erlaubnis erteilt?"
FREITEXT = "G05000012707.G05000012006.F05000017888"  # "Angaben zur Verlängerung …"


@pytest.fixture
def demo(db) -> Formular:
    return importieren(geteilte_daten("fim", "xdf3", DEMO, "schema.xdf.xml"))[0].formular


def seite(client, formular: Formular, nr: int) -> Any:
    r = client.get(f"/antrag/{formular.pk}/schritt/{nr}/")
    assert r.status_code == 200
    return lxml_html.fromstring(r.content.decode())


def eingabe(baum: Any, name: str) -> Any:
    found = baum.xpath(f"//*[@name='{name}']")
    assert len(found) == 1, name
    return found[0]


def senden(client, formular: Formular, nr: int, daten: dict[str, str]) -> str:
    r = client.post(f"/antrag/{formular.pk}/schritt/{nr}/", {**daten, "_aktion": "weiter"})
    assert r.status_code == 200, r.status_code
    return html.unescape(r.content.decode())


def entwurf_daten(client) -> Any:
    pks = [pk for _formular, pk in bindung.gebunden(client.session)]
    return Entwurf.objects.get(pk=pks[0]).daten if pks else None


# -- what the page offers ------------------------------------------------------------------


@needs_data
def test_long_free_text_is_a_box_of_several_lines_with_a_default_limit(client, demo):
    baum = seite(client, demo, 2)
    freitext = eingabe(baum, FREITEXT)
    assert freitext.tag == "textarea"
    assert freitext.get("maxlength") == "5000"
    # the short answers beside it stay one line
    assert eingabe(baum, "G05000012707.G05000012006.F05000018051").get("type") == "text"
    assert eingabe(baum, "G05000012707.G05000012006.F05000018051").get("maxlength") == "200"


@needs_data
def test_a_date_of_a_past_event_offers_no_future_day(client, demo):
    erteilt = eingabe(seite(client, demo, 2), ERTEILT)
    assert erteilt.get("type") == "date"
    assert erteilt.get("max") == timezone.localdate().isoformat()
    assert erteilt.get("min") == "1850-01-01"


@needs_data
def test_email_telephone_and_postal_code_inputs_of_the_demo_form(client, demo):
    baum = seite(client, demo, 3)
    mail = eingabe(baum, f"{KOMM_PERSON}.F60000000242")
    assert (mail.get("type"), mail.get("autocomplete")) == ("email", "email")
    assert mail.get("maxlength") == "254"
    tel = eingabe(baum, f"{KOMM_PERSON}.F60000000240.0")
    assert (tel.get("type"), tel.get("autocomplete")) == ("tel", "tel")
    fax = eingabe(baum, f"{KOMM_PERSON}.F60000000241")
    assert (fax.get("type"), fax.get("autocomplete")) == ("tel", "fax tel")
    # the company's: the same input types, but no autofill with the citizen's own data
    assert eingabe(baum, f"{KOMM_FIRMA}.F60000000242").get("type") == "email"
    assert eingabe(baum, f"{KOMM_FIRMA}.F60000000240.0").get("type") == "tel"
    for name in (f"{KOMM_FIRMA}.F60000000242", f"{KOMM_FIRMA}.F60000000240.0"):
        assert eingabe(baum, name).get("autocomplete") is None, name
    inland = f"{PERSON}.G05000011492.G05000013177"
    plz = eingabe(baum, f"{inland}.F60000000246")
    assert (plz.get("inputmode"), plz.get("autocomplete")) == ("numeric", "postal-code")
    assert eingabe(baum, f"{inland}.F60000000243").get("autocomplete") == "address-line1"
    assert eingabe(baum, f"{inland}.F60000000247").get("autocomplete") == "address-level2"
    firma_plz = eingabe(baum, f"{FIRMA}.G05000013419.0.F60000000246")
    assert firma_plz.get("inputmode") == "numeric" and firma_plz.get("autocomplete") is None
    # a foreign postal code may hold letters
    ausland = eingabe(baum, f"{PERSON}.G05000011492.G60000000191.F60000000382")
    assert ausland.get("inputmode") is None
    assert eingabe(baum, f"{PERSON}.F60000000228").get("autocomplete") == "given-name"
    assert eingabe(baum, f"{PERSON}.F60000000227").get("autocomplete") == "family-name"
    name = eingabe(baum, "G05000012012.G05000012723.F05000017763")  # Name des Unternehmens
    assert (name.tag, name.get("maxlength")) == ("input", "200")


@needs_data
def test_the_date_of_birth_in_parts_is_one_fieldset_of_three_narrow_inputs(client, demo):
    baum = seite(client, demo, 3)
    (fieldset,) = baum.xpath(f"//fieldset[@id='f-{GEBURT.replace('.', '-')}']")
    assert "datumsteile" in fieldset.get("class")
    assert fieldset.xpath("string(legend)").strip().startswith("Geburtsdatum")
    hinweis = fieldset.xpath(".//*[contains(@class,'kern-hint')]/@id")
    assert hinweis and hinweis[0] in fieldset.get("aria-describedby")
    teile = fieldset.xpath(".//input")
    assert [t.get("name").rsplit(".", 1)[1] for t in teile] == [
        "F60000000231",
        "F60000000232",
        "F60000000233",
    ]
    labels = [fieldset.xpath(f"string(.//label[@for='{t.get('id')}'])").strip() for t in teile]
    assert labels == ["Tag", "Monat", "Jahr"]
    assert [t.get("inputmode") for t in teile] == ["numeric"] * 3
    assert [t.get("autocomplete") for t in teile] == ["bday-day", "bday-month", "bday-year"]
    assert [t.get("maxlength") for t in teile] == ["2", "2", "4"]
    # side by side: one row holds the three parts
    (reihe,) = fieldset.xpath(".//*[contains(@class,'datumsteile__teile')]")
    assert len(reihe.xpath("./div[contains(@class,'datumsteile__teil')]")) == 3


@needs_data
def test_a_single_date_of_birth_field_is_a_date_input_with_bday(client, db):
    """F05000016340 "Geburtsdatum" (a date field of its own in five real schemas)."""
    datei = next(
        p
        for p in XDF3_FILES
        if any(
            k.element.id == "F05000016340"
            for k, _p in iter_elements(parse_schema(p).schema.struktur)
        )
    )
    formular = importieren(datei)[0].formular
    defn = definition(formular)
    gefunden = []
    for schritt in defn.schritte:
        baum = seite(client, formular, schritt.nr)
        gefunden += baum.xpath(
            "//input[substring(@name, string-length(@name) - 11)='F05000016340']"
        )
    assert gefunden
    for i in gefunden:
        assert i.get("type") == "date" and i.get("max") == timezone.localdate().isoformat()
    assert "bday" in {i.get("autocomplete") for i in gefunden}


# -- what the server accepts -----------------------------------------------------------------

MORGEN = (timezone.localdate() + timedelta(days=1)).isoformat()


@needs_data
@pytest.mark.parametrize(
    ("wert", "text"),
    [
        ("0001-01-01", "Bitte geben Sie ein Datum zwischen dem 1. Januar 1850 und dem"),
        ("9999-12-31", "Das Datum darf nicht in der Zukunft liegen."),
        (MORGEN, "Das Datum darf nicht in der Zukunft liegen."),
        ("31.02.2020", "Bitte geben Sie ein gültiges Datum ein"),
    ],
)
def test_implausible_dates_of_a_past_event_are_refused_naming_the_field(client, demo, wert, text):
    body = senden(client, demo, 2, {ERTEILT: wert})
    assert f"„Wann wurde die Erlaubnis erteilt?“: {text}" in body


@needs_data
def test_the_free_text_takes_5000_characters_and_not_one_more(client, demo):
    assert "höchstens 5.000 Zeichen" not in senden(client, demo, 2, {FREITEXT: "x" * 5000})
    body = senden(client, demo, 2, {FREITEXT: "x" * 5001})
    assert "„Angaben zur Verlängerung der Erlöschensfrist“: Bitte geben Sie höchstens " in body
    assert "5.000 Zeichen ein." in body


HOSTIL = [
    # a 5,000-character company name where the schema sets no limit
    (
        "G05000012012.G05000012723.F05000017763",
        "A" * 5000,
        "„Name des Unternehmens“: Bitte geben Sie höchstens 200 Zeichen ein.",
    ),
    (f"{KOMM_PERSON}.F60000000240.0", "0381 ABC 12", "„Telefonnummer“: Bitte geben Sie eine"),
    (f"{KOMM_PERSON}.F60000000240.0", "<script>alert(1)</script>", "„Telefonnummer“: Bitte"),
    (f"{KOMM_PERSON}.F60000000240.0", "1234", "mit 5 bis 30 Zeichen"),
    (f"{KOMM_PERSON}.F60000000240.0", "-----", "„Telefonnummer“: Bitte geben Sie eine"),
    (
        f"{KOMM_PERSON}.F60000000242",
        "x@y<script>.de",
        "„E-Mail-Adresse“: Bitte geben Sie eine gültige E-Mail-Adresse ein",
    ),
    (
        f"{GEBURT}.F60000000233",
        str(timezone.localdate().year + 1),
        "„Geburtsdatum“: Das Geburtsdatum darf nicht in der Zukunft liegen.",
    ),
    (f"{GEBURT}.F60000000233", "0001", "„Jahr“: Der Wert muss mindestens 1850 sein."),
    (f"{GEBURT}.F60000000233", "9999", "„Jahr“: Der Wert darf höchstens 2080 sein."),
]


@needs_data
@pytest.mark.parametrize(("name", "wert", "text"), HOSTIL)
def test_hostile_values_on_the_company_step_get_a_message_naming_the_field(
    client, demo, name, wert, text
):
    body = senden(client, demo, 3, {name: wert})
    assert text in body
    assert entwurf_daten(client) is None  # nothing saved


@needs_data
def test_birth_date_parts_31_february_is_no_calendar_date(client, demo):
    body = senden(
        client,
        demo,
        3,
        {
            f"{GEBURT}.F60000000231": "31",
            f"{GEBURT}.F60000000232": "2",
            f"{GEBURT}.F60000000233": "1990",
        },
    )
    assert "kein gültiges Kalenderdatum" in body
    assert "„Tag“" in body


@needs_data
def test_a_telephone_number_as_people_write_it_is_accepted(client, demo):
    for nummer in ("0381 123456", "+49 (381) 123-456", "0381/123456"):
        body = senden(client, demo, 3, {f"{KOMM_PERSON}.F60000000240.0": nummer})
        assert "„Telefonnummer“: Bitte geben Sie eine Telefonnummer" not in body, nummer


@needs_data
def test_an_injection_string_in_a_name_is_kept_as_text_and_shown_escaped(client, demo):
    boese = "<script>alert('x')</script>'; DROP TABLE formulare_entwurf; --"
    r = client.post(
        f"/antrag/{demo.pk}/schritt/3/",
        {"G05000012012.G05000012723.F05000017763": boese, "_aktion": "weiter"},
    )
    roh = r.content.decode()
    assert "<script>alert('x')</script>" not in roh
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in roh  # the value, escaped
    assert "„Name des Unternehmens“" not in html.unescape(roh)  # a name, not an error


# -- the same checks on submitted data (the API path), and numbers as people read them -----


def _schema(tmp_path: Path) -> Path:
    person = "".join(
        [
            feld("F99000000101", "Geburtsdatum", "date"),
            feld("F99000000102", "Termin", "datetime"),
            feld("F99000000103", "Firmenname", "text"),
            feld("F99000000104", "Begründung", "text"),
            feld("F99000000105", "Telefon", "text"),
            feld("F99000000106", "Betrag", "num_currency", praezisierung='minValue="12.5"'),
            feld("F99000000107", "Gewicht", "num", praezisierung='maxValue="0.5"'),
            feld("F99000000108", "E-Mail", "text"),
        ]
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{NS}">'
        f"<xdf:header><xdf:nachrichtID>t</xdf:nachrichtID><xdf:erstellungszeitpunkt>2024-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>"
        f"<xdf:stammdatenschema>{_ident('S99000000102')}<xdf:name>Prüfungen</xdf:name>"
        f"<xdf:bezeichnung>Prüfungen</xdf:bezeichnung>"
        f"{gruppe('G99000000101', 'Angaben zur antragstellenden Person', person)}"
        f"</xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>"
    )
    p = tmp_path / "pruefungen.xdf.xml"
    p.write_text(xml, encoding="utf-8")
    return p


def _fehler(formular: Formular, werte: dict[str, Any]) -> dict[str, list[str]]:
    try:
        daten_validate(formular=formular, daten={"G99000000101": werte})
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.mark.django_db
def test_submitted_data_is_checked_like_a_step(tmp_path):
    formular = importieren(_schema(tmp_path))[0].formular
    with translation.override("de"):
        assert _fehler(formular, {"F99000000101": "1990-05-01", "F99000000105": "0381 1"}) == {}
        fehler = _fehler(
            formular,
            {
                "F99000000101": MORGEN,
                "F99000000102": "9999-12-31T10:00:00+01:00",
                "F99000000103": "A" * 5000,
                "F99000000104": "B" * 5001,
                "F99000000105": "null-drei-acht-eins",
                "F99000000106": 1,
                "F99000000107": 1,
                "F99000000108": "kein-at.example.org",
            },
        )
    assert fehler["F99000000101"] == ["„Geburtsdatum“: Das Datum darf nicht in der Zukunft liegen."]
    assert fehler["F99000000102"][0].startswith(
        "„Termin“: Bitte geben Sie ein Datum zwischen dem 1. Januar 1850 und dem "
    )
    assert fehler["F99000000103"] == ["„Firmenname“: Bitte geben Sie höchstens 200 Zeichen ein."]
    assert fehler["F99000000104"] == ["„Begründung“: Bitte geben Sie höchstens 5.000 Zeichen ein."]
    assert fehler["F99000000105"][0].startswith("„Telefon“: Bitte geben Sie eine Telefonnummer")
    assert fehler["F99000000106"] == ["„Betrag“: Der Wert muss mindestens 12,50 € sein."]
    assert fehler["F99000000107"] == ["„Gewicht“: Der Wert darf höchstens 0,5 sein."]
    assert fehler["F99000000108"] == [
        "„E-Mail“: Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."
    ]


@pytest.mark.django_db
def test_synthetic_fields_get_their_kind_by_name(client, tmp_path):
    formular = importieren(_schema(tmp_path))[0].formular
    baum = seite(client, formular, 1)
    art = {
        i.get("name").rsplit(".", 1)[1]: (i.tag, i.get("type"), i.get("autocomplete"))
        for i in baum.xpath("//form[@id='antrag-formular']//*[starts-with(@name, 'G99')]")
    }
    # by name inside the applicant's group (vorbefuellung.merkmal_of)
    assert art["F99000000101"] == ("input", "date", "bday")
    assert art["F99000000105"] == ("input", "tel", "tel")
    assert art["F99000000108"] == ("input", "email", "email")
    assert art["F99000000104"] == ("textarea", None, None)
    assert art["F99000000103"] == ("input", "text", None)


def test_birth_date_parts_in_the_future_by_day_month_and_year():
    teile = (
        Datenfeld("F1", "1", "Tag", feldart=Feldart.INPUT, datentyp=Datentyp.NUM_INT),
        Datenfeld("F2", "1", "Monat", feldart=Feldart.INPUT, datentyp=Datentyp.NUM_INT),
        Datenfeld("F3", "1", "Jahr", feldart=Feldart.INPUT, datentyp=Datentyp.NUM_INT),
    )
    heute = date(2025, 6, 15)

    def teil(t: Any, m: Any, j: Any) -> str | None:
        found = feldarten.geburtsdatum_fehler(teile, {"F1": t, "F2": m, "F3": j}, heute=heute)
        return found[0].id if found else None

    assert teil(None, None, 2026) == "F3"
    assert teil(None, 7, 2025) == "F2"
    assert teil(16, 6, 2025) == "F1"
    assert teil(15, 6, 2025) is None  # born today
    assert teil(None, 6, 2025) is None
    assert teil(31, 12, 2024) is None
    assert teil(31, 2, 2025) is None  # not a date at all: the FIM rule says so
    assert teil(None, None, None) is None
    assert teil("x", "y", "z") is None


# -- the rules measured on the 68 real schemas ------------------------------------------------


def _felder() -> list[tuple[str, Datenfeld | Datenfeldgruppe]]:
    out = []
    for datei in XDF3_FILES:
        s = parse_schema(datei).schema
        out += [(s.id, k.element) for k, _p in iter_elements(s.struktur)]
    return out


@needs_data
def test_corpus_dates_of_past_events():
    assert len(XDF3_FILES) == 68
    datum = {
        (sid, el.id): el
        for sid, el in _felder()
        if isinstance(el, Datenfeld) and el.datentyp is Datentyp.DATE
    }
    vergangen = {k: el for k, el in datum.items() if feldarten.vergangen(el)}
    ids = {fid for _sid, fid in vergangen}
    print(
        f"{len(vergangen)} of {len(datum)} date fields in schemas, "
        f"{len(ids)} of {len({f for _s, f in datum})} distinct ids must lie in the past:"
    )
    for fid in sorted(ids):
        print(
            " ", fid, next(el.bezeichnung_eingabe for (_s, f), el in vergangen.items() if f == fid)
        )
    assert (len(datum), len(vergangen)) == (142, 47)
    assert len(ids) == 11
    # a sample of each side
    for fid in ("F05000016340", "F05000017505", "F60000000294", "F05000019517", "F17000009296"):
        assert fid in ids, fid
    for fid in (
        "F60000000048",
        "F60000000049",
        "F05000017694",
        "F07000002602",
        "F17000009295",
        "F60000000295",
        "F05000019518",
    ):
        assert fid not in ids, fid


@needs_data
def test_corpus_field_kinds():
    felder = {el.id: el for _sid, el in _felder() if isinstance(el, Datenfeld)}
    zwecke = Counter(feldarten.zweck(el) for el in felder.values())
    lang = {fid for fid, el in felder.items() if feldarten.langtext(el)}
    print(dict(zwecke), len(lang), "multi-line")
    assert feldarten.zweck(felder["F60000000242"]) is feldarten.Zweck.EMAIL
    assert feldarten.zweck(felder["F60000000240"]) is feldarten.Zweck.TELEFON
    assert feldarten.zweck(felder["F60000000246"]) is feldarten.Zweck.PLZ
    assert feldarten.zweck(felder["F05000016448"]) is None  # Postleitzahl (Ausland)
    assert "F05000017888" in lang  # Angaben zur Verlängerung der Erlöschensfrist
    assert {"F00000003442", "F00000003448", "F05000016895"} <= lang  # Begründung, Beschreibung
    for fid in ("F60000000242", "F60000000319", "F60000000320", "F05000017763", "F60000000227"):
        assert fid not in lang, fid  # e-mail and names stay one line, whatever their limit
    assert all(feldarten.hoechstlaenge(el) <= feldarten.MAX_TEXT for el in felder.values())
    teile = {
        sid
        for sid, el in _felder()
        if isinstance(el, Datenfeldgruppe) and feldarten.datumsteile(el)
    }
    assert len(teile) == 58
