"""Reads of the antraege app that other apps use."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from rathaus.antraege import selectors
from rathaus.antraege.tests import helfer


@override_settings(
    RATHAUS_ANTRAEGE_MEDIENTYPEN=("image/jpeg", "application/pdf"),
    RATHAUS_ANTRAEGE_MAX_DATEI_BYTES=5 * 2**20,
)
def test_uploadgrenzen_state_the_settings() -> None:
    g = selectors.uploadgrenzen()
    assert g.medientypen == ("image/jpeg", "application/pdf")
    assert g.max_datei_bytes == 5 * 2**20
    assert g.accept == "image/jpeg,application/pdf,.jpg,.jpeg,.pdf"
    assert g.endungen == "JPG, PDF"


@override_settings(RATHAUS_ANTRAEGE_MEDIENTYPEN=("image/tiff",))
def test_uploadgrenzen_every_ending_of_a_type_is_accepted() -> None:
    g = selectors.uploadgrenzen()
    assert g.accept == "image/tiff,.tif,.tiff"
    assert g.endungen == "TIF"


@pytest.mark.django_db
def test_dateifeld_zuordnung_finds_ids_in_file_fields_only(tmp_path: Path) -> None:
    """Used by the API and FIT-Connect intake: an id counts only in a file field (at any
    depth, also in a list), a name field with the same text does not; case folding only
    when asked (FIT-Connect's UUIDs)."""
    formular = helfer.welt(tmp_path).formular
    daten = {
        "G99000000001": {"F99000000001": "anlage-a", helfer.NACHWEIS: ["X", "Anlage-A"]},
        "G99000000002": [{helfer.NACHWEIS: "anlage-b"}, {"F99000000020": "anlage-c"}],
    }
    ids = {"anlage-a", "anlage-b", "anlage-c"}
    genau = selectors.dateifeld_zuordnung(formular=formular, daten=daten, anlage_ids=ids)
    assert genau == {"anlage-b": helfer.NACHWEIS}
    gefaltet = selectors.dateifeld_zuordnung(
        formular=formular, daten=daten, anlage_ids=ids, ohne_gross_klein=True
    )
    assert gefaltet == {"anlage-a": helfer.NACHWEIS, "anlage-b": helfer.NACHWEIS}
    assert selectors.dateifeld_zuordnung(formular=formular, daten=None, anlage_ids=ids) == {}
