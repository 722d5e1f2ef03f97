"""Appointments (issue 12): availability and the race for the last slots.

1. Availability: one office with 20 counters, open Monday to Friday 8–12 and 13–18 in
   15-minute units, the 8-week window 60 % booked (the next days nearly full, later weeks
   emptier, as real demand looks). p95 of the free days of one service (two units) over the
   window and of the free times of one day, against a baseline measured in the same run:
   reading the occupied units of one day (one indexed query).
   Target: p95 < 50 ms on PostgreSQL.
2. Race (PostgreSQL only): 200 clients (threads, each with its own connection) reserve at
   the same moment; 20 slots are left (20 counters, one start). Expected: exactly 20
   reservations, every other client a clear "no longer free" answer, no error.
   Target: p95 of one reservation < 300 ms.

Run: `uv run python -m bench.termine_verfuegbarkeit` (DATABASE_URL selects PostgreSQL; use
a throw-away database: the data stays). Without DJANGO_SETTINGS_MODULE the database is only
migrated (no catalogue import).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from datetime import time as uhrzeit

RUNS = int(os.environ.get("BENCH_RUNS", "60"))
CLIENTS = int(os.environ.get("BENCH_TERMINE_CLIENTS", "200"))
# the clients run as threads in this many processes (web workers), each with its own GIL
PROZESSE = int(os.environ.get("BENCH_TERMINE_PROZESSE", "10"))
SCHALTER = 20


def _ort(stamp: str, *, tage: tuple[int, ...], zeiten, schalter: int, horizont: int):
    from rathaus.katalog.models import Leistung
    from rathaus.organisation.models import Oeffnungszeit, Organisationseinheit, Standort
    from rathaus.termine.models import Schalter, Terminleistung, Terminort

    standort = Standort.objects.create(
        name=f"Bench {stamp}", slug=f"bench-{stamp}", strasse="Schillstraße 5-7", plz="18439"
    )
    oe = Organisationseinheit.objects.create(
        name=f"Bench-Amt {stamp}", slug=f"bench-amt-{stamp}", art="abteilung", standort=standort
    )
    for tag in tage:
        for von, bis in zeiten:
            Oeffnungszeit.objects.create(organisationseinheit=oe, wochentag=tag, von=von, bis=bis)
    ort = Terminort.objects.create(
        standort=standort, organisationseinheit=oe, slot_minuten=15, horizont_tage=horizont
    )
    alle = Schalter.objects.bulk_create(
        Schalter(terminort=ort, name=f"Platz {i + 1}") for i in range(schalter)
    )
    leistung = Leistung.objects.create(
        quelle=f"bench:{stamp}", name="Personalausweis", slug=f"bench-pa-{stamp}"
    )
    tl = Terminleistung.objects.create(terminort=ort, leistung=leistung, einheiten=2)
    tl.schalter.set(alle)
    return ort, alle, leistung


def _belegen(
    ort, schalter, stamp: str, *, anteil_von: float, anteil_bis: float, seed: int = 42
) -> int:
    """Book the window: bookings of 1–3 units, the share falling from `anteil_von` on the
    first day to `anteil_bis` on the last (60 % on average with 0.98 → 0.22)."""
    from rathaus.organisation.selectors import (
        LOCAL_TZ,
        organisationseinheit_detail_by_id,
        tagesplan,
    )
    from rathaus.termine.models import Belegung, Buchung
    from rathaus.termine.selectors import fenster

    rnd = random.Random(seed)
    von, bis = fenster(terminort=ort)
    oe = organisationseinheit_detail_by_id(pk=ort.organisationseinheit_id)
    tage = [von + timedelta(days=i) for i in range((bis - von).days + 1)]
    tage = [t for t in tage if tagesplan(oe=oe, datum=t).intervalle]
    schritt = timedelta(minutes=ort.slot_minuten)
    buchungen: list[Buchung] = []
    einheiten_je_buchung: list[list[tuple[int, datetime]]] = []
    for n, tag in enumerate(tage):
        anteil = anteil_von + (anteil_bis - anteil_von) * n / max(len(tage) - 1, 1)
        for intervall in tagesplan(oe=oe, datum=tag).intervalle:
            for s in schalter:
                t = datetime.combine(tag, intervall.von, tzinfo=LOCAL_TZ)
                ende = datetime.combine(tag, intervall.bis, tzinfo=LOCAL_TZ)
                while t < ende:
                    laenge = min(rnd.choice((1, 2, 2, 3)), int((ende - t) / schritt))
                    if rnd.random() < anteil:
                        buchungen.append(
                            Buchung(
                                nummer=f"B{stamp[-7:]}{len(buchungen):07d}",
                                token_hash="0" * 64,
                                terminort=ort,
                                schalter=s,
                                beginn=t,
                                einheiten=laenge,
                                ende=t + schritt * laenge,
                                status=Buchung.Status.BESTAETIGT,
                            )
                        )
                        einheiten_je_buchung.append(
                            [(s.pk, t + schritt * i) for i in range(laenge)]
                        )
                    t += schritt * laenge
    Buchung.objects.bulk_create(buchungen, batch_size=2000)
    zeilen = [
        Belegung(schalter_id=sid, beginn=beginn, buchung=b, terminort=ort)
        for b, einheiten in zip(buchungen, einheiten_je_buchung, strict=True)
        for sid, beginn in einheiten
    ]
    Belegung.objects.bulk_create(zeilen, batch_size=5000)
    return len(zeilen)


def _kapazitaet(ort, schalter) -> int:
    from rathaus.organisation.selectors import organisationseinheit_detail_by_id, tagesplan
    from rathaus.termine.selectors import fenster

    von, bis = fenster(terminort=ort)
    oe = organisationseinheit_detail_by_id(pk=ort.organisationseinheit_id)
    summe = 0
    for i in range((bis - von).days + 1):
        for intervall in tagesplan(oe=oe, datum=von + timedelta(days=i)).intervalle:
            minuten = (
                datetime.combine(date.min, intervall.bis)
                - datetime.combine(date.min, intervall.von)
            ).seconds // 60
            summe += minuten // ort.slot_minuten * len(schalter)
    return summe


def verfuegbarkeit(stamp: str) -> dict[str, float]:
    from django.db import connection

    from bench.common import percentile, summary
    from rathaus.organisation.selectors import LOCAL_TZ
    from rathaus.termine import selectors
    from rathaus.termine.models import Belegung

    ort, schalter, leistung = _ort(
        stamp,
        tage=(0, 1, 2, 3, 4),
        zeiten=((uhrzeit(8), uhrzeit(12)), (uhrzeit(13), uhrzeit(18))),
        schalter=SCHALTER,
        horizont=56,
    )
    t0 = time.perf_counter()
    belegt = _belegen(ort, schalter, stamp, anteil_von=0.98, anteil_bis=0.22)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE termine_belegung; ANALYZE termine_buchung")
    kapazitaet = _kapazitaet(ort, schalter)
    print(
        f"termine availability [{connection.vendor}]: {SCHALTER} counters, 8 weeks, "
        f"{belegt} of {kapazitaet} units booked ({100 * belegt / kapazitaet:.0f} %), "
        f"generated in {time.perf_counter() - t0:.1f}s"
    )
    wunsch = selectors.wunsch_build(terminort=ort, leistungen={leistung.pk: 1})
    tage_zeiten, slot_zeiten = [], []
    tage: list[date] = []
    for _ in range(RUNS):
        t = time.perf_counter()
        tage = selectors.freie_tage(wunsch=wunsch)
        tage_zeiten.append((time.perf_counter() - t) * 1000)
    for i in range(RUNS):
        t = time.perf_counter()
        selectors.freie_slots(wunsch=wunsch, datum=tage[i % len(tage)])
        slot_zeiten.append((time.perf_counter() - t) * 1000)
    tag = tage[0]
    start = datetime.combine(tag, uhrzeit.min, tzinfo=LOCAL_TZ)
    basis = []
    for _ in range(RUNS):
        t = time.perf_counter()
        list(
            Belegung.objects.filter(
                terminort=ort, beginn__gte=start, beginn__lt=start + timedelta(days=1)
            ).values_list("schalter_id", "beginn")
        )
        basis.append((time.perf_counter() - t) * 1000)
    p95, slots95, base95 = (percentile(x, 95) for x in (tage_zeiten, slot_zeiten, basis))
    print(f"  free days over the window ({len(tage)} days free): {summary(tage_zeiten)}")
    print(f"  free times of one day:                {summary(slot_zeiten)}")
    print(f"  baseline (occupied units of one day): {summary(basis)}")
    print(
        f"  ratio p95 free days / baseline: {p95 / base95:.1f}x   "
        f"target p95 < 50 ms: {'PASS' if p95 < 50 else 'FAIL'}"
    )
    return {"tage_p95_ms": p95, "slots_p95_ms": slots95, "baseline_p95_ms": base95}


def rennen(stamp: str) -> dict[str, float]:
    from django.db import connection, connections

    from bench.common import percentile, summary
    from rathaus.organisation.selectors import LOCAL_TZ
    from rathaus.termine.models import Belegung, Buchung
    from rathaus.termine.selectors import fenster

    if connection.vendor != "postgresql":
        print("termine race: skipped (PostgreSQL only; SQLite serialises all writers)")
        return {}
    # 20 counters, one start each day: the last 20 slots of tomorrow
    ort, _schalter, leistung = _ort(
        f"{stamp}r",
        tage=tuple(range(7)),
        zeiten=((uhrzeit(8), uhrzeit(8, 30)),),
        schalter=SCHALTER,
        horizont=1,
    )
    tag = fenster(terminort=ort)[0]
    beginn = datetime.combine(tag, uhrzeit(8), tzinfo=LOCAL_TZ)
    connections.close_all()  # the forked processes open their own connections
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(PROZESSE)
    ergebnisse = ctx.Queue()
    je_prozess = [list(range(i, CLIENTS, PROZESSE)) for i in range(PROZESSE)]
    prozesse = [
        ctx.Process(
            target=_rennen_prozess, args=(start, ergebnisse, nummern, ort.pk, leistung.pk, beginn)
        )
        for nummern in je_prozess
    ]
    t0 = time.perf_counter()
    for p in prozesse:
        p.start()
    gesammelt = [ergebnisse.get(timeout=600) for _ in range(CLIENTS)]
    for p in prozesse:
        p.join(60)
    gesamt = time.perf_counter() - t0
    zeiten = [z for z, _e in gesammelt]
    ergebnis = [e for _z, e in gesammelt]
    gebucht = ergebnis.count("gebucht")
    fehler = [e for e in ergebnis if e not in ("gebucht", "nicht_frei")]
    in_db = Buchung.objects.filter(terminort=ort).count()
    einheiten = list(Belegung.objects.filter(terminort=ort).values_list("schalter_id", "beginn"))
    doppelt = len(einheiten) - len(set(einheiten))
    p95 = percentile(zeiten, 95)
    ok = gebucht == in_db == SCHALTER and not fehler and doppelt == 0
    print(
        f"termine race [{connection.vendor}]: {CLIENTS} clients for {SCHALTER} slots in "
        f"{gesamt:.2f}s: {gebucht} reserved ({in_db} in the database, {doppelt} units twice), "
        f"{ergebnis.count('nicht_frei')} told 'no longer free', {len(fehler)} errors"
    )
    if fehler:
        print(f"  first error: {fehler[0]}")
    print(f"  one reservation: {summary(zeiten)}")
    print(
        f"  exact count and no error: {'PASS' if ok else 'FAIL'}; "
        f"target p95 < 300 ms: {'PASS' if p95 < 300 else 'FAIL'}"
    )
    return {"rennen_p95_ms": p95, "gebucht": float(gebucht), "fehler": float(len(fehler))}


def _rennen_prozess(start, ergebnisse, nummern, ort_pk, leistung_pk, beginn) -> None:
    """One process of the race: a thread per client, all released together."""
    from django.core.exceptions import ValidationError
    from django.db import connections

    from rathaus.termine import services
    from rathaus.termine.models import Terminort

    ort = Terminort.objects.get(pk=ort_pk)
    connections.close_all()
    innen = threading.Barrier(len(nummern))
    start.wait()

    def client(i: int) -> None:
        try:
            innen.wait()
            t = time.perf_counter()
            try:
                services.buchung_reserve(
                    terminort=ort,
                    leistungen={leistung_pk: 1},
                    beginn=beginn,
                    name=f"Client {i}",
                    email=f"client{i}@example.org",
                    actor="bench",
                )
                antwort = "gebucht"
            except ValidationError:
                antwort = "nicht_frei"
            ergebnisse.put(((time.perf_counter() - t) * 1000, antwort))
        except Exception as exc:  # counted as an error by the caller
            ergebnisse.put((0.0, f"fehler: {type(exc).__name__}: {exc}"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in nummern]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)


def run() -> dict[str, float]:
    import django

    django.setup()
    from django.utils import timezone

    stamp = timezone.now().strftime("%H%M%S%f")
    return {**verfuegbarkeit(stamp), **rennen(stamp)}


def _umgebung() -> dict[str, str]:
    from bench.common import ROOT

    env = dict(os.environ)
    env.setdefault("RATHAUS_DATA_DIR", tempfile.mkdtemp(prefix="rathaus-bench-"))
    env.setdefault("RATHAUS_DEV_IDP", "1")
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, "-m", "rathaus.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


if __name__ == "__main__":
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        os.environ.update(_umgebung())
    run()
