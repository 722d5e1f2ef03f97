"""Screenshots of the main pages on a phone and a desktop, for people to look at.

Written to /work/main/screenshots/ (gitignored); the test only checks they were written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

AUSGABE = Path(__file__).resolve().parents[2] / "screenshots"
SEITEN = {
    "start": "/",
    "suche": "/suche/?q=beantragen",
    "leistung": "/leistungen/personalausweis-beantragen/",
    "amt": "/organisation/buergerbuero/",
    "rueckmeldung": "/barrierefreiheit/#rueckmeldung",
}
GROESSEN = {"handy": (390, 844), "desktop": (1366, 900)}


@pytest.mark.parametrize("groesse", GROESSEN)
def test_screenshots(groesse: str, daten: Any, live_server: Any, new_page: Any) -> None:
    breite, hoehe = GROESSEN[groesse]
    page = new_page(viewport={"width": breite, "height": hoehe}, device_scale_factor=1)
    AUSGABE.mkdir(exist_ok=True)
    for name, pfad in SEITEN.items():
        page.goto(live_server.url + pfad)
        ziel = AUSGABE / f"{name}-{groesse}.png"
        page.screenshot(path=str(ziel), full_page=True)
        assert ziel.stat().st_size > 10_000
