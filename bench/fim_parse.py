"""Parse time of the largest real FIM schema, against a plain lxml parse of the same file.

Run: ``uv run python -m bench.fim_parse`` (RATHAUS_SHARED_DATA points at ../shared/data).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from rathaus.standards.xdatenfelder import parse, to_json_schema
from rathaus.standards.xdatenfelder.regeln import Regelwerk

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RATHAUS_SHARED_DATA", ROOT.parent / "shared" / "data"))
RUNS = 7


def timed(fn: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    files = sorted((SHARED / "fim" / "xdf3").glob("*/schema.xdf.xml"))
    if not files:
        sys.exit(f"no FIM data under {SHARED}")
    largest = max(files, key=lambda p: p.stat().st_size)
    size_mb = largest.stat().st_size / 1e6
    baseline = timed(lambda: etree.parse(str(largest)))
    ours = timed(lambda: parse(largest))
    root = parse(largest).root
    rules = timed(lambda: Regelwerk(root))
    schema = timed(lambda: to_json_schema(root))
    base, med = statistics.median(baseline), statistics.median(ours)
    print(f"file: {largest.parent.name} ({size_mb:.1f} MB), median of {RUNS} runs")
    print(f"baseline lxml.etree.parse: {base:.1f} ms")
    print(f"xdatenfelder.parse:        {med:.1f} ms  (ratio {med / base:.2f}x baseline)")
    print(f"Regelwerk (rules):         {statistics.median(rules):.1f} ms")
    print(f"to_json_schema:            {statistics.median(schema):.1f} ms")
    print(f"budget 2000 ms: {'ok' if med < 2000 else 'EXCEEDED'}")


if __name__ == "__main__":
    main()
