"""Where the real FIM files live (``../shared/data`` beside the repository, or
RATHAUS_SHARED_DATA); a test that reads them carries ``needs_data`` or ``needs_codelisten``
(rathaus.config.testdaten: skipped without the data, failed under RATHAUS_TESTDATEN_PFLICHT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rathaus.config.testdaten import basis

SHARED = basis().resolve()
FIM = SHARED / "fim"
XDF3_FILES = sorted(FIM.glob("xdf3/*/schema.xdf.xml"))
XDF2_FILES = sorted(
    p
    for p in [FIM / "xdf2" / "S00000121_BlaueKarte.xml", *FIM.glob("xdf2/S00000094/S*.xml")]
    if p.is_file()
)
XDF1_FILES = sorted(FIM.glob("xdf1/*.xml"))
ALL_FILES = [*XDF3_FILES, *XDF2_FILES, *XDF1_FILES]
LARGEST = max(XDF3_FILES, key=lambda p: p.stat().st_size) if XDF3_FILES else None

needs_data = pytest.mark.geteilte_daten("fim/xdf3", "fim/xdf2", "fim/xdf1", "fim/synthetic")
# The real code lists the schemas reference (see its README.md).
CODELISTEN = FIM / "codelisten"
CODELISTEN_FILES = sorted(CODELISTEN.glob("*.xml"))
needs_codelisten = pytest.mark.geteilte_daten("fim/xdf3", "fim/codelisten")


def ids(paths: list[Path]) -> list[str]:
    return [p.parent.name if p.name == "schema.xdf.xml" else p.stem for p in paths]
