"""Submitting an Antrag (service `antrag_submit`, with one PDF Anlage, which the draft
holds since its step was saved, as in the browser) under 20 concurrent
clients on PostgreSQL, against a baseline measured in the same run: the same clients
saving a draft step (`formulare.services.entwurf_save`, one transaction with a Protokoll
entry). Clients are 20 processes calling the services directly (no HTTP), each with its
own database connection.

Target (Beantragung issue): submit p95 < 300 ms with 20 concurrent clients.
Run: `uv run python -m bench.antrag_submit` (BENCH_PG selects the server).
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
PER_CLIENT = int(os.environ.get("BENCH_PER_CLIENT", "15"))
DB = f"rh_antrag_submit_{os.getpid()}"


def _client(art: str, ids: list[int], start: float, out: multiprocessing.Queue) -> None:
    import django

    django.setup()
    from rathaus.antraege import services
    from rathaus.antraege.selectors import idempotenzschluessel
    from rathaus.antraege.tests import helfer
    from rathaus.formulare.models import Entwurf
    from rathaus.formulare.services import entwurf_save

    entwuerfe = list(Entwurf.objects.select_related("formular").filter(pk__in=ids).order_by("pk"))
    teil = helfer.daten()["G99000000002"]
    while time.time() < start:
        time.sleep(0.001)
    zeiten = []
    for e in entwuerfe:
        t0 = time.perf_counter()
        if art == "submit":
            services.antrag_submit(
                entwurf=e,
                actor="bench",
                idempotency_key=idempotenzschluessel(entwurf=e),
            )
        else:
            entwurf_save(
                formular=e.formular,
                entwurf=e,
                schritt=2,
                teil={"G99000000002": teil},
                actor="bench",
            )
        zeiten.append((time.perf_counter() - t0) * 1000)
    out.put(zeiten)


def _lauf(art: str, gruppen: list[list[int]]) -> list[float]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    start = time.time() + 3.0  # every client connected and warm before the first call
    procs = [multiprocessing.Process(target=_client, args=(art, g, start, queue)) for g in gruppen]
    for p in procs:
        p.start()
    zeiten = [z for _ in procs for z in queue.get()]
    for p in procs:
        p.join()
    return zeiten


def run() -> dict[str, float]:
    from bench.antrag_common import datenbank_anlegen, datenbank_loeschen, welt_anlegen
    from bench.common import percentile

    datenbank_anlegen(DB)
    try:
        welt_anlegen()
        from rathaus.antraege.models import Antrag
        from rathaus.antraege.tests import helfer
        from rathaus.formulare.models import Entwurf, Formular

        formular = Formular.objects.get()
        helfer.pdf("Nachweis")
        gruppen = [[helfer.entwurf(formular).pk for _ in range(PER_CLIENT)] for _ in range(CLIENTS)]
        for entwurf in Entwurf.objects.all():  # the PDF chosen on step 1, stored with the draft
            helfer.ablegen(entwurf, helfer.upload())
        from django.db import connections

        connections.close_all()
        basis = _lauf("entwurf", gruppen)
        submit = _lauf("submit", gruppen)
        assert Antrag.objects.count() == CLIENTS * PER_CLIENT
    finally:
        datenbank_loeschen(DB)
    p95_b, p95_s = percentile(basis, 95), percentile(submit, 95)
    print(f"antrag_submit on PostgreSQL, {CLIENTS} concurrent client processes × {PER_CLIENT}")
    print(
        f"  baseline entwurf_save: p50={percentile(basis, 50):.1f} ms p95={p95_b:.1f} ms mean={statistics.fmean(basis):.1f} ms"
    )
    print(
        f"  antrag_submit (+1 PDF): p50={percentile(submit, 50):.1f} ms p95={p95_s:.1f} ms mean={statistics.fmean(submit):.1f} ms"
    )
    print(
        f"  ratio p95 submit/baseline: {p95_s / p95_b:.2f}   target p95 < 300 ms: {'PASS' if p95_s < 300 else 'FAIL'}"
    )
    return {"p95_ms": p95_s, "baseline_p95_ms": p95_b, "ratio": p95_s / p95_b}


if __name__ == "__main__":
    run()
