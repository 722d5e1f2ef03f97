"""`make bench`: every benchmark, each printing its figure and a ratio to a baseline."""

from __future__ import annotations

import os
import subprocess
import sys

from .common import ROOT, prepared_environment


def main() -> None:
    env = prepared_environment()
    os.environ.update(env)
    print(f"database: {env.get('DATABASE_URL', 'sqlite (default) in ' + env['RATHAUS_DATA_DIR'])}")
    for module in (
        "bench.search",
        "bench.page_main",
        "bench.fim_parse",
        "bench.akten_filing",
        "bench.akten_sandbox",
        "bench.akten_integrity",
        "bench.formular_import",
        "bench.formular_render",
        "bench.akten_search",
        "bench.verfahren_inbox",
        "bench.verfahren_step",
        "bench.zahlung",
        "bench.fitconnect_empfang",
        "bench.bericht",
    ):
        subprocess.run([sys.executable, "-m", module], env=env, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
