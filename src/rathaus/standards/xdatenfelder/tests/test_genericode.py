# ruff: noqa: E501 - XML fragments are clearer on one line
"""Genericode code lists: both real shapes, the display column, hostile files, and how a
schema's reference finds its list (exact, newest, nearest version with a warning)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from rathaus.standards.xdatenfelder import CodelisteReferenz, Datenfeld, XDatenfelderError
from rathaus.standards.xdatenfelder.genericode import (
    MAX_BYTES,
    MAX_ZEILEN,
    CodelistenVerzeichnis,
    read_genericode,
)
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.reader import parse_schema
from rathaus.standards.xdatenfelder.safexml import read_bytes

from ._data import CODELISTEN, CODELISTEN_FILES, FIM, XDF3_FILES, needs_codelisten

GC = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
DESTATIS = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel"

# file → (codes, code column, display column), as README.md of the folder states them
ERWARTET = {
    "de.bund.destatis.bevoelkerungsstatistik.schluessel.staat_2023-02-24.xml": (
        197,
        "schluessel-staat",
        "staatenname-kurz",
    ),
    "de.bund.destatis.bevoelkerungsstatistik.schluessel.staat_2024-08-01.xml": (
        197,
        "schluessel-staat",
        "staatenname-kurz",
    ),
    "de.bund.destatis.bevoelkerungsstatistik.schluessel.staatsangehoerigkeit_2024-08-01.xml": (
        211,
        "DESTATIS-Schluessel-Staatsangehoerigkeit",
        "Staatsangehoerigkeit",
    ),
    "de.bund.destatis.bevoelkerungsstatistik.schluessel.staatsgebiete_2023-02-24.xml": (
        266,
        "DESTATIS-Schluessel-Gebiet",
        "Gebietsbezeichnung-kurz",
    ),
    "de.bund.destatis.bevoelkerungsstatistik.schluessel.kreis_2021-07-31.xml": (
        517,
        "SCHLUESSEL",
        "Bezeichnung",
    ),
    "de.bund.destatis.bevoelkerungsstatistik.schluessel.bundesland_2010-04-01.xml": (
        16,
        "SCHLUESSEL",
        "Bezeichnung",
    ),
    "de.dsmeld.schluesseltabelle.familienstand_2.xml": (10, "key", "name"),
    "xoev-de.xunternehmen.codeliste.registergerichte_14.xml": (203, "XJustizID", "Registergericht"),
    "xoev-de.xunternehmen.codeliste.rechtsformen_2.xml": (75, "code", "name"),
    "xoev-de.xunternehmen.codeliste.rechtsformen_2.3.xml": (167, "Code", "Bezeichnung-lang"),
    "xoev-de.xunternehmen.codeliste.rechtsformen_2.4.xml": (174, "Code", "Bezeichnung-lang"),
    "xoev-de.xunternehmen.codeliste.artniederlassung_1.xml": (4, "code", "name"),
    "xoev-de.xunternehmen.codeliste.artdereintragung_2.xml": (9, "code", "name"),
    "xpersonenstand.schluesseltabelle.geschlecht_3.xml": (4, "code", "name"),
}


def _liste(name: str):
    return read_genericode(read_bytes(CODELISTEN / name), path=name)


def _werte(name: str) -> dict[str, str]:
    return {c.code: c.label for c in _liste(name).werte}


# -- the real lists ------------------------------------------------------------------------


@needs_codelisten
def test_the_folder_holds_exactly_the_lists_of_its_readme():
    assert {p.name for p in CODELISTEN_FILES} == set(ERWARTET)


@needs_codelisten
@pytest.mark.parametrize("name", sorted(ERWARTET))
def test_every_real_list_reads_with_its_count_and_columns(name):
    cl = _liste(name)
    codes, code_spalte, anzeige = ERWARTET[name]
    assert (len(cl.werte), cl.code_spalte, cl.anzeige_spalte) == (codes, code_spalte, anzeige)
    assert len({c.code for c in cl.werte}) == codes
    assert all(c.code and c.label for c in cl.werte)
    # every choice reads differently (a recurring name gets its code appended)
    assert len({c.label for c in cl.werte}) == codes
    # the file is named after its own CanonicalVersionUri
    assert name == cl.canonical_version_uri.removeprefix("urn:").replace(":", ".") + ".xml"
    assert cl.canonical_version_uri == f"{cl.canonical_uri}_{cl.version}"
    assert len(cl.rows) == codes and set(cl.rows[0]) <= set(cl.spalten)


@needs_codelisten
def test_both_shapes_are_read():
    # XRepository original: gc:CodeList root, children without namespace
    original = etree.parse(
        str(CODELISTEN / "de.bund.destatis.bevoelkerungsstatistik.schluessel.kreis_2021-07-31.xml")
    )
    assert original.getroot().tag == f"{{{GC}}}CodeList"
    assert original.getroot()[1].tag in ("Identification", "Annotation")
    # FIM-portal shape: every element gc:-prefixed, codenameKey names the display column
    fim = etree.parse(str(CODELISTEN / "xpersonenstand.schluesseltabelle.geschlecht_3.xml"))
    assert all(
        e.tag.startswith(f"{{{GC}}}") for e in fim.getroot().iter() if isinstance(e.tag, str)
    )
    assert _werte("xpersonenstand.schluesseltabelle.geschlecht_3.xml") == {
        "d": "divers",
        "m": "männlich",
        "w": "weiblich",
        "x": "keine Angabe",
    }


@needs_codelisten
def test_spot_checks_from_the_readme():
    staat = _werte("de.bund.destatis.bevoelkerungsstatistik.schluessel.staat_2023-02-24.xml")
    assert staat["000"] == "Deutschland"
    assert (staat["121"], staat["129"], staat["168"]) == (
        "Albanien",
        "Frankreich",
        "Vereinigtes Königreich",
    )
    assert (staat["368"], staat["479"]) == ("Vereinigte Staaten", "China")
    kreis = _werte("de.bund.destatis.bevoelkerungsstatistik.schluessel.kreis_2021-07-31.xml")
    assert kreis["13073"] == "Vorpommern-Rügen"
    assert kreis["03241"] == "Region Hannover"
    assert kreis["11000"] == "Berlin, Stadt"
    # a name twice in the list (Stadt and Landkreis Rosenheim) is told apart by its code
    assert kreis["09163"] == "Rosenheim (09163)" and kreis["09187"] == "Rosenheim (09187)"
    land = _werte("de.bund.destatis.bevoelkerungsstatistik.schluessel.bundesland_2010-04-01.xml")
    assert land["13"] == "Mecklenburg-Vorpommern"
    sa = _werte(
        "de.bund.destatis.bevoelkerungsstatistik.schluessel.staatsangehoerigkeit_2024-08-01.xml"
    )
    assert (sa["000"], sa["129"]) == ("deutsch", "französisch")
    rf = _werte("xoev-de.xunternehmen.codeliste.rechtsformen_2.4.xml")
    assert rf["111000"] == "Offene Handelsgesellschaft"
    gerichte = _werte("xoev-de.xunternehmen.codeliste.registergerichte_14.xml")
    assert gerichte["D3101V"] == "Amtsgericht Amberg (D3101V)"
    assert _werte("de.dsmeld.schluesseltabelle.familienstand_2.xml")["LD"] == "ledig"


@needs_codelisten
def test_the_iso_columns_stay_with_every_code():
    cl = _liste("de.bund.destatis.bevoelkerungsstatistik.schluessel.staat_2023-02-24.xml")
    deutschland = next(c for c in cl.werte if c.code == "000")
    assert deutschland.spalte("iso-2") == "DE" and deutschland.spalte("ISO-3") == "DEU"
    assert {c.spalte("iso-2") for c in cl.werte if c.code == "129"} == {"FR"}
    # the other columns stay available in the rows
    assert cl.rows[0]["staatsname-voll"] == "die Bundesrepublik Deutschland"
    assert cl.rows[0]["staatsangehoerigkeit"] == "deutsch"


# -- synthetic lists: shapes, columns, hostile files ---------------------------------------


def _gc(
    rows: list[dict[str, str]],
    *,
    columns: tuple[str, ...] = ("code", "name"),
    keys: str = '<Key Id="codeKey"><ShortName>k</ShortName><ColumnRef Ref="code"/></Key>',
    uri: str = "urn:test:liste",
    version: str = "1",
    prefix: str = "",
    ident: str | None = None,
) -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{GC}"' if prefix else f'xmlns:gc="{GC}"'
    root = f"{p}CodeList" if prefix else "gc:CodeList"
    if ident is None:
        ident = (
            f"<{p}Identification><{p}ShortName>Test</{p}ShortName><{p}Version>{version}</{p}Version>"
            f"<{p}CanonicalUri>{uri}</{p}CanonicalUri><{p}CanonicalVersionUri>{uri}_{version}</{p}CanonicalVersionUri></{p}Identification>"
        )
    cols = "".join(
        f'<{p}Column Id="{c}"><{p}ShortName>{c}</{p}ShortName></{p}Column>' for c in columns
    )
    if prefix:
        keys = (
            keys.replace("<Key", f"<{p}Key")
            .replace("</Key", f"</{p}Key")
            .replace("<ColumnRef", f"<{p}ColumnRef")
            .replace("<ShortName>", f"<{p}ShortName>")
            .replace("</ShortName>", f"</{p}ShortName>")
        )
    body = "".join(
        f"<{p}Row>"
        + "".join(
            f'<{p}Value ColumnRef="{k}"><{p}SimpleValue>{v}</{p}SimpleValue></{p}Value>'
            for k, v in r.items()
        )
        + f"</{p}Row>"
        for r in rows
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} {xmlns}>{ident}'
        f"<{p}ColumnSet>{cols}{keys}</{p}ColumnSet><{p}SimpleCodeList>{body}</{p}SimpleCodeList></{root}>"
    ).encode()


ZWEI = [{"code": "1", "name": "eins"}, {"code": "2", "name": "zwei"}]


def test_unqualified_and_prefixed_children_read_the_same():
    unqualified = read_genericode(_gc(ZWEI))
    prefixed = read_genericode(_gc(ZWEI, prefix="gc"))
    other_prefix = read_genericode(_gc(ZWEI, prefix="ns2"))
    assert unqualified.werte == prefixed.werte == other_prefix.werte
    assert [(c.code, c.label) for c in unqualified.werte] == [("1", "eins"), ("2", "zwei")]
    assert unqualified.canonical_version_uri == "urn:test:liste_1"


def test_codename_key_wins_over_the_table_and_the_table_over_the_name_rule():
    rows = [
        {
            "schluessel-staat": "000",
            "suchbegriff": "Deutschland (Suche)",
            "staatenname-kurz": "Deutschland",
        }
    ]
    spalten = ("schluessel-staat", "suchbegriff", "staatenname-kurz")
    key = '<Key Id="k"><ShortName>k</ShortName><ColumnRef Ref="schluessel-staat"/></Key>'
    by_table = read_genericode(_gc(rows, columns=spalten, keys=key, uri=f"{DESTATIS}:staat"))
    assert by_table.werte[0].label == "Deutschland"
    named = (
        key + '<Key Id="codenameKey"><ShortName>n</ShortName><ColumnRef Ref="suchbegriff"/></Key>'
    )
    by_key = read_genericode(_gc(rows, columns=spalten, keys=named, uri=f"{DESTATIS}:staat"))
    assert by_key.werte[0].label == "Deutschland (Suche)"
    # an unknown list: the first name-like column
    general = read_genericode(_gc(rows, columns=spalten, keys=key, uri="urn:test:andere"))
    assert general.anzeige_spalte == "staatenname-kurz"


def test_a_value_without_column_ref_belongs_to_the_next_column():
    data = _gc([]).replace(
        b"<SimpleCodeList></SimpleCodeList>",
        b"<SimpleCodeList><Row><Value><SimpleValue>7</SimpleValue></Value><Value><SimpleValue>sieben</SimpleValue></Value></Row></SimpleCodeList>",
    )
    assert [(c.code, c.label) for c in read_genericode(data).werte] == [("7", "sieben")]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (_gc(ZWEI, ident=""), "/CodeList/Identification", "missing required element"),
        (
            _gc(
                ZWEI,
                ident="<Identification><ShortName>x</ShortName><Version>1</Version></Identification>",
            ),
            "/CodeList/Identification/CanonicalUri",
            "missing required element",
        ),
        (_gc(ZWEI, columns=()), "/CodeList/ColumnSet/Column", "missing required element"),
        (
            _gc(ZWEI, columns=("code", "code")),
            "/CodeList/ColumnSet/Column[2]/@Id",
            "declared twice",
        ),
        (
            _gc(
                ZWEI,
                keys='<Key Id="codeKey"><ShortName>k</ShortName><ColumnRef Ref="schluessel"/></Key>',
            ),
            "/CodeList/ColumnSet/Key[1]/ColumnRef",
            "'schluessel', which is not declared",
        ),
        (
            _gc([{"code": "1", "bezeichnung": "x"}]),
            "/CodeList/SimpleCodeList/Row[1]/Value[2]",
            "unknown column 'bezeichnung'",
        ),
        (
            _gc([{"name": "ohne Code"}]),
            "/CodeList/SimpleCodeList/Row[1]",
            "no value in the code column 'code'",
        ),
        (
            _gc([*ZWEI, {"code": "1", "name": "noch einmal eins"}]),
            "/CodeList/SimpleCodeList/Row[3]",
            "code '1' occurs again (first in Row[1])",
        ),
        (
            f'<gc:CodeList xmlns:gc="{GC}"><Identification/></gc:CodeList>'.encode().replace(
                b"gc:CodeList", b"gc:Liste"
            ),
            "/{" + GC + "}Liste",
            "not a genericode CodeList",
        ),
        (b"<CodeList><Identification/></CodeList>", "/CodeList", "not a genericode CodeList"),
    ],
    ids=[
        "no-identification",
        "no-canonical-uri",
        "no-columns",
        "column-twice",
        "key-unknown-column",
        "value-unknown-column",
        "row-without-code",
        "duplicate-code",
        "wrong-root",
        "no-namespace",
    ],
)
def test_broken_lists_are_refused_naming_the_element(data, path, message):
    with pytest.raises(XDatenfelderError) as info:
        read_genericode(data)
    assert info.value.path == path
    assert message in info.value.message


def test_a_list_with_too_many_rows_is_refused():
    rows = [{"code": str(i), "name": f"n{i}"} for i in range(MAX_ZEILEN + 1)]
    start = time.perf_counter()
    with pytest.raises(XDatenfelderError) as info:
        read_genericode(_gc(rows))
    assert time.perf_counter() - start < 5
    assert info.value.path == "/CodeList/SimpleCodeList" and str(MAX_ZEILEN) in info.value.message


def test_xxe_in_a_code_list_is_refused_and_nothing_is_read():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + _gc([{"code": "1", "name": "&xxe;"}]).split(b"?>", 1)[1]
    )
    with pytest.raises(XDatenfelderError) as info:
        read_genericode(data)
    assert "root:" not in str(info.value)
    assert "DOCTYPE" in info.value.message or "entity" in info.value.message.lower()


def test_a_huge_file_is_refused_unread_and_the_other_lists_still_count(tmp_path):
    (tmp_path / "gross.xml").write_bytes(
        _gc(ZWEI, uri="urn:test:gross").replace(
            b"</gc:CodeList>", b"<!--" + b"x" * (MAX_BYTES + 1) + b"--></gc:CodeList>"
        )
    )
    (tmp_path / "kaputt.xml").write_bytes(_gc([*ZWEI, ZWEI[0]], uri="urn:test:kaputt"))
    (tmp_path / "gut.xml").write_bytes(_gc(ZWEI, uri="urn:test:gut"))
    (tmp_path / "kein-genericode.xml").write_bytes(b"<a>nichts</a>")
    verzeichnis = CodelistenVerzeichnis([tmp_path])
    start = time.perf_counter()
    assert [cl.canonical_uri for cl in verzeichnis.listen] == ["urn:test:gut"]
    assert time.perf_counter() - start < 2
    gross, kaputt = verzeichnis.problems
    assert gross.startswith("code list file gross.xml: /:") and str(MAX_BYTES) in gross
    assert kaputt.startswith("code list file kaputt.xml: /CodeList/SimpleCodeList/Row[3]:")


# -- finding the list a reference names ---------------------------------------------------


@pytest.fixture
def versionen(tmp_path: Path) -> CodelistenVerzeichnis:
    for version, name in (("2023-02-24", "alt"), ("2024-08-01", "neu")):
        (tmp_path / f"d_{version}.xml").write_bytes(
            _gc([{"code": "1", "name": name}], uri="urn:test:datum", version=version)
        )
    for version in ("2", "2.3", "2.4"):
        (tmp_path / f"n_{version}.xml").write_bytes(
            _gc([{"code": "1", "name": version}], uri="urn:test:nummer", version=version)
        )
    return CodelistenVerzeichnis([tmp_path])


def _ref(uri: str, version: str = "") -> CodelisteReferenz:
    return CodelisteReferenz(
        canonical_uri=uri,
        version=version,
        canonical_version_uri=f"{uri}_{version}" if version else uri,
    )


@pytest.mark.parametrize(
    ("ref", "version", "warnt"),
    [
        (_ref("urn:test:datum", "2023-02-24"), "2023-02-24", False),  # exact
        (_ref("urn:test:datum"), "2024-08-01", False),  # unversioned: the newest
        (_ref("urn:test:nummer"), "2.4", False),
        (_ref("urn:test:datum", "2023-06-01"), "2023-02-24", True),  # nearest date
        (_ref("urn:test:datum", "2024-05-01"), "2024-08-01", True),
        (_ref("urn:test:datum", "2025-01-01"), "2024-08-01", True),
        (_ref("urn:test:nummer", "2.1"), "2.3", True),  # the next newer version
        (_ref("urn:test:nummer", "3"), "2.4", True),  # else the newest older one
        # only the version URI and the version given: the canonical URI is derived
        (
            CodelisteReferenz(canonical_version_uri="urn:test:nummer_2.3", version="2.3"),
            "2.3",
            False,
        ),
        (
            CodelisteReferenz(
                canonical_version_uri="urn:test:datum_2020-01-01", version="2020-01-01"
            ),
            "2023-02-24",
            True,
        ),
    ],
)
def test_resolution_exact_newest_nearest(versionen, ref, version, warnt):
    liste, hinweis = versionen.resolve(ref)
    assert liste is not None and liste.version == version
    assert bool(hinweis) is warnt
    if warnt:
        # the warning names the version asked for and the one used instead
        assert ref.version in hinweis and version in hinweis and "nearest" in hinweis


def test_an_unknown_list_is_not_found(versionen):
    assert versionen.resolve(_ref("urn:test:unbekannt", "1")) == (None, "")
    assert versionen.resolve(_ref("urn:test:unbekannt")) == (None, "")


@needs_codelisten
def test_how_the_332_references_of_the_68_schemas_resolve():
    """README: 248 exactly or by CanonicalUri, 79 (staatsangehoerigkeit_2023-02-24) by the
    nearest version 2024-08-01 with a warning, 5 (xgewerbeordnung status) not at all."""
    assert len(XDF3_FILES) == 68
    verzeichnis = CodelistenVerzeichnis([CODELISTEN])
    zaehler = {"genau": 0, "naechste": 0, "fehlt": 0}
    fehlend: set[str] = set()
    for datei in XDF3_FILES:
        for el in etree.parse(str(datei)).iter("{*}codelisteReferenz"):

            def text(name: str, el=el) -> str:
                return (el.findtext(f"{{*}}{name}") or "").strip()

            ref = CodelisteReferenz(
                canonical_uri=text("canonicalIdentification"),
                version=text("version"),
                canonical_version_uri=text("canonicalVersionUri"),
            )
            liste, hinweis = verzeichnis.resolve(ref)
            if liste is None:
                zaehler["fehlt"] += 1
                fehlend.add(ref.label)
            elif hinweis:
                zaehler["naechste"] += 1
                assert liste.version == "2024-08-01" and "2023-02-24" in hinweis
            else:
                zaehler["genau"] += 1
    assert zaehler == {"genau": 248, "naechste": 79, "fehlt": 5}
    assert fehlend == {"urn:xoev-de:xgewerbeordnung:codeliste:status_1"}


@needs_codelisten
def test_the_demo_schema_gets_its_lists_and_a_warning_for_the_nearest_version():
    ergebnis = parse_schema(
        FIM / "xdf3" / "S05000001319" / "schema.xdf.xml", codelist_dirs=(CODELISTEN,)
    )
    felder = {
        k.element.id: k.element
        for k, _ in iter_elements(ergebnis.schema.struktur)
        if isinstance(k.element, Datenfeld)
    }
    rechtsform = felder["F05000017511"]  # referenced without a version: the newest, 2.4
    assert len(rechtsform.werte) == 174
    assert ("111000", "Offene Handelsgesellschaft") in [(c.code, c.label) for c in rechtsform.werte]
    geburt = felder["F60000000235"]  # Staat der Geburt, staat_2023-02-24
    assert (
        len(geburt.werte) == 197
        and geburt.werte[0].code == "000"
        and geburt.werte[0].label == "Deutschland"
    )
    nationalitaet = felder["F60000000236"]  # Staatsangehörigkeit, 2023-02-24 missing
    assert {c.code: c.label for c in nationalitaet.werte}["000"] == "deutsch"
    hinweise = [w for w in ergebnis.warnings if w.startswith("F60000000236:")]
    assert len(hinweise) == 1 and "2023-02-24" in hinweise[0] and "2024-08-01" in hinweise[0]
    assert not [w for w in ergebnis.warnings if "not found; the field takes text" in w]
