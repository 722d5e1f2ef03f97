"""pytest plugin (`-p rathaus.config.pytest_plugin` in pyproject's addopts): the test suite
runs as a development installation, as under `make test`.

Loaded before pytest-django imports the settings, it turns on the development identity
provider (RATHAUS_DEV_IDP=1), which also allows the public development SECRET_KEY; a value
set in the environment wins. Tests that need it off say so in their settings fixture.

It also registers the marker `geteilte_daten` of the tests that read ../shared/data and
checks it before each such test (rathaus.config.testdaten).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("RATHAUS_DEV_IDP", "1")


def pytest_configure(config: pytest.Config) -> None:
    from rathaus.config.testdaten import MARKER_HILFE

    config.addinivalue_line("markers", MARKER_HILFE)


# tryfirst: before pytest's own skip marks, so that with RATHAUS_TESTDATEN_PFLICHT=1 a test
# whose parameters came out empty without the data fails instead of being skipped.
@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    from rathaus.config.testdaten import marker_pruefen

    marker_pruefen(item)
