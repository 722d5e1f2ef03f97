from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from rathaus.formulare.models import Formular
from rathaus.formulare.services import formular_import

from .daten import schema_xml


@pytest.fixture(autouse=True)
def _leere_limits() -> None:
    """The limits of "Link senden" (formulare.drossel) live in the cache: each test starts
    with none used."""
    cache.clear()


def importieren(*dateien: Path, **kw) -> list:
    return formular_import(dateien=list(dateien), actor="test", **kw)


@pytest.fixture
def test_datei(tmp_path: Path) -> Path:
    p = tmp_path / "test.xdf.xml"
    p.write_bytes(schema_xml())
    return p


@pytest.fixture
def formular(db, test_datei: Path) -> Formular:
    return importieren(test_datei)[0].formular
