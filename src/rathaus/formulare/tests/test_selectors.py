"""Reads of the formulare app that other apps use."""

from __future__ import annotations

from pathlib import Path

import pytest

from rathaus.formulare import selectors
from rathaus.formulare.models import Formular
from rathaus.katalog.models import Leistung

from .conftest import importieren

pytestmark = pytest.mark.django_db


def test_antwort_formatter_writes_answers_as_the_review_page(formular: Formular) -> None:
    als_text = selectors.antwort_formatter(formular=formular)
    assert als_text("F99000000011", True) == "Ja"
    assert als_text("F99000000011", False) == "Nein"
    assert als_text("F99000000003", "1980-02-29") == "29.02.1980"
    assert als_text("F99000000010", "02") == "Hamburg"  # the code's label
    assert als_text("F99000000005", 12.5) == "12,50"
    # a field the Formular does not have, and hostile values: as they are
    assert als_text("F00000000000", "<b>x</b>") == "<b>x</b>"
    assert als_text("F99000000003", "kein Datum") == "kein Datum"


def test_fim_ids_of_every_formular_of_the_leistung(test_datei: Path) -> None:
    leistung = Leistung.objects.create(
        quelle="t:1", name="Test", slug="test", leika_schluessel="99123456789012"
    )
    andere = Leistung.objects.create(
        quelle="t:2", name="Andere", slug="andere", leika_schluessel="99000000000001"
    )
    assert selectors.fim_ids_of(leistung=leistung) is None
    importieren(test_datei, leistung_schluessel="99123456789012")

    ids = selectors.fim_ids_of(leistung=leistung)
    assert ids is not None
    assert {"F99000000002", "F99000000011", "G99000000001"} <= ids
    assert selectors.fim_ids_of(leistung=andere) is None
