"""Code lists referenced by URN become real choices (issue 9, "Code lists").

The genericode files in ``<RATHAUS_SHARED_DATA>/fim/codelisten`` are resolved at import and
stored with the Formular, so the demo form S05000001319 offers Rechtsform, Staat der Geburt
and Staatsangehörigkeit as selects, checks what is posted against the list, shows the names
(not the codes) on the review page, and needs no list file at runtime.
"""

from __future__ import annotations

import html
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rathaus.formulare import bindung, struktur
from rathaus.formulare import vorbefuellung as vb
from rathaus.formulare.definition import definition
from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.services import formular_import
from rathaus.standards.xdatenfelder import Datenfeld, parse_schema
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.tests._data import CODELISTEN, needs_codelisten

from .daten import FIM, NS, _ident, feld, gruppe

pytestmark = needs_codelisten

SCHEMA = FIM / "xdf3" / "S05000001319" / "schema.xdf.xml"
_U = "G05000012012.G05000012723"  # Identifikation des Unternehmens
_P = "G05000012012.G05000012016"  # AA - Antragsteller
RECHTSFORM = f"{_U}.F05000017511"
GEBURTSSTAAT = f"{_P}.F60000000235"
NATIONALITAET = f"{_P}.F60000000236.0"
STAAT = ("urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat", "2023-02-24")

SCHRITT_2 = {
    "G05000012707.G05000012005.F05000017885": "true",
    "G05000012707.G05000012005.F05000017886": "false",
    "G05000012707.G05000012006.F60000000292": "Ordnungsamt Rostock",
    "G05000012707.G05000012006.F05000017505": "2020-03-01",
    "G05000012707.G05000012006.F05000018051": "32.10-2020-17",
    "G05000012707.G05000012006.F05000017888": "Krankheit des Inhabers",
    "G05000012707.G05000013300.F05000017889": "true",
}
_W = "G05000012012.G05000012857"
SCHRITT_3 = {
    RECHTSFORM: "111000",  # Offene Handelsgesellschaft
    f"{_U}.F05000017763": "Schau OHG",
    f"{_W}.G05000013419.0.F05000019734": "001",
    f"{_W}.G05000013419.0.F60000000243": "Hauptstraße",
    f"{_W}.G05000013419.0.F60000000246": "18055",
    f"{_W}.G05000013419.0.F60000000247": "Rostock",
    f"{_W}.G05000011747.F60000000240.0": "0381 123456",
    f"{_P}.F60000000228": "Erika",
    f"{_P}.F60000000227": "Musterfrau",
    f"{_P}.G60000000083.F60000000233": "1980",
    f"{_P}.F60000000234": "Wien",
    GEBURTSSTAAT: "151",  # Österreich
    NATIONALITAET: "000",  # deutsch
    f"{_P}.G05000011492.F60000000263": "001",
    f"{_P}.G05000011492.G05000013177.F60000000243": "Hauptstraße",
    f"{_P}.G05000011492.G05000013177.F60000000246": "18055",
    f"{_P}.G05000011492.G05000013177.F60000000247": "Rostock",
    f"{_P}.G05000011747.F60000000240.0": "0381 123456",
}


@pytest.fixture
def demo(db: Any) -> Any:
    """The demo form, imported as ``import_fim`` does (lists from the shared data)."""
    return formular_import(dateien=[SCHEMA], actor="test")[0]


def _felder(formular: Formular) -> dict[str, Datenfeld]:
    """The fields as stored (not through the definition cache, which is keyed by pk and
    file hash, the same for two imports of one file in two tests)."""
    schema = struktur.decode(formular.struktur)
    return {
        k.element.id: k.element
        for k, _p in iter_elements(schema.struktur)
        if isinstance(k.element, Datenfeld)
    }


def _url(formular: Formular, nr: int) -> str:
    return reverse("formulare:schritt", args=[formular.pk, nr])


def _entwurf(client: Any) -> Entwurf | None:
    pks = [pk for _formular, pk in bindung.gebunden(client.session)]
    return Entwurf.objects.get(pk=pks[0]) if pks else None


def _select(body: str, name: str) -> str:
    m = re.search(rf'<select [^>]*name="{re.escape(name)}".*?</select>', body, re.S)
    assert m, f"no <select> named {name}"
    return m.group(0)


# -- import --------------------------------------------------------------------------------


def test_import_stores_the_lists_with_the_form_and_warns_of_the_nearest_version(demo):
    felder = _felder(demo.formular)
    assert len(felder["F05000017511"].werte) == 174  # Rechtsformen 2.4 (unversioned: newest)
    assert len(felder["F60000000235"].werte) == 197  # Staat 2023-02-24
    assert len(felder["F60000000236"].werte) == 211  # Staatsangehörigkeit 2024-08-01
    # the ISO keys travel with the stored list (the prefill needs them at runtime)
    deutschland = felder["F60000000235"].werte[0]
    assert (deutschland.code, deutschland.label, deutschland.spalte("iso-2")) == (
        "000",
        "Deutschland",
        "DE",
    )
    assert (
        struktur.decode(demo.formular.struktur)
        == parse_schema(SCHEMA, codelist_dirs=(CODELISTEN,)).schema
    )
    naechste = [w for w in demo.warnungen if "nearest version" in w]
    assert naechste and all("2023-02-24" in w and "2024-08-01" in w for w in naechste)
    assert not [w for w in demo.warnungen if "not found" in w and "nearest" not in w]


def test_import_fim_reads_lists_from_a_named_folder_and_refuses_a_missing_one(db, tmp_path):
    kopie = tmp_path / "schema.xdf.xml"
    kopie.write_bytes(SCHEMA.read_bytes())
    with pytest.raises(CommandError, match="kein Ordner"):
        call_command("import_fim", str(kopie), "--codelisten", str(tmp_path / "fehlt"))
    assert not Formular.objects.exists()
    out = StringIO()
    call_command("import_fim", str(kopie), "--codelisten", str(CODELISTEN), stdout=out)
    assert "nearest version" in out.getvalue()
    assert len(_felder(Formular.objects.get())["F60000000235"].werte) == 197


def test_without_the_shared_lists_the_field_stays_text_with_a_warning(db, tmp_path, settings):
    settings.SHARED_DATA_DIR = tmp_path  # no fim/codelisten there
    zeile = formular_import(dateien=[SCHEMA], actor="test")[0]
    assert not _felder(zeile.formular)["F60000000235"].werte
    assert any("F60000000235: code list" in w and "not found" in w for w in zeile.warnungen)


# -- the step, validation, the review page ---------------------------------------------------


def test_the_fields_render_as_selects_without_the_list_files(client, demo, settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path  # runtime needs nothing but the stored form
    body = client.get(_url(demo.formular, 3)).content.decode()
    rechtsform = _select(body, RECHTSFORM)
    assert '<option value="111000">Offene Handelsgesellschaft</option>' in rechtsform
    geburtsstaat = _select(body, GEBURTSSTAAT)
    assert '<option value="000">Deutschland</option>' in geburtsstaat
    assert geburtsstaat.count("<option") == 198  # "Bitte auswählen" and 197 states
    assert "data-suche" in geburtsstaat  # long: the script adds its filter
    assert '<option value="000">deutsch</option>' in _select(body, NATIONALITAET)
    # each select has its own label
    html_id = re.search(r'id="([^"]+)"', geburtsstaat).group(1)
    assert re.search(rf'<label class="kern-label" for="{html_id}">Staat der Geburt', body)


@pytest.mark.parametrize(
    ("name", "wert", "label"),
    [
        (GEBURTSSTAAT, "DE", "Staat der Geburt"),  # ISO code, not the list's code
        (GEBURTSSTAAT, "Deutschland", "Staat der Geburt"),  # the name, not the code
        (GEBURTSSTAAT, "<script>alert(1)</script>", "Staat der Geburt"),
        (NATIONALITAET, "000 OR 1=1", "Staatsangehörigkeit"),
        (NATIONALITAET, "9" * 10_001, "Staatsangehörigkeit"),
        (RECHTSFORM, "221110x", "Rechtsform"),
    ],
)
def test_a_code_not_in_the_list_is_a_field_error_and_changes_nothing(
    client, demo, name, wert, label
):
    r = client.post(_url(demo.formular, 3), {**SCHRITT_3, "_aktion": "weiter"})
    assert r.status_code == 302, html.unescape(r.content.decode())[:2000]
    vorher = _entwurf(client).daten
    r = client.post(_url(demo.formular, 3), {**SCHRITT_3, name: wert, "_aktion": "weiter"})
    body = html.unescape(r.content.decode())
    assert r.status_code == 200
    assert f"„{label}“: Bitte wählen Sie einen Eintrag aus der Liste." in body
    assert "<script>alert(1)</script>" not in body
    assert _entwurf(client).daten == vorher


def test_the_review_page_shows_names_not_codes(client, demo):
    for nr, daten in ((1, {}), (2, SCHRITT_2), (3, SCHRITT_3)):
        r = client.post(_url(demo.formular, nr), {**daten, "_aktion": "weiter"})
        assert r.status_code == 302, (nr, html.unescape(r.content.decode())[:2000])
    body = html.unescape(
        client.get(reverse("formulare:pruefen", args=[demo.formular.pk])).content.decode()
    )
    paare = dict(re.findall(r"<dt[^>]*>\s*(.*?)\s*</dt>\s*<dd[^>]*>\s*(.*?)\s*</dd>", body, re.S))
    werte = {
        re.sub(r"<[^>]+>", "", k).strip(): re.sub(r"<[^>]+>", "", v).strip()
        for k, v in paare.items()
    }
    assert werte["Rechtsform"] == "Offene Handelsgesellschaft"
    assert werte["Staat der Geburt"] == "Österreich"
    assert werte["Staatsangehörigkeit"] == "deutsch"
    assert "111000" not in body and ">151<" not in body


# -- the identity's country fills "Staat" ------------------------------------------------------


def _schema_mit_staat(tmp_path: Path) -> Path:
    struktur = gruppe(
        "G99000000020",
        "Antragsteller",
        gruppe(
            "G99000000021",
            "Anschrift",
            feld("F60000000261", "Staat", "text", feldart="select", referenz=STAAT)
            + feld("F99000000203", "Ort", "text"),
        ),
    )
    p = tmp_path / "staat.xml"
    p.write_bytes(
        (
            f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{NS}">'
            f"<xdf:header><xdf:nachrichtID>1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2025-01-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>"
            f"<xdf:stammdatenschema>{_ident('S99000000078')}<xdf:name>Staat</xdf:name>{struktur}</xdf:stammdatenschema>"
            f"</xdf:xdatenfelder.stammdatenschema.0102>"
        ).encode()
    )
    return p


@pytest.mark.parametrize(
    ("land", "code"), [("DE", "000"), ("de", "000"), ("AT", "151"), ("FR", "129"), ("XX", None)]
)
def test_the_identitys_country_fills_staat_through_the_iso_column(db, tmp_path, land, code):
    """Personendaten.staat is ISO 3166-1 alpha-2; the Destatis list maps it (DE → 000)
    from the form as stored, with no list file read at runtime."""
    formular = formular_import(dateien=[_schema_mit_staat(tmp_path)], actor="test")[0].formular
    person = vb.Personendaten(vorname="Maria", ort="Berlin", staat=land)
    felder = vb.vorbefuellung(definition(formular).schema, person)
    name = "G99000000020.G99000000021.F60000000261"
    assert felder.get(name) == code
