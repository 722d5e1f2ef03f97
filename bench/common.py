from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(values: list[float]) -> str:
    return (
        f"n={len(values)} p50={percentile(values, 50):.2f}ms "
        f"p95={percentile(values, 95):.2f}ms mean={statistics.fmean(values):.2f}ms"
    )


def prepared_environment() -> dict[str, str]:
    """A fresh data dir (SQLite default) or the DATABASE_URL given, migrated and loaded."""
    env = dict(os.environ)
    env.setdefault("RATHAUS_DATA_DIR", tempfile.mkdtemp(prefix="rathaus-bench-"))
    # a development installation, as under `make bench` (test citizens, development key)
    env.setdefault("RATHAUS_DEV_IDP", "1")
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["RATHAUS_STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    data = env.get("RATHAUS_SHARED_DATA", str(ROOT.parent / "shared" / "data"))
    manage = [sys.executable, "-m", "rathaus.manage"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["bootstrap", "--data", data],
    ):
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    return env
