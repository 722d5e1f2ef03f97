# ruff: noqa: E501 - real rule texts are quoted as they are
"""The rule interpreter, pattern by pattern, with real rule texts from the FIM corpus."""

import collections
import json
from datetime import date

import pytest

from rathaus.standards.xdatenfelder import Regel, parse_schema
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.regel_ast import Kontext
from rathaus.standards.xdatenfelder.regeln import (
    AtLeastOne,
    Check,
    ExactlyOne,
    Hide,
    Prefill,
    Programm,
    Regelwerk,
    RequiredIf,
    Show,
    UnreadableRule,
    coverage,
    interpret,
    muster,
)

from ._data import ALL_FILES, FIM, needs_data

TODAY = date(2026, 3, 15)


def prog(text: str, **kw) -> Programm:
    result = interpret(Regel(id="R1", version="1", name="t", freitext=text), **kw)
    assert isinstance(result, Programm), result
    return result


def check(p: Programm, data, land=None):
    return p.evaluate(data, Kontext(today=TODAY, land=land))


AKTIVIERE = (
    'WENN Datenfeld F00000003445 "Abweichende Ausgabestelle" = JA, DANN aktiviere Datenfeldgruppe '
    'G00000002211 "Sitz der Ausgabestelle". \n\nWENN Datenfeld F00000003445 "Abweichende '
    'Ausgabestelle" = NEIN, DANN deaktiviere Datenfeldgruppe G00000002211 "Sitz der Ausgabestelle".'
)
INLAND = (
    'Wenn das Feld F60000000263 "Abfrage Anschrift Inland oder Ausland" = 001 "in Deutschland", dann '
    'muss die Feldgruppe G60000000086 "Anschrift Inland Straßenanschrift" befüllt sein. Wenn das Feld '
    'F60000000263 "Abfrage Anschrift Inland oder Ausland" <> 001 "in Deutschland", dann darf die '
    'Feldgruppe G60000000086 "Anschrift Inland Straßenanschrift" nicht befüllt sein.'
)
KONTAKT = (
    'Es muss mindestens eines der Felder F60000000240 "Telefon", F60000000241 "Telefax" oder '
    'F60000000242 "E-Mail" befüllt sein.'
)
ENTWEDER = (
    'Es muss entweder Feldgruppe G60000000086 "Anschrift Inland Straßenanschrift" oder Feldgruppe '
    'G60000000087 "Anschrift Inland Postfachanschrift" befüllt werden.'
)
VON_BIS = (
    'Das Datum im Feld F05000017278 "von" muss zeitlich vor dem Datum in Feld F05000017279 "bis" '
    "liegen."
)
KALENDER = (
    'Wenn alle drei Felder F60000000231 "Tag (ohne Monat und Jahr)", F60000000232 "Monat" und '
    'F60000000233 "Jahr" befüllt sind, muss die Validität des sich ergebenden Kalenderdatums '
    "sichergestellt werden. D.h. es muss z.B. 30.02.2019 oder der 31.11.1968 verhindert werden, da "
    "diese keine korrekten Datumsangaben sind."
)
LAENDER = (
    'Für die Länder NW, SL, SN gilt: \nDas Datenfeld F05000019530 "Abfrage Ausbildung in '
    'Deutschland" muss befüllt werden.\n\nFür alle anderen Länder gilt: \nDas Datenfeld F05000019530 '
    '"Abfrage Ausbildung in Deutschland" darf nicht angezeigt werden.'
)
JAGD = (
    "WENN F07000003636 Abfrage (un)begrenzte Gültigkeit (Jagd) = FALSCH, DANN zeige als Pflicht "
    "F07000003637 Hinweis unbegrenzte Jagdhaftpflichtversicherung an, SONST zeige F07000003637 "
    "Hinweis unbegrenzte Jagdhaftpflichtversicherung nicht an."
)


def test_aktiviere_deaktiviere_becomes_show_and_hide():
    p = prog(AKTIVIERE)
    assert [type(s) for s in p.statements] == [Show, Hide]
    show = p.statements[0]
    assert isinstance(show, Show) and show.ziele[0].id == "G00000002211"


def test_required_if_code_and_hidden_otherwise():
    p = prog(INLAND)
    assert [type(s) for s in p.statements] == [RequiredIf, Hide]
    missing = check(p, {"F60000000263": "001"})
    assert [(v.felder, v.art) for v in missing] == [(("G60000000086",), "pflicht")]
    assert check(p, {"F60000000263": "001", "G60000000086": {"F60000000243": "Hauptstr."}}) == []
    extra = check(p, {"F60000000263": "002", "G60000000086": {"F60000000243": "Hauptstr."}})
    assert [v.art for v in extra] == ["nicht_erlaubt"]


def test_at_least_one():
    p = prog(KONTAKT)
    assert isinstance(p.statements[0], AtLeastOne)
    [v] = check(p, {"F60000000240": ""})
    assert v.felder == ("F60000000240", "F60000000241", "F60000000242")
    assert check(p, {"G1": {"F60000000242": "a@example.org"}}) == []


def test_at_least_one_with_value_wahr():
    p = prog(
        'Mindestens eines der Datenfelder F05000019548 "Fluorierte Treibhausgase", F05000019549 '
        '"Kohlendioxid" oder F05000019550 "Ammoniak" muss den Wert "wahr" haben.'
    )
    assert check(p, {"F05000019548": False, "F05000019549": False}) != []
    assert check(p, {"F05000019548": False, "F05000019549": True}) == []


def test_exactly_one():
    p = prog(ENTWEDER)
    assert isinstance(p.statements[0], ExactlyOne)
    a, b = {"F1": "x"}, {"F2": "y"}
    assert check(p, {"G60000000086": a}) == []
    assert [v.art for v in check(p, {"G60000000086": a, "G60000000087": b})] == ["genau_eines"]
    assert [v.art for v in check(p, {})] == ["genau_eines"]


def test_date_comparison_between_fields():
    p = prog(VON_BIS)
    assert isinstance(p.statements[0], Check)
    assert check(p, {"F05000017278": "2024-01-01", "F05000017279": "2024-02-01"}) == []
    [v] = check(p, {"F05000017278": "2024-03-01", "F05000017279": "2024-02-01"})
    assert v.felder == ("F05000017278", "F05000017279")
    assert check(p, {"F05000017278": "2024-03-01"}) == []  # only checked when both are set


def test_date_against_today():
    p = prog('Das Datum im Feld F60000000234 "Geburtsdatum" darf nicht in der Zukunft liegen.')
    assert check(p, {"F60000000234": "2026-03-15"}) == []
    assert [v.felder for v in check(p, {"F60000000234": "2026-03-16"})] == [("F60000000234",)]


def test_calendar_date_of_day_month_year():
    p = prog(KALENDER)
    ok = {"F60000000231": 30, "F60000000232": 11, "F60000000233": 1968}
    assert check(p, ok) == []
    assert [v.art for v in check(p, {**ok, "F60000000231": 31})] == ["pruefung"]
    assert check(p, {"F60000000231": 31, "F60000000232": 2}) == []  # year missing: no check


def test_laender_sections():
    p = prog(LAENDER)
    assert [v.art for v in check(p, {}, land="SN")] == ["pflicht"]
    assert check(p, {}, land="BY") == []
    assert [v.art for v in check(p, {"F05000019530": True}, land="BY")] == ["nicht_erlaubt"]


def test_sonst_branch_and_pflicht_inside_a_label_word():
    p = prog(JAGD)
    show, hide = p.statements
    assert isinstance(show, Show) and show.required
    assert isinstance(hide, Hide)  # "…Jagdhaftpflichtversicherung nicht an" is not "Pflicht"
    assert [v.art for v in check(p, {"F07000003636": False})] == ["pflicht"]


def test_prefill_and_hide():
    p = prog(
        'Das Datenfeld F05000018286 "Art des Antragstellers" ist mit 001 "privat" vorzubefüllen und '
        "in der Antragsstrecke auszublenden."
    )
    [pre] = p.statements
    assert isinstance(pre, Prefill) and pre.value.value == "001" and pre.hidden
    assert check(p, {"F05000018286": "001"}) == []
    assert [v.art for v in check(p, {"F05000018286": "002"})] == ["vorbelegung"]


def test_allowed_codes():
    p = prog(
        'Wenn das Feld F05000017511 "Rechtsform (XUnternehmen) Verwendung-in-XGewO" = 222200 "SE", '
        'dann muss das Feld F05000017720 "Eintragung Art / Register Art (XUnternehmen)" befüllt '
        'werden, wobei nur die Codes B "Eintragung im Handelsregister B" ODER X "Eintragung im '
        'Ausland" ausgewählt werden dürfen.'
    )
    assert check(p, {"F05000017511": "222200", "F05000017720": "B"}) == []
    assert [v.art for v in check(p, {"F05000017511": "222200", "F05000017720": "A"})] == [
        "pruefung"
    ]
    assert [v.art for v in check(p, {"F05000017511": "222200"})] == ["pflicht"]


def test_xdf2_nur_dann_zu_befuellen_wenn_bejaht():
    p = prog(
        '"F00001028 Krankenversicherungsträger" ist nur dann zu befüllen, wenn "F00001027 '
        'Krankenversicherung vorhanden" bejaht wurde.\r\n'
    )
    [show] = p.statements
    assert isinstance(show, Show) and show.ziele[0].id == "F00001028"


def test_pflichtfeld_wenn_eines_der_felder_ja():
    p = prog(
        "F05000016978 ist ein Pflichtfeld, wenn eines der folgenden Felder F05000016286, "
        'F05000016530, F05000016288, F05000016289, F05000016405 mit "Ja" belegt ist.'
    )
    assert [v.felder for v in check(p, {"F05000016288": True})] == [("F05000016978",)]
    assert check(p, {"F05000016288": False}) == []


def test_unreadable_rule_is_kept_with_its_text():
    text = (
        'WENN in Datenfeld F60000000236 "Staatsangehörigkeit" ein Staat gewählt wird, der nicht zur '
        "EU, zum EWR oder zur Schweiz gehört, DANN ist die Datenfeldgruppe G05000013208 zu befüllen."
    )
    result = interpret(Regel(id="R9", version="1", name="t", freitext=text))
    assert isinstance(result, UnreadableRule) and result.text == text
    assert result.to_json()["unreadable"] is True


def test_garbled_rule_is_not_counted_as_executable():
    text = (
        'Wenn F05000016271 Auswahl: Personenhandelsgesellschaft === "Ja", dann zeige G05000010397 '
        'Personenhandelsgesellschaft hinzufügen, bei <> "Nein" blende G05000010397 '
        "Personenhandelsgesellschaft hinzufügen aus."
    )
    assert isinstance(
        interpret(Regel(id="R", version="1", name="t", freitext=text)), UnreadableRule
    )


@needs_data
def test_regelwerk_on_a_real_schema_steers_visibility_and_violations():
    schema = parse_schema(FIM / "xdf3" / "S00000000364" / "schema.xdf.xml").schema
    werk = Regelwerk(schema)
    assert len(werk.executable) == 1 and not werk.unreadable
    shown = werk.visible({"F00000003445": True}, today=TODAY)
    assert "G00000002211" in shown
    hidden = werk.visible({"F00000003445": False}, today=TODAY)
    assert "G00000002211" not in hidden
    inside = {k.element.id for k, path in iter_elements(schema.struktur) if "G00000002211" in path}
    outside = {
        k.element.id for k, path in iter_elements(schema.struktur) if "G00000002211" not in path
    }
    only_inside = inside - outside
    assert only_inside and not only_inside & hidden  # children go with their group
    assert werk.evaluate({"F00000003445": False, "G00000002211": {"x": "y"}}, today=TODAY)
    json.dumps(werk.to_json())


@needs_data
def test_corpus_coverage_and_patterns():
    werke = [Regelwerk(parse_schema(p).schema) for p in ALL_FILES]
    total, executable = coverage(werke)
    counts = collections.Counter(muster(r) for w in werke for r in w.regeln)
    print(f"\nrules: {total} total, {executable} executable ({executable / total:.1%})")
    for name, n in counts.most_common():
        print(f"{n:5d}  {name}")
    for w in werke:
        json.dumps(w.to_json())
    assert total >= 700
    assert executable / total >= 0.6


@needs_data
@pytest.mark.parametrize("land", [None, "SN"])
def test_every_executable_corpus_rule_evaluates_on_empty_data(land):
    for path in ALL_FILES[:20]:
        werk = Regelwerk(parse_schema(path).schema, land=land)
        werk.evaluate({}, today=TODAY)
        werk.visible({}, today=TODAY)
