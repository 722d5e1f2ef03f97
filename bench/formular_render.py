"""First step of the largest real form (S05000001319), rendered in-process: p95 < 100 ms.

The baseline is a bare view (/healthz) through the same middleware in the same run.
Run: ``uv run python -m bench.formular_render``.
"""

from __future__ import annotations

import sys
import time

from bench.common import percentile, summary
from bench.formular_import import SHARED, setup_django

RUNS = 200
FIM_ID = "S05000001319"


def timed(client, url: str, runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        if r.status_code != 200:
            sys.exit(f"{url}: HTTP {r.status_code}")
    return out


def main() -> None:
    datei = SHARED / "fim" / "xdf3" / FIM_ID / "schema.xdf.xml"
    if not datei.exists():
        sys.exit(f"{datei} missing")
    setup_django()
    from django.test import Client

    from rathaus.formulare.services import formular_import

    formular = formular_import(dateien=[datei], actor="bench")[0].formular
    client = Client()
    url = f"/antrag/{formular.pk}/schritt/1/"
    start = time.perf_counter()
    client.get(url)  # first request: builds and caches the form definition
    kalt = (time.perf_counter() - start) * 1000
    timed(client, "/healthz", 20)
    timed(client, url, 20)
    baseline = timed(client, "/healthz")
    ours = timed(client, url)
    p95, base95 = percentile(ours, 95), percentile(baseline, 95)
    print(f"form: {FIM_ID} ({datei.stat().st_size / 1e6:.1f} MB schema), step 1, {RUNS} requests")
    print(f"baseline bare view /healthz: {summary(baseline)}")
    print(f"step 1:                      {summary(ours)}  (p95 ratio {p95 / base95:.1f}x baseline)")
    print(f"first request (cold definition cache): {kalt:.1f} ms")
    print(f"budget p95 100 ms: {'ok' if p95 < 100 else 'EXCEEDED'}")


if __name__ == "__main__":
    main()
