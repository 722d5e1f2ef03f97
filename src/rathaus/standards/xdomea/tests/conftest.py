from pathlib import Path

import pytest

from rathaus.config.testdaten import geteilte_daten
from rathaus.standards.xdomea.schema import SCHEMA_SUBDIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder holding the real xdomea files (rathaus.config.testdaten)."""
    return geteilte_daten("xdomea").parent


@pytest.fixture(scope="session")
def schema_dir(shared_dir: Path) -> Path:
    return geteilte_daten(SCHEMA_SUBDIR)
