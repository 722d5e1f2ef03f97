"""The digitisation report (issue 15): the public page from precomputed figures against a
bare Django view in the same process and run, and the full computation of every figure
over generated Anträge and Verfahren.

Targets: page p95 < 100 ms; computation over 100,000 Anträge and 50,000 Verfahren < 60 s.
Run: `uv run python -m bench.bericht` (DATABASE_URL selects PostgreSQL; use a throw-away
database: the generated rows stay). BENCH_ANTRAEGE / BENCH_VERFAHREN change the volume.
"""

from __future__ import annotations

import os
import time

N_ANTRAEGE = int(os.environ.get("BENCH_ANTRAEGE", "100000"))
N_VERFAHREN = int(os.environ.get("BENCH_VERFAHREN", "50000"))
RUNS = 200
SEITEN = [
    "/digitalisierung/",
    "/digitalisierung/?themenfeld={tf}",
    "/digitalisierung/?lebenslage={ll}",
    "/en/digitalisierung/",
]


def _daten_anlegen(stamp: str) -> None:
    from rathaus.berichte.tests.daten import massendaten_anlegen
    from rathaus.katalog.models import Leistung
    from rathaus.organisation.models import Organisationseinheit

    leistungen = list(Leistung.objects.order_by("-nachfrage", "pk")[:40])
    einheiten = Organisationseinheit.objects.bulk_create(
        Organisationseinheit(name=f"Bench-Amt {i}", slug=f"bench-{stamp}-{i}", art="amt")
        for i in range(10)
    )
    massendaten_anlegen(
        leistungen=leistungen, einheiten=einheiten, antraege=N_ANTRAEGE, verfahren=N_VERFAHREN,
        praefix=f"B{stamp}",
    )  # fmt: skip


def _messen(client, pfad: str) -> list[float]:
    zeiten = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        antwort = client.get(pfad)
        zeiten.append((time.perf_counter() - t0) * 1000)
        if antwort.status_code != 200:
            raise RuntimeError(f"{pfad}: {antwort.status_code}")
    return zeiten


def run() -> dict[str, float]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.common import percentile, summary
    from rathaus.berichte.kennzahlen import kennzahlen_berechnen
    from rathaus.berichte.services import kennzahlenstand_create

    stamp = timezone.now().strftime("%H%M%S")
    t0 = time.perf_counter()
    _daten_anlegen(stamp)
    erzeugt = time.perf_counter() - t0
    print(
        f"bericht [{connection.vendor}]: {N_ANTRAEGE} Anträge, {N_VERFAHREN} Verfahren "
        f"generated in {erzeugt:.1f}s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE antraege_antrag; ANALYZE verfahren_verfahren")

    t0 = time.perf_counter()
    daten = kennzahlen_berechnen()
    rechnen = time.perf_counter() - t0
    t0 = time.perf_counter()
    stand = kennzahlenstand_create(actor="bench")
    speichern = time.perf_counter() - t0
    print(
        f"  computation of every figure: {rechnen:.1f}s ({len(daten['leistungen'])} Leistungen, "
        f"{len(daten['gruppen'])} filter groups); computed and stored: {speichern:.1f}s   "
        f"target < 60 s: {'PASS' if max(rechnen, speichern) < 60 else 'FAIL'}"
    )

    tf = stand.kopf["themenfelder"][0]["slug"]
    ll = stand.kopf["lebenslagen"][0]["slug"]
    client = Client()
    client.get("/digitalisierung/")  # the process parses the snapshot once
    alle: list[float] = []
    for muster in SEITEN:
        pfad = muster.format(tf=tf, ll=ll)
        zeiten = _messen(client, pfad)
        alle += zeiten
        print(f"  {pfad:52s} {summary(zeiten)}")
    basis = _messen(client, "/__bench__/bare")
    p95, base95 = percentile(alle, 95), percentile(basis, 95)
    print(f"  bare view: {summary(basis)}")
    print(
        f"  page p95 {p95:.1f} ms; ratio to the bare view {p95 / base95:.1f}x   "
        f"target p95 < 100 ms: {'PASS' if p95 < 100 else 'FAIL'}"
    )
    return {"rechnen_s": rechnen, "p95_ms": p95, "bare_p95_ms": base95}


if __name__ == "__main__":
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        from bench.common import prepared_environment

        os.environ.update(prepared_environment())
    run()
