"""The cost of one web submit in a single process: CPU ms of Django and of PostgreSQL per
submit, the queries of one submit, and (BENCH_PROFILE=1) where the time goes.

Each submit is the review form's POST through the whole middleware stack (a CSRF-checking
test client with the session and CSRF cookies; the draft holds one PDF Anlage, chosen on
its step beforehand) and must answer 303. The
baseline is the bare Django view of bench/urls.py through the same client in the same run.

Run: `BENCH_PG=postgres://postgres@127.0.0.1:55440 uv run python -m bench.antrag_submit_profil`
(BENCH_N submits, default 200; BENCH_SQL=1 lists the queries; BENCH_PROFILE=1 adds a
cProfile of the submits, BENCH_PROFILE_PATTERN filters its lines).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import time
from dataclasses import dataclass
from typing import Any

N = int(os.environ.get("BENCH_N", "200"))
DB = f"rh_antrag_submit_profil_{os.getpid()}"


@dataclass(frozen=True)
class Submit:
    pfad: str
    sitzung: str
    csrf: str
    daten: dict[str, Any]


def _submits(anzahl: int) -> list[Submit]:
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from rathaus.antraege.selectors import idempotenzschluessel
    from rathaus.antraege.tests import helfer
    from rathaus.formulare import bindung
    from rathaus.formulare.models import Formular

    formular = Formular.objects.get()
    out = []
    for _ in range(anzahl):
        entwurf = helfer.entwurf(formular)
        helfer.ablegen(entwurf, helfer.upload(inhalt=helfer.pdf("Nachweis")))
        sitzung = SessionStore()
        bindung.binden(sitzung, entwurf)  # as using the resume link would
        sitzung.create()
        csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
        daten = {
            "csrfmiddlewaretoken": csrf,
            "idempotenzschluessel": idempotenzschluessel(entwurf=entwurf),
            "email": "",
        }
        pfad = reverse("antraege:einreichen", args=[entwurf.pk])
        out.append(Submit(pfad, str(sitzung.session_key), csrf, daten))
    return out


def _absenden(client: Any, s: Submit, pdf: bytes) -> None:
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = s.sitzung
    client.cookies[settings.CSRF_COOKIE_NAME] = s.csrf
    antwort = client.post(s.pfad, s.daten)
    if antwort.status_code != 303:
        raise RuntimeError(f"submit: HTTP {antwort.status_code}")


def _cpu(postmaster: int | None) -> tuple[float, float, float]:
    from bench.antrag_submit_http import _cpu_sekunden

    return time.process_time(), _cpu_sekunden(postmaster), time.perf_counter()


def run() -> dict[str, float]:
    from bench.antrag_common import datenbank_anlegen, datenbank_loeschen, welt_anlegen
    from bench.antrag_submit_http import _postmaster

    env = datenbank_anlegen(DB)
    try:
        welt_anlegen()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from rathaus.antraege.tests import helfer

        pdf = helfer.pdf("Nachweis")
        profil = os.environ.get("BENCH_PROFILE") == "1"
        submits = _submits(N * (2 if profil else 1) + 6)
        postmaster = _postmaster(env["DATABASE_URL"])
        client = Client(enforce_csrf_checks=True)
        for s in submits[:5]:
            _absenden(client, s, pdf)
        with CaptureQueriesContext(connection) as ctx:
            _absenden(client, submits[5], pdf)
        sql = [q["sql"] for q in ctx.captured_queries]  # the next request clears the log
        queries = len(sql)

        def messen(schritt: Any, anzahl: int) -> tuple[float, float, float]:
            a = _cpu(postmaster)
            for i in range(anzahl):
                schritt(i)
            b = _cpu(postmaster)
            cpu, pg, wand = ((y - x) * 1000 / anzahl for x, y in zip(a, b, strict=True))
            return cpu, pg, wand

        for _ in range(50):
            client.get("/__bench__/bare")
        bare = messen(lambda i: client.get("/__bench__/bare"), 10 * N)
        submit = messen(lambda i: _absenden(client, submits[6 + i], pdf), N)
        bericht = ""
        if profil:
            prof = cProfile.Profile()
            prof.enable()
            for s in submits[6 + N :]:
                _absenden(client, s, pdf)
            prof.disable()
            out = io.StringIO()
            muster = os.environ.get(
                "BENCH_PROFILE_PATTERN", "rathaus|sessions|csrf|tasks|middleware|psycopg"
            )
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(muster, 60)
            bericht = out.getvalue()
    finally:
        datenbank_loeschen(DB)
    print(
        f"antrag_submit in one process on PostgreSQL, {N} submits (+1 PDF), load {os.getloadavg()[0]:.2f}"
    )
    print(f"  queries per submit: {queries}")
    print(f"  bare view: CPU {bare[0]:.2f} ms (PostgreSQL {bare[1]:.2f} ms), wall {bare[2]:.2f} ms")
    print(
        f"  submit:    CPU {submit[0]:.2f} ms (PostgreSQL {submit[1]:.2f} ms), wall {submit[2]:.2f} ms"
    )
    print(f"  ratio CPU submit/bare: {submit[0] / bare[0]:.1f}")
    if os.environ.get("BENCH_SQL") == "1":
        for q in sql:
            print("   ", q[:160])
    if bericht:
        print(bericht)
    return {"queries": queries, "cpu_ms": submit[0], "pg_cpu_ms": submit[1], "bare_cpu_ms": bare[0]}


if __name__ == "__main__":
    run()
