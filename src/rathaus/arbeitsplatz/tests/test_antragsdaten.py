"""The clerk's "Antragsdaten": every answer of a real FIM form stands beside its own question.

A walk-through found the values shifted by one row against their labels ("01.03.2025"
beside "Aktenzeichen der Erlaubnis"): a group title took a grid cell of its own. The test
fills every field of the real schema S05000001319 with a value that names its field,
renders the Verfahren page and reads the HTML as a tree: each <dt> must be followed, in
the same pair, by the <dd> of the very field it labels.
"""

from __future__ import annotations

import hashlib
import json
from itertools import count
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from rathaus.antraege.models import Antrag
from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.definition import definition, label
from rathaus.formulare.services import formular_import
from rathaus.katalog.models import Leistung
from rathaus.organisation.models import Rolle
from rathaus.standards.xdatenfelder import Datenfeldgruppe, Feldart, Kind
from rathaus.verfahren.tests import factories as vf

from .conftest import angemeldet, mitarbeiter

SCHEMA = "S05000001319"


def _daten(kinder: tuple[Kind, ...], nummer: count[int], erwartet: dict[str, str]) -> dict:
    """A value for every element; a repeatable element gets two occurrences. Each field's
    value is "W<n>", and ``erwartet`` maps it to the label the page must show beside it."""
    out: dict[str, Any] = {}
    for k in kinder:
        el = k.element
        anzahl = 2 if k.anzahl.repeatable else 1
        werte: list[Any] = []
        for i in range(anzahl):
            if isinstance(el, Datenfeldgruppe):
                werte.append(_daten(el.struktur, nummer, erwartet))
            else:
                wert = f"W{next(nummer)}"
                titel = label(el) + (f" ({i + 1})" if anzahl > 1 else "")
                if el.feldart is not Feldart.HIDDEN:
                    erwartet[wert] = titel
                werte.append(wert)
        out[el.id] = werte if k.anzahl.repeatable else werte[0]
    return out


@pytest.fixture
def formular(db: Any) -> Any:
    datei = geteilte_daten("fim", "xdf3", SCHEMA, "schema.xdf.xml")
    return formular_import(dateien=[datei], actor="test")[0].formular


def test_every_label_stands_beside_its_own_value(formular: Any) -> None:
    defn = definition(formular)
    erwartet: dict[str, str] = {}
    nummer = count(1)
    daten: dict[str, Any] = {}
    for schritt in defn.schritte:
        if schritt.gruppe is not None:
            daten[schritt.gruppe.id] = _daten(schritt.gruppe.struktur, nummer, erwartet)
        else:
            daten.update(_daten(schritt.kinder, nummer, erwartet))
    leistung = Leistung.objects.create(quelle="test:daten", name="Schaustellung", slug="schau")
    roh = json.dumps(daten, sort_keys=True).encode()
    antrag = Antrag.objects.create(
        aktenzeichen="STR-2026-000042",
        formular=formular,
        fim_id=formular.fim_id,
        fim_version=formular.fim_version,
        leistung=leistung,
        kanal="web",
        daten=daten,
        daten_sha256=hashlib.sha256(roh).hexdigest(),
        eingereicht_am=timezone.now(),
        idempotenzschluessel="test-antragsdaten",
        anfrage_sha256=hashlib.sha256(roh).hexdigest(),
    )
    oe = vf.organisationseinheit("Gewerbe")
    v = vf.verfahren(oe, leistung, antrag=antrag, aktenzeichen=antrag.aktenzeichen)
    sb = mitarbeiter("sbpaare", oe, rolle=Rolle.SACHBEARBEITUNG)
    seite = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert seite.status_code == 200

    baum = lxml_html.fromstring(seite.content.decode())
    (abschnitt,) = baum.xpath("//section[@aria-labelledby='antrag-titel']")
    listen = abschnitt.xpath(".//dl")
    assert listen, "the answers are rendered as description lists"
    gesehen: dict[str, str] = {}
    for dl in listen:
        for kind in dl:
            # every child of the list is one pair: exactly one question and its answer
            assert kind.tag == "div", lxml_html.tostring(kind)
            assert [c.tag for c in kind] == ["dt", "dd"], lxml_html.tostring(kind)
            frage = kind[0].text_content().strip()
            wert = kind[1].text_content().strip()
            assert wert in erwartet, f"unexpected value {wert!r} beside {frage!r}"
            assert frage == erwartet[wert], f"{wert!r} stands beside {frage!r}"
            gesehen[wert] = frage
    assert len(gesehen) >= 40, gesehen  # the real form has dozens of visible fields

    # group titles are headings over their fields, numbered where the group repeats
    titel = [h.text_content().strip() for h in abschnitt.xpath(".//*[@class='antworten__titel']")]
    assert "Erreichbarkeit" in titel
    assert any(t.endswith("(2)") for t in titel), titel
