"""The real public data the tests read (`../shared/data`, moved with RATHAUS_SHARED_DATA):
the one place that says what a test needs of it and what happens when that is missing.

A test that needs a part of the data says so, and without it is skipped with the reason
"../shared/data fehlt: <path> …". With RATHAUS_TESTDATEN_PFLICHT=1 (CI, `.ci/run`) the same
test fails instead, so a machine without the data cannot pass by skipping.

    pytestmark = pytest.mark.geteilte_daten("ozg")          # a module, a class or one test
    @pytest.mark.geteilte_daten("fim/xdf3", "fim/codelisten")
    datei = geteilte_daten("fim", "xdf3", SCHEMA, "schema.xdf.xml")  # inside a test or fixture

The marker is checked before the test's fixtures run (rathaus.config.pytest_plugin), so it
also covers tests whose parameters come from the data and are empty without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest

MARKER = "geteilte_daten"
MARKER_HILFE = (
    f"{MARKER}(*teile): the test reads these parts of ../shared/data (RATHAUS_SHARED_DATA); "
    "without them it is skipped, with RATHAUS_TESTDATEN_PFLICHT=1 it fails"
)


def basis() -> Path:
    """The data folder as the settings know it (RATHAUS_SHARED_DATA, else ../shared/data)."""
    from django.conf import settings

    return Path(settings.SHARED_DATA_DIR)


def pflicht() -> bool:
    from django.conf import settings

    return bool(settings.RATHAUS_TESTDATEN_PFLICHT)


def fehlt(pfad: Path) -> NoReturn:
    """Skip the running test for want of `pfad`, or fail it where the data is required."""
    grund = f"../shared/data fehlt: {pfad} is not there (RATHAUS_SHARED_DATA={basis()})"
    if pflicht():
        pytest.fail(f"{grund}; RATHAUS_TESTDATEN_PFLICHT=1 requires the data", pytrace=False)
    pytest.skip(grund)


def geteilte_daten(*teile: str | Path) -> Path:
    """The path of a part of the data (a folder or a file); skips or fails without it."""
    pfad = basis().joinpath(*teile)
    if not pfad.exists():
        fehlt(pfad)
    return pfad


def vorhanden(*teile: str | Path) -> bool:
    """Whether a part of the data is there, for building parameters at collection time
    (the test itself still carries the marker)."""
    return basis().joinpath(*teile).exists()


def marker_pruefen(item: pytest.Item) -> None:
    """What the `geteilte_daten` marks of a test ask for, in the order given."""
    for marke in item.iter_markers(MARKER):
        for teil in marke.args or ("",):
            geteilte_daten(teil)
