"""Tests that need ../shared/data without it: skipped with the reason, or, where the data is
required (RATHAUS_TESTDATEN_PFLICHT=1, as in CI), failed. Runs real test modules of the
project in a pytest of their own, with RATHAUS_SHARED_DATA pointing at an empty folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rathaus.config import settings as modul
from rathaus.config import testdaten

# One of each way a test asks for the data: a module mark whose parameters come out empty
# without it (needs_data), a fixture (xdomea's schema_dir), a call in the test body.
MODULE = [
    "src/rathaus/standards/xdatenfelder/tests/test_json_schema.py",
    "src/rathaus/standards/xdomea/tests/test_real_data.py",
    "src/rathaus/api/tests/test_real_catalogue.py",
]


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    leer = tmp_path / "leer"
    leer.mkdir(exist_ok=True)
    umgebung = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RATHAUS_", "STORAGE_", "PYTEST_"))
        and k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    umgebung |= {"RATHAUS_SHARED_DATA": str(leer), "RATHAUS_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rsfE",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            *MODULE,
        ],
        cwd=modul.BASE_DIR,
        env=umgebung,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _zahlen(ausgabe: str) -> dict[str, int]:
    schluss = ausgabe.strip().splitlines()[-1]
    return {
        wort: int(n) for n, wort in re.findall(r"(\d+) (passed|failed|skipped|errors?)", schluss)
    }


def test_without_the_data_they_are_skipped_with_the_reason(tmp_path):
    lauf = _pytest(tmp_path)
    ausgabe = lauf.stdout + lauf.stderr
    assert lauf.returncode == 0, ausgabe
    zahlen = _zahlen(lauf.stdout)
    assert zahlen.get("skipped", 0) >= 3 and "failed" not in zahlen, ausgabe
    gruende = [z for z in lauf.stdout.splitlines() if z.startswith("SKIPPED")]
    assert gruende and all("../shared/data fehlt: " in z for z in gruende), gruende
    assert f"{tmp_path / 'leer'}/fim/xdf3 is not there" in ausgabe
    assert f"{tmp_path / 'leer'}/ozg is not there" in ausgabe


def test_where_the_data_is_required_they_fail_instead(tmp_path):
    lauf = _pytest(tmp_path, RATHAUS_TESTDATEN_PFLICHT="1")
    ausgabe = lauf.stdout + lauf.stderr
    assert lauf.returncode == 1, ausgabe
    zahlen = _zahlen(lauf.stdout)
    assert "skipped" not in zahlen, ausgabe
    assert zahlen.get("failed", 0) + zahlen.get("error", 0) + zahlen.get("errors", 0) >= 3
    assert "RATHAUS_TESTDATEN_PFLICHT=1 requires the data" in ausgabe


def test_a_part_that_is_there_is_given_back(settings, tmp_path):
    (tmp_path / "ozg").mkdir()
    settings.SHARED_DATA_DIR = tmp_path
    assert testdaten.geteilte_daten("ozg") == tmp_path / "ozg"
    assert testdaten.vorhanden("ozg") and not testdaten.vorhanden("fim")


def test_a_missing_part_skips_or_fails_by_the_setting(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path
    settings.RATHAUS_TESTDATEN_PFLICHT = False
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/data fehlt: .*/fim is not"):
        testdaten.geteilte_daten("fim")
    settings.RATHAUS_TESTDATEN_PFLICHT = True
    with pytest.raises(pytest.fail.Exception, match="RATHAUS_TESTDATEN_PFLICHT=1 requires"):
        testdaten.geteilte_daten("fim")
