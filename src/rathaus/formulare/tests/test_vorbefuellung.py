"""Once-only prefill from the identity: which fields of real FIM schemas are found, with
which values, and which (other people's, other addresses) are left alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.http import QueryDict

from rathaus.formulare import vorbefuellung as vb
from rathaus.formulare.ansicht import schritt_baum
from rathaus.formulare.definition import definition
from rathaus.formulare.eingabe import schritt_lesen, vorgabe
from rathaus.formulare.vorbefuellt import Vorbefuellt
from rathaus.standards.xdatenfelder import Datenfeld, parse_schema
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.reader import parse
from rathaus.standards.xdatenfelder.tests._data import CODELISTEN, needs_codelisten

from .conftest import importieren
from .daten import FIM, NS, _ident, feld, gruppe, needs_data

MARIA = vb.Personendaten(
    vorname="Maria",
    familienname="Neumann",
    geburtsname="Winter",
    geburtsdatum=date(1964, 8, 12),
    geburtsort="Berlin",
    strasse="Thomas-Mann-Straße 3",
    postleitzahl="10409",
    ort="Berlin",
    staat="DE",
    email="maria.neumann@example.org",
)


def schema(sid: str):
    return parse_schema(FIM / "xdf3" / sid / "schema.xdf.xml").schema


def nach_id(felder: dict[str, object]) -> dict[str, list[object]]:
    """Field id → values, whatever group path they sit in."""
    out: dict[str, list[object]] = {}
    for name, value in felder.items():
        fim_id = next(t for t in reversed(name.split(".")) if not t.isdigit())
        out.setdefault(fim_id, []).append(value)
    return out


# -- real schemas -------------------------------------------------------------------------


@needs_data
def test_harmonised_ids_recur_across_the_real_schemas():
    """The ids the mapping relies on are the ones the FIM Baukasten reuses everywhere."""
    zaehler: dict[str, set[str]] = {}
    for datei in sorted(FIM.glob("xdf3/*/schema.xdf.xml")):
        s = parse_schema(datei).schema
        for k, _p in iter_elements(s.struktur):
            if isinstance(k.element, Datenfeld):
                zaehler.setdefault(k.element.id, set()).add(s.id)
    for fim_id in ("F60000000227", "F60000000228", "F60000000243", "F60000000246"):
        assert len(zaehler[fim_id]) >= 60, fim_id
        assert vb.IDS[fim_id] is not None


@needs_data
def test_immobiliardarlehensvermittler_person_with_date_split_street_and_email():
    felder = vb.vorbefuellung(schema("S05000001162"), MARIA)
    person = "G05000010573.G05000010367"
    assert felder[f"{person}.F60000000228"] == "Maria"
    assert felder[f"{person}.F60000000227"] == "Neumann"
    assert felder[f"{person}.F60000000230"] == "Winter"
    assert felder[f"{person}.F05000016340"] == "1964-08-12"  # a date field: ISO date
    assert felder[f"{person}.F60000000234"] == "Berlin"
    adresse = f"{person}.G05000010369"  # "Anschrift Hauptwohnsitz"
    assert felder[f"{adresse}.F60000000243"] == "Thomas-Mann-Straße"
    assert felder[f"{adresse}.F60000000244"] == "3"
    assert felder[f"{adresse}.F60000000246"] == "10409"
    assert felder[f"{adresse}.F60000000247"] == "Berlin"
    assert felder[f"{adresse}.F60000000242"] == "maria.neumann@example.org"
    # the business address of the same person's company, the staff, the management: not hers
    assert len(felder) == 10
    assert all(name.startswith(person) for name in felder)


@needs_data
def test_aufenthaltserlaubnis_partial_birth_date_domestic_address_not_the_representative():
    felder = vb.vorbefuellung(schema("S00000000374"), MARIA)
    ids = nach_id(felder)
    assert ids["F60000000231"] == [12] and ids["F60000000232"] == [8]  # num_int: numbers
    assert ids["F60000000233"] == [1964]
    assert ids["F60000000263"] == ["001"]  # "Wo befindet sich die Anschrift?" in Deutschland
    # one person only: the applicant (G00000002181), not the legal representative
    # (G60000000224) nor the contact person of a representing company (G60000000225)
    assert ids["F60000000227"] == ["Neumann"] and ids["F60000000228"] == ["Maria"]
    assert all(".G60000000220." not in n for n in felder)
    # the street address is filled, the Postfach address beside it is not
    assert ids["F60000000246"] == ["10409"] and ids["F60000000247"] == ["Berlin"]
    assert not any("G60000000087" in n for n in felder)
    # "Staat" sits only in the foreign address group: a German address leaves it empty
    assert "F60000000261" not in ids


@needs_codelisten
def test_staat_of_a_foreign_address_from_the_iso_code_through_the_destatis_list():
    """The identity's country is ISO 3166-1 alpha-2; the harmonised "Staat" uses the
    Destatis list (by reference), whose ISO column maps AT to 151 Österreich."""
    s = parse_schema(
        FIM / "xdf3" / "S00000000374" / "schema.xdf.xml", codelist_dirs=(CODELISTEN,)
    ).schema
    wien = replace(MARIA, strasse="Stephansplatz 1", postleitzahl="1010", ort="Wien", staat="AT")
    ids = nach_id(vb.vorbefuellung(s, wien))
    assert ids["F60000000261"] == ["151"]
    assert ids["F60000000263"] == ["002"]  # außerhalb von Deutschland
    # the same schema parsed without the lists: nothing to check the value against
    ohne = nach_id(vb.vorbefuellung(schema("S00000000374"), wien))
    assert "F60000000261" not in ohne


@needs_data
def test_jagdschein_residence_address_and_contact():
    felder = vb.vorbefuellung(schema("S07000000248"), MARIA)
    ids = nach_id(felder)
    assert ids["F60000000243"] == ["Thomas-Mann-Straße"] and ids["F60000000244"] == ["3"]
    assert ids["F60000000242"] == ["maria.neumann@example.org"]
    assert ids["F60000000230"] == ["Winter"]


@needs_data
def test_demo_form_applicant_inside_the_company_step_not_the_business_address():
    """S05000001319 (the demo form): the group "AA - Antragsteller" sits inside the step
    "Unternehmensdaten …"; the innermost group names the applicant, so it is filled. The
    walk-through found nothing filled for a citizen logged in at "hoch"."""
    felder = vb.vorbefuellung(schema("S05000001319"), MARIA)
    antragsteller = {n: v for n, v in felder.items() if ".G05000012016." in n}
    ids = nach_id(antragsteller)
    assert ids["F60000000228"] == ["Maria"] and ids["F60000000227"] == ["Neumann"]
    assert ids["F60000000243"] == ["Thomas-Mann-Straße"] and ids["F60000000244"] == ["3"]
    assert ids["F60000000246"] == ["10409"] and ids["F60000000242"] == ["maria.neumann@example.org"]
    assert ids["F60000000231"] and ids["F60000000233"]  # birth date as day/month/year
    # nothing goes into the business address or the company's contact group
    assert set(felder) == set(antragsteller)


@needs_data
def test_xdf2_blaue_karte_by_the_older_ids():
    s = parse(FIM / "xdf2" / "S00000121_BlaueKarte.xml").schema
    ids = nach_id(vb.vorbefuellung(s, MARIA))
    assert ids["F00000013"] == ["Neumann"] and ids["F00000045"] == ["Maria"]
    # the applicant's address in Germany, not the university's nor the employer's
    assert ids["F00000053"] == ["Thomas-Mann-Straße"] and ids["F00000054"] == ["10409"]


@needs_data
def test_forms_of_employers_and_companies_take_nothing():
    for sid in ("S00000000366", "S00000000371", "S05000001345", "S05000001313"):
        assert vb.vorbefuellung(schema(sid), MARIA) == {}, sid


@needs_data
def test_a_foreign_address_never_goes_into_a_domestic_address_group():
    felix = vb.Personendaten(
        vorname="Felix",
        familienname="Gruber",
        strasse="Praterstrasse 72",
        postleitzahl="1020",
        ort="Wien",
        staat="AT",
    )
    ids = nach_id(vb.vorbefuellung(schema("S00000000374"), felix))
    assert ids["F60000000263"] == ["002"]  # außerhalb von Deutschland
    assert "F60000000243" not in ids and "F60000000246" not in ids
    # the structured foreign address of S05000001288 takes it
    felder = vb.vorbefuellung(schema("S05000001288"), felix)
    ausland = [n for n in felder if "G05000011744" in n]  # "Anschrift Ausland"
    assert {n.rsplit(".", 1)[1] for n in ausland} >= {"F60000000243", "F60000000247"}


@needs_data
def test_every_prefilled_value_is_valid_for_its_field_in_every_real_schema():
    for datei in sorted(FIM.glob("xdf3/*/schema.xdf.xml")):
        s = parse_schema(datei).schema
        felder = vb.vorbefuellung(s, MARIA)
        treffer = {t.name: t for t in vb.treffer(s, inland=True)}
        for name, value in felder.items():
            assert vb._passt(treffer[name].feld, str(value)) == value, (s.id, name)


# -- street and house number ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eingabe", "strasse", "nr"),
    [
        ("Musterstraße 12", "Musterstraße", "12"),
        ("Thomas-Mann-Straße 3", "Thomas-Mann-Straße", "3"),
        ("Straße des 17. Juni 135 a", "Straße des 17. Juni", "135a"),
        ("Am Markt 1-3", "Am Markt", "1-3"),
        ("Hauptstr. 7/9b", "Hauptstr.", "7/9b"),
        ("  Ossenreyerstraße   12  ", "Ossenreyerstraße", "12"),
        ("Am Markt", "Am Markt", ""),
        ("", "", ""),
    ],
)
def test_street_and_house_number_are_split(eingabe, strasse, nr):
    assert vb.strasse_teilen(eingabe) == (strasse, nr)


# -- synthetic schemas: name fallback, combined street, code lists, locked fields ------------


def _schema_xml(struktur: str, sid: str = "S99000000077") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{NS}">'
        f"<xdf:header><xdf:nachrichtID>1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>"
        f"<xdf:stammdatenschema>{_ident(sid)}<xdf:name>Prefill</xdf:name>{struktur}</xdf:stammdatenschema>"
        f"</xdf:xdatenfelder.stammdatenschema.0102>"
    ).encode()


def _parse(tmp_path: Path, struktur: str):
    p = tmp_path / "s.xml"
    p.write_bytes(_schema_xml(struktur))
    return parse_schema(p).schema


def test_name_fallback_only_inside_person_groups_and_combined_street(tmp_path):
    struktur = gruppe(
        "G99000000010",
        "Angaben zur antragstellenden Person",
        feld("F99000000101", "Vorname", "text")
        + feld("F99000000102", "Familienname", "text")
        + gruppe(
            "G99000000011",
            "Anschrift",
            feld("F99000000103", "Straße", "text") + feld("F99000000104", "Ort", "text"),
        ),
    ) + gruppe(
        "G99000000012",
        "Bestellung",  # not a person group: "Vorname" here is not the applicant's
        feld("F99000000105", "Vorname", "text"),
    )
    felder = vb.vorbefuellung(_parse(tmp_path, struktur), MARIA)
    assert felder == {
        "G99000000010.F99000000101": "Maria",
        "G99000000010.F99000000102": "Neumann",
        # no house number field beside it: street and number stay together
        "G99000000010.G99000000011.F99000000103": "Thomas-Mann-Straße 3",
        "G99000000010.G99000000011.F99000000104": "Berlin",
    }


def test_select_fields_only_with_a_value_of_their_code_list(tmp_path):
    def mit(werte):
        return gruppe(
            "G99000000020",
            "Antragsteller",
            gruppe(
                "G99000000021",
                "Anschrift",
                feld("F99000000201", "Staat", "text", feldart="select", werte=werte),
            ),
        )

    ja = vb.vorbefuellung(
        _parse(tmp_path, mit([("DE", "Deutschland"), ("AT", "Österreich")])), MARIA
    )
    assert ja == {"G99000000020.G99000000021.F99000000201": "DE"}
    nein = vb.vorbefuellung(_parse(tmp_path, mit([("000", "Deutschland")])), MARIA)
    assert nein == {}


def test_values_that_do_not_fit_the_field_are_left_out_not_cut(tmp_path):
    struktur = gruppe(
        "G99000000030",
        "Persönliche Angaben",
        feld("F60000000227", "Familienname", "text", praezisierung='maxLength="10"')
        + feld("F60000000228", "Vornamen", "text_latin")
        + feld("F60000000234", "Geburtsort", "text")
        + feld("F05000016340", "Geburtsdatum", "date")
        + feld("F60000000242", "E-Mail", "text", praezisierung='pattern="[^@]+@[^@]+"'),
    )
    hostile = vb.Personendaten(
        familienname="Neumann-Winterberg-Sonnenmeier",  # 30 > maxLength 10
        vorname="Иван",  # not Latin: text_latin refuses it
        geburtsort="x" * 5000,  # overlong
        email="kein-at-zeichen",
    )
    assert vb.vorbefuellung(_parse(tmp_path, struktur), hostile) == {}
    # HTML is text like any other: kept as typed, escaped where shown (see test_views)
    html = vb.Personendaten(familienname="<b>Neu</b>")
    assert vb.vorbefuellung(_parse(tmp_path, struktur), html) == {
        "G99000000030.F60000000227": "<b>Neu</b>"
    }


def test_personendaten_of_reads_a_buerger_defensively():
    class B:
        vorname = "  Maria "
        nachname = "N" * 10_000
        geburtsdatum = "1964-08-12"  # not a date object: ignored
        land = "DEU"
        strasse = None

    p = vb.personendaten_of(B())
    assert p.vorname == "Maria" and len(p.familienname) == vb.MAX_WERT + 1
    assert p.geburtsdatum is None and p.staat == "DE" and p.strasse == ""
    assert p.inland is True


# -- locked fields and the vorbefuellung code -----------------------------------------------


def test_a_locked_identity_field_is_read_only_and_keeps_the_identity_value(db, tmp_path):
    struktur = gruppe(
        "G99000000040",
        "Angaben zur antragstellenden Person",
        feld("F60000000227", "Familienname", "text", feldart="locked", anzahl="1:1")
        + feld("F60000000228", "Vornamen", "text", anzahl="1:1"),
    )
    p = tmp_path / "gesperrt.xml"
    p.write_bytes(_schema_xml(struktur))
    formular = importieren(p)[0].formular
    defn = definition(formular)
    felder = vb.vorbefuellung(defn.schema, MARIA)
    assert felder["G99000000040.F60000000227"] == "Neumann"
    schritt = defn.schritt(1)
    post = QueryDict(mutable=True)
    post.update({"G99000000040.F60000000227": "Gefälscht", "G99000000040.F60000000228": "Eva"})
    daten = schritt_lesen(schritt, post, felder).daten
    assert daten == {"G99000000040": {"F60000000227": "Neumann", "F60000000228": "Eva"}}
    assert schritt_lesen(schritt, post).daten["G99000000040"].get("F60000000227") is None
    knoten = {
        k.fim_id: k
        for k in schritt_baum(
            defn, schritt, {}, {}, {}, {"G99000000040", "F60000000227", "F60000000228"}, felder
        )
    }
    assert knoten["F60000000227"].art == "gesperrt" and knoten["F60000000227"].wert == "Neumann"
    assert knoten["F60000000227"].vorbefuellt
    assert "f-G99000000040-F60000000227-konto" in knoten["F60000000227"].beschreibt


@needs_data
def test_the_vorbefuellung_code_is_not_a_value():
    """XDF3 <vorbefuellung>keine</vorbefuellung> once made a locked field read "keine"."""
    s = schema("S05000001288")
    adresssuche = next(
        k.element for k, _p in iter_elements(s.struktur) if k.element.id == "F05000017636"
    )
    assert isinstance(adresssuche, Datenfeld) and adresssuche.vorbefuellung == "keine"
    assert vorgabe(adresssuche) is None


def test_stored_record_reads_back_and_survives_junk():
    v = Vorbefuellt(felder={"G1.F1": "x"}, offen=frozenset({1, 2}), quelle="https://idp")
    assert Vorbefuellt.aus_json(v.to_json()) == v
    assert Vorbefuellt.aus_json(v.gespeichert(1).to_json()).offen == {2}
    for junk in (None, [], {"felder": "x"}, {"felder": {}, "offen": "1"}):
        assert not Vorbefuellt.aus_json(junk)
    assert Vorbefuellt().to_json() == {}
