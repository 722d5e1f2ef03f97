"""Where the real FIM files live (``../shared/data`` beside the repository)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get("RATHAUS_SHARED_DATA") or Path(__file__).parents[5] / ".." / "shared" / "data"
).resolve()
FIM = SHARED / "fim"
XDF3_FILES = sorted(FIM.glob("xdf3/*/schema.xdf.xml"))
XDF2_FILES = sorted([FIM / "xdf2" / "S00000121_BlaueKarte.xml", *FIM.glob("xdf2/S00000094/S*.xml")])
XDF1_FILES = sorted(FIM.glob("xdf1/*.xml"))
ALL_FILES = [*XDF3_FILES, *XDF2_FILES, *XDF1_FILES]
LARGEST = max(XDF3_FILES, key=lambda p: p.stat().st_size) if XDF3_FILES else None

needs_data = pytest.mark.skipif(
    not XDF3_FILES,
    reason=f"real FIM data not found at {FIM} (set RATHAUS_SHARED_DATA to ../shared/data)",
)
# The real code lists the schemas reference (see its README.md).
CODELISTEN = FIM / "codelisten"
CODELISTEN_FILES = sorted(CODELISTEN.glob("*.xml"))
needs_codelisten = pytest.mark.skipif(
    not CODELISTEN_FILES or not XDF3_FILES,
    reason=f"real code lists or schemas not found at {CODELISTEN} (set RATHAUS_SHARED_DATA)",
)


def ids(paths: list[Path]) -> list[str]:
    return [p.parent.name if p.name == "schema.xdf.xml" else p.stem for p in paths]
