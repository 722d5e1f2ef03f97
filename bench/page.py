"""Service page under gunicorn vs. a bare Django view, same process setup, same run.

Target (issue 2): the service page reaches >= 25 % of the bare view's requests per second.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import time

DURATION = float(os.environ.get("BENCH_SECONDS", "8"))
CLIENTS = 4
WORKERS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _client(port: int, path: str, seconds: float, out: multiprocessing.Queue) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    count = errors = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                count += 1
            else:
                errors += 1
        except OSError:
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    out.put((count, errors))


def _measure(port: int, path: str) -> float:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(port, path, DURATION, queue))
        for _ in range(CLIENTS)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    if errors:
        raise RuntimeError(f"{path}: {errors} failed requests")
    return ok / DURATION


def run(env: dict[str, str]) -> dict[str, float]:
    import django

    django.setup()
    from rathaus.katalog.models import Leistung

    slug = (
        Leistung.objects.filter(beispielinhalt=True)
        .order_by("-nachfrage")
        .values_list("slug", flat=True)
        .first()
    )
    if slug is None:
        raise RuntimeError("no demo service: run load_demo")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--keep-alive",
            "5",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        page = f"/leistungen/{slug}/"
        for path in ("/__bench__/bare", page, page + "?bench=1"):
            _measure_warm(port, path)
        bare = _measure(port, "/__bench__/bare")
        service = _measure(port, page)
        # A query string bypasses the page cache: every request renders from the database.
        uncached = _measure(port, page + "?bench=1")
    finally:
        server.terminate()
        server.wait(10)
    ratio = service / bare
    print(
        f"service page {page} under gunicorn ({WORKERS} workers, {CLIENTS} clients, {DURATION:.0f}s)"
    )
    print(f"  bare Django view: {bare:.0f} req/s   service page: {service:.0f} req/s")
    print(
        f"  ratio service/bare: {ratio:.0%}   target >= 25 %: {'PASS' if ratio >= 0.25 else 'FAIL'}"
    )
    print(
        f"  without the page cache (rendered per request): {uncached:.0f} req/s, "
        f"ratio {uncached / bare:.0%}"
    )
    return {"bare_rps": bare, "page_rps": service, "ratio": ratio, "uncached_rps": uncached}


def _measure_warm(port: int, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(20):
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
