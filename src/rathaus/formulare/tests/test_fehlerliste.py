"""The error summary of a step: each line says which field it is about.

The walk-through found "„Postleitzahl“: Bitte geben Sie mindestens 5 Zeichen ein." twice in
the summary of the demo form's step 3 (the business address and the applicant's address),
with nothing to tell the two apart."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html as lxml_html

from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.definition import definition
from rathaus.standards.xdatenfelder import Datenfeldgruppe


def _plz_namen(kinder: Any, prefix: str) -> list[str]:
    out = []
    for k in kinder:
        el = k.element
        name = f"{prefix}.{el.id}" if prefix else el.id
        if k.anzahl.repeatable:
            name += ".0"
        if isinstance(el, Datenfeldgruppe):
            out += _plz_namen(el.struktur, name)
        elif el.id == "F60000000246":  # Postleitzahl
            out.append(name)
    return out


@pytest.mark.django_db
def test_identical_messages_in_the_summary_name_their_group(client, settings) -> None:
    from rathaus.formulare.services import formular_import

    datei = geteilte_daten("fim", "xdf3", "S05000001319", "schema.xdf.xml")
    formular = formular_import(dateien=[datei], actor="test")[0].formular
    schritt = definition(formular).schritt(3)
    assert schritt.gruppe is not None
    namen = _plz_namen(schritt.gruppe.struktur, schritt.gruppe.id)
    assert len(namen) >= 2, namen
    client.get(f"/antrag/{formular.pk}/schritt/3/")
    daten = {name: "12" for name in namen} | {"_aktion": "weiter"}
    seite = client.post(f"/antrag/{formular.pk}/schritt/3/", daten)
    assert seite.status_code in (200, 400)
    baum = lxml_html.fromstring(seite.content.decode())
    zeilen = [a.text_content().strip() for a in baum.xpath("//*[@id='fehlerliste']//li")]
    assert len(zeilen) == len(set(zeilen)), zeilen
    # the company's and the applicant's "Erreichbarkeit" groups both ask for a phone
    telefon = [z for z in zeilen if z.startswith("„Telefonnummer“")]
    assert len(telefon) == 2, zeilen
    assert all(z.startswith("„Telefonnummer“ (") for z in telefon), telefon
    # a message that occurs once stays as it was
    assert "„Rechtsform“ ist eine Pflichtangabe." in zeilen
