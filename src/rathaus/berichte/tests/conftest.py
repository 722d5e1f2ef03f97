from __future__ import annotations

import pytest

from rathaus.portal.tests.daten import PortalDaten, daten_anlegen


@pytest.fixture
def daten(db: None) -> PortalDaten:
    return daten_anlegen()
