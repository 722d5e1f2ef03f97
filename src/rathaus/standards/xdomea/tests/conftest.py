from pathlib import Path

import pytest

from rathaus.standards.xdomea import default_schema_dir, shared_data_dir


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_data_dir()
    if not (path / "xdomea").is_dir():
        pytest.skip(f"real xdomea data not found at {path} (set RATHAUS_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def schema_dir(shared_dir: Path) -> Path:
    path = default_schema_dir()
    if not path.is_dir():
        pytest.skip(f"xdomea 3.0.0 XSD set not found at {path}")
    return path
