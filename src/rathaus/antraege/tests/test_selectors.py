"""Reads of the antraege app that other apps use."""

from __future__ import annotations

from django.test import override_settings

from rathaus.antraege import selectors


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
