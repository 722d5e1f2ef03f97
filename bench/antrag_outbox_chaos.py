"""Outbox under chaos: submit N Anträge (default 1,000) while the `rathaus db_worker`
subprocess that delivers them is killed with SIGKILL 5 times at random moments and
restarted; then check that every Antrag with a reference number went through the intake
exactly once: one Vorgang with one Dokument in the E-Akte, one Verfahren linked to both,
and the Verfahren's unit is the Akte's lead unit (0 lost, 0 duplicated, 0 disagreeing).

Printed against the baseline of the same run: delivery attempts per row (1.000 = every
row delivered at the first committed attempt; a killed attempt rolls back and is not
counted), and lost/duplicated hand-overs per Antrag (target 0/0).
Run: `uv run python -m bench.antrag_outbox_chaos` (BENCH_N, BENCH_PG).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

N = int(os.environ.get("BENCH_N", "1000"))
KILLS = 5
DB = f"rh_antrag_chaos_{os.getpid()}"


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rathaus.manage",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def run() -> dict[str, float]:
    from bench.antrag_common import datenbank_anlegen, datenbank_loeschen, welt_anlegen

    os.environ["RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN"] = "3"
    env = datenbank_anlegen(DB)
    env["RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN"] = "3"
    rng = random.Random(4711)
    try:
        welt_anlegen()
        from django.db.models import Count

        from rathaus.akten.models import Dokument, Vorgang
        from rathaus.antraege import services
        from rathaus.antraege.models import Antrag
        from rathaus.antraege.selectors import idempotenzschluessel
        from rathaus.antraege.tests import helfer
        from rathaus.core.models import Outbox
        from rathaus.formulare.models import Formular
        from rathaus.verfahren.models import Verfahren

        formular = Formular.objects.get()
        kill_bei = sorted(rng.sample(range(N // 10, N), KILLS))
        worker = _worker(env)
        kills = 0
        t0 = time.perf_counter()
        for i in range(N):
            e = helfer.entwurf(formular)
            services.antrag_submit(
                entwurf=e, actor="bench", idempotency_key=idempotenzschluessel(entwurf=e)
            )
            if kills < KILLS and i == kill_bei[kills]:
                time.sleep(rng.uniform(0, 0.5))  # somewhere inside a delivery
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
                kills += 1
                worker = _worker(env)
        submit_s = time.perf_counter() - t0
        offen = Outbox.objects.filter(delivered_at__isnull=True)
        ende = time.monotonic() + 1800
        while offen.exists() and time.monotonic() < ende:
            time.sleep(1)
        gesamt_s = time.perf_counter() - t0
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        antraege = Antrag.objects.count()
        je = dict(
            Vorgang.objects.values_list("verfahren_ref")
            .annotate(n=Count("id"))
            .values_list("verfahren_ref", "n")
        )
        doks = dict(
            Dokument.objects.values_list("vorgang__verfahren_ref")
            .annotate(n=Count("id"))
            .values_list("vorgang__verfahren_ref", "n")
        )
        azs = list(Antrag.objects.values_list("aktenzeichen", flat=True))
        verloren = sum(1 for az in azs if je.get(az, 0) == 0)
        doppelt = sum(1 for az in azs if je.get(az, 0) > 1 or doks.get(az, 0) > 1)
        verfahren = Verfahren.objects.values_list(
            "antrag__aktenzeichen",
            "vorgang__verfahren_ref",
            "organisationseinheit_id",
            "vorgang__akte__federfuehrend_id",
        )
        ohne_verfahren = len(azs) - len({v[0] for v in verfahren})
        uneinig = sum(1 for az, ref, oe, fed in verfahren if az != ref or oe != fed)
        versuche = sum(Outbox.objects.values_list("attempts", flat=True))
        noch_offen = offen.count()
    finally:
        datenbank_loeschen(DB)
    print(f"outbox chaos on PostgreSQL: {N} Anträge, db_worker killed with SIGKILL {kills}×")
    print(f"  submitted in {submit_s:.1f} s, all handed over after {gesamt_s:.1f} s")
    print(f"  Anträge with reference number: {antraege}; handed over: {antraege - verloren}")
    print(f"  lost: {verloren}   duplicated: {doppelt}   still pending: {noch_offen}")
    print(
        f"  Verfahren: {antraege - ohne_verfahren} of {antraege}; "
        f"Verfahren whose Vorgang or unit disagrees with the Akte: {uneinig}"
    )
    print(
        f"  delivery attempts: {versuche} for {antraege} rows (ratio {versuche / max(antraege, 1):.3f})"
    )
    print(
        f"  result: {'PASS' if verloren == doppelt == noch_offen == ohne_verfahren == uneinig == 0 and antraege == N else 'FAIL'}"
    )
    return {
        "lost": verloren,
        "duplicated": doppelt,
        "without_verfahren": ohne_verfahren,
        "disagreeing": uneinig,
        "seconds": gesamt_s,
    }


if __name__ == "__main__":
    run()
