"""The steps, the review page and hostile input, through the test client."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare import bindung
from rathaus.formulare.definition import definition
from rathaus.formulare.eingabe import vorgabe
from rathaus.formulare.models import Entwurf, Formular
from rathaus.standards.xdatenfelder import Datenfeld, Feldart
from rathaus.standards.xdatenfelder.model import iter_elements

from .conftest import importieren
from .daten import grosse_formulare, needs_data

GUELTIG_1 = {
    "G99000000001.F99000000001": "Musterfrau",
    "G99000000001.F99000000003": "1980-02-29",
    "G99000000001.F99000000009": "000",
    "G99000000001.F99000000011": "false",
}


def url(formular: Formular, nr: int) -> str:
    return reverse("formulare:schritt", args=[formular.pk, nr])


def post(client, formular, nr, daten, aktion="weiter"):
    return client.post(url(formular, nr), {**daten, "_aktion": aktion})


def entwurf_of(client) -> Entwurf | None:
    pks = [pk for _formular, pk in bindung.gebunden(client.session)]
    return Entwurf.objects.get(pk=pks[0]) if pks else None


@needs_data
@pytest.mark.django_db
def test_every_step_of_five_large_forms_renders_every_label(client):
    dateien = grosse_formulare(5)
    for z in importieren(*dateien):
        defn = definition(z.formular)
        for s in defn.schritte:
            r = client.get(url(z.formular, s.nr))
            assert r.status_code == 200
            text = html.unescape(r.content.decode())
            for kind, _p in iter_elements(s.kinder):
                el = kind.element
                if isinstance(el, Datenfeld) and el.feldart is Feldart.HIDDEN:
                    continue
                if isinstance(el, Datenfeld) and el.feldart is Feldart.LOCKED and not vorgabe(el):
                    continue  # a locked field without a value is not shown (FIM "Adresssuche")
                assert defn.labels[el.id] in text, (z.formular.fim_id, s.nr, el.id)


@pytest.mark.django_db
def test_step_shows_all_widgets_hints_and_legal_references(client, formular):
    r = client.get(url(formular, 1))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'type="date"' in body and 'type="time"' in body and 'type="datetime-local"' in body
    assert 'type="radio"' in body and "<select" in body and 'type="checkbox"' in body
    assert 'type="file"' in body and "readonly" in body and 'inputmode="decimal"' in body
    assert "Bitte vollständig ausfüllen." in body and "Wie im Ausweis" in body
    assert "§ 1 Testgesetz" in body
    assert "Die Sachbearbeitung prüft" in body  # the unreadable rule, as a hint
    assert "Schritt 1 von 2" in body and 'aria-current="step"' in body
    assert "script-src" in r.headers.get("Content-Security-Policy", "")
    assert "<style" not in body and "<script>" not in body


@pytest.mark.django_db
def test_missing_required_fields_are_named_in_summary_and_at_the_field(client, formular):
    r = post(client, formular, 1, {})
    body = html.unescape(r.content.decode())
    assert r.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in body
    for label in ("Familienname", "Geburtsdatum", "Staatsangehörigkeit", "Verheiratet"):
        assert f"„{label}“ ist eine Pflichtangabe." in body
    assert 'href="#f-G99000000001-F99000000001"' in body
    assert 'id="f-G99000000001-F99000000001-fehler1"' in body
    assert entwurf_of(client) is None


@pytest.mark.django_db
def test_valid_steps_save_a_draft_and_lead_to_the_review(client, formular):
    r = post(client, formular, 1, GUELTIG_1)
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    entwurf = entwurf_of(client)
    assert entwurf.daten["G99000000001"]["F99000000001"] == "Musterfrau"
    assert entwurf.daten["G99000000001"]["F99000000014"] == "privat"  # locked preset
    assert entwurf.aktueller_schritt == 2
    r = post(
        client,
        formular,
        2,
        {
            "G99000000002.F99000000020": "true",
            "G99000000002.G99000000003.F99000000021": "Stralsund",
        },
    )
    assert r.status_code == 302 and r["Location"] == reverse(
        "formulare:pruefen", args=[formular.pk]
    )
    r = client.get(r["Location"])
    body = r.content.decode()
    assert "Musterfrau" in body and "29.02.1980" in body and "Stralsund" in body
    assert "deutsch" in body and "Angaben prüfen" in body


@pytest.mark.django_db
def test_rules_hide_a_group_and_drop_its_data(client, formular):
    post(client, formular, 1, GUELTIG_1)
    r = post(
        client,
        formular,
        2,
        {
            "G99000000002.F99000000020": "false",
            "G99000000002.G99000000003.F99000000021": "versteckt",
        },
    )
    assert r.status_code == 302
    assert "G99000000003" not in entwurf_of(client).daten["G99000000002"]
    r = client.get(url(formular, 2))
    assert re.search(
        r'id="f-G99000000002-G99000000003" data-fim="G99000000003" hidden', r.content.decode()
    )
    # shown when "Ja"; inside it "Ort" is required once the group is entered
    post(client, formular, 2, {"G99000000002.F99000000020": "true"})
    body = client.get(url(formular, 2)).content.decode()
    assert re.search(r'id="f-G99000000002-G99000000003" data-fim="G99000000003">', body)


@pytest.mark.django_db
def test_repeatable_group_add_and_remove_without_javascript(client, formular):
    post(client, formular, 1, GUELTIG_1)
    daten = {
        "G99000000002.F99000000020": "false",
        "_n.G99000000002.G99000000004": "1",
        "G99000000002.G99000000004.0.F99000000022": "Anna",
    }
    r = post(client, formular, 2, daten, aktion="hinzu:G99000000002.G99000000004")
    body = r.content.decode()
    assert 'name="G99000000002.G99000000004.1.F99000000022"' in body
    assert 'value="Anna"' in body
    daten.update(
        {
            "_n.G99000000002.G99000000004": "3",
            "G99000000002.G99000000004.1.F99000000022": "Ben",
            "G99000000002.G99000000004.2.F99000000022": "Cleo",
        }
    )
    r = post(client, formular, 2, daten, aktion="hinzu:G99000000002.G99000000004")
    assert 'name="G99000000002.G99000000004.3.F99000000022"' not in r.content.decode()  # max 3
    r = post(client, formular, 2, daten, aktion="weg:G99000000002.G99000000004.0")
    body = r.content.decode()
    assert 'value="Ben"' in body and 'value="Cleo"' in body and 'value="Anna"' not in body
    r = post(client, formular, 2, daten)
    assert r.status_code == 302
    kinder = entwurf_of(client).daten["G99000000002"]["G99000000004"]
    assert [k["F99000000022"] for k in kinder] == ["Anna", "Ben", "Cleo"]


# -- hostile input: an error naming the field, and the draft stays as it was -------------------

FEINDLICH = [
    ("G99000000001.F99000000009", "999", "Staatsangehörigkeit", "aus der Liste"),
    ("G99000000001.F99000000010", "<script>", "Bundesland", "aus der Liste"),
    ("G99000000001.F99000000001", "x" * 21, "Familienname", "höchstens 20 Zeichen"),
    # no limit in the schema: one line takes 200 characters (feldarten.EINZEILIG_MAX)
    ("G99000000001.F99000000002", "y" * 201, "Vorname", "höchstens 200 Zeichen"),
    ("G99000000001.F99000000002", "y" * 10_001, "Vorname", "höchstens 200 Zeichen"),
    ("G99000000001.F99000000002", "Иван", "Vorname", "lateinische"),
    ("G99000000001.F99000000004", "zwölf", "Anzahl Kinder", "ganze Zahl"),
    ("G99000000001.F99000000004", "21", "Anzahl Kinder", "höchstens 20"),
    ("G99000000001.F99000000006", "1e5", "Gewicht", "Zahl"),
    ("G99000000001.F99000000005", "1,234", "Betrag", "zwei Nachkommastellen"),
    ("G99000000001.F99000000003", "31.02.2020", "Geburtsdatum", "gültiges Datum"),
    ("G99000000001.F99000000007", "25:00", "Uhrzeit", "Uhrzeit"),
    ("G99000000001.F99000000011", "vielleicht", "Verheiratet", "„Ja“ oder „Nein“"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "wert", "label", "text"), FEINDLICH)
def test_hostile_values_get_an_error_naming_the_field(client, formular, name, wert, label, text):
    post(client, formular, 1, GUELTIG_1)
    vorher = entwurf_of(client).daten
    r = post(client, formular, 1, {**GUELTIG_1, name: wert})
    body = html.unescape(r.content.decode())
    assert r.status_code == 200
    assert f"„{label}“:" in body and text in body
    assert entwurf_of(client).daten == vorher


@pytest.mark.django_db
def test_tampered_locked_hidden_and_unknown_fields_are_ignored(client, formular):
    r = post(
        client,
        formular,
        1,
        {
            **GUELTIG_1,
            "G99000000001.F99000000014": "gewerblich",
            "G99000000001.F99000000015": "Y",
            "G99000000001.F12345": "x",
            "F00000000001": "x",
            "G99000000002.F99000000020": "true",
            "_n.G99000000002.G99000000004": "999",
        },
    )
    assert r.status_code == 302
    daten = entwurf_of(client).daten
    assert daten == {"G99000000001": {**daten["G99000000001"]}}
    person = daten["G99000000001"]
    assert person["F99000000014"] == "privat" and person.get("F99000000015") in (None, "X")
    assert "F12345" not in person


@pytest.mark.django_db
def test_tampered_repeat_count_is_clamped(client, formular):
    post(client, formular, 1, GUELTIG_1)
    r = post(
        client,
        formular,
        2,
        {"G99000000002.F99000000020": "false", "_n.G99000000002.G99000000004": "999"},
        aktion="hinzu:G99000000002.G99000000004",
    )
    assert r.content.decode().count('name="G99000000002.G99000000004.') == 3


@pytest.mark.django_db
def test_step_out_of_range_is_404(client, formular):
    for nr in (0, 3, 999):
        assert client.get(url(formular, nr)).status_code == 404
        assert client.post(url(formular, nr), GUELTIG_1).status_code == 404
    assert client.get("/antrag/999999/schritt/1/").status_code == 404


@pytest.mark.django_db
def test_xss_is_escaped_on_the_step_and_the_review_page(client, formular):
    boese = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    r = post(
        client,
        formular,
        1,
        {
            **GUELTIG_1,
            "G99000000001.F99000000002": "Ä" + boese[:0],
            "G99000000001.F99000000001": boese[:20],
        },
    )
    assert boese[:20] not in r.content.decode()
    post(client, formular, 1, {**GUELTIG_1, "G99000000001.F99000000001": "<b>x</b>"})
    post(
        client,
        formular,
        2,
        {"G99000000002.F99000000020": "true", "G99000000002.G99000000003.F99000000021": boese},
    )
    body = client.get(reverse("formulare:pruefen", args=[formular.pk])).content.decode()
    assert boese not in body and "<b>x</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;b&gt;x&lt;/b&gt;" in body


@pytest.mark.django_db
def test_review_lists_errors_of_unfinished_steps(client, formular):
    post(client, formular, 1, GUELTIG_1)
    body = html.unescape(
        client.get(reverse("formulare:pruefen", args=[formular.pk])).content.decode()
    )
    assert (
        "noch nicht vollständig" in body
        and "„Abweichende Anschrift“ ist eine Pflichtangabe." in body
    )


@pytest.mark.django_db
def test_a_step_whose_fields_the_rules_hide_says_so(client, settings):
    """S05000001319: rule R05000014082 prefills "Art des Antragstellers" and hides it,
    which leaves step 1 without a visible field."""
    from rathaus.formulare.services import formular_import

    datei = geteilte_daten("fim", "xdf3", "S05000001319", "schema.xdf.xml")
    formular = formular_import(dateien=[datei], actor="test")[0].formular
    erster = client.get(f"/antrag/{formular.pk}/schritt/1/").content.decode()
    assert "keine Angaben von Ihnen nötig" in erster
    zweiter = client.get(f"/antrag/{formular.pk}/schritt/2/").content.decode()
    assert "keine Angaben von Ihnen nötig" not in zweiter
