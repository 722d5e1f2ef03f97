"""Submitting an Antrag through the real HTTP stack: gunicorn with sync workers on
PostgreSQL, 20 concurrent clients, against a bare Django view under the same server in
the same run.

Every submit is the browser's POST of the review form (session cookie holding the draft,
CSRF cookie and token, the hidden idempotency key; the one PDF Anlage was chosen on a
step and is stored with the draft beforehand, as in the browser) and must answer 303 to
the receipt. Clients are threads with ``http.client`` so that they take as
little CPU as possible from the server; the figures are:

* sequential (1 client): CPU ms per request of the gunicorn workers and of PostgreSQL
  (from /proc, when the server runs on this machine): the cost of one submit;
* concurrent (20 clients): p50/p95 of the bare view and of the submit, the ratio.

Target (Beantragung issue): submit p95 < 300 ms with 20 concurrent clients.
Run: `BENCH_PG=postgres://postgres@127.0.0.1:55440 uv run python -m bench.antrag_submit_http`
(BENCH_WORKERS gunicorn workers, default 4; BENCH_CLIENTS 20; BENCH_PER_CLIENT 15;
BENCH_EMAIL=1 gives an email address, which adds the confirmation-mail outbox row).
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
PER_CLIENT = int(os.environ.get("BENCH_PER_CLIENT", "15"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SEQUENTIAL = int(os.environ.get("BENCH_SEQUENTIAL", "40"))
BARE_PER_CLIENT = int(os.environ.get("BENCH_BARE_PER_CLIENT", "40"))
EMAIL = os.environ.get("BENCH_EMAIL", "") == "1"
DB = f"rh_antrag_submit_http_{os.getpid()}"
BARE = "/__bench__/bare"
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Anfrage:
    method: str
    path: str
    body: bytes
    headers: dict[str, str]
    erwartet: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- CPU accounting from /proc -------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from "state" on (field 3)


def _kinder(ppid: int) -> list[int]:
    out = []
    for eintrag in Path("/proc").iterdir():
        if eintrag.name.isdigit():
            felder = _stat(int(eintrag.name))
            if felder is not None and int(felder[1]) == ppid:
                out.append(int(eintrag.name))
    return out


def _cpu_sekunden(eltern: int | None) -> float:
    """CPU time of ``eltern``'s children, living and reaped (for gunicorn: the workers)."""
    if eltern is None:
        return 0.0
    felder = _stat(eltern)
    if felder is None:
        return 0.0
    ticks = int(felder[13]) + int(felder[14])  # cutime + cstime: children already reaped
    for pid in _kinder(eltern):
        k = _stat(pid)
        if k is not None:
            ticks += int(k[11]) + int(k[12])  # utime + stime
    return ticks / TICK


def _postmaster(url: str) -> int | None:
    """The PostgreSQL server's main process if it runs on this machine, else None."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        felder = _stat(int(row[0])) if row else None  # while the backend is alive
    return int(felder[1]) if felder else None


# -- clients ---------------------------------------------------------------------------------


def _senden(port: int, a: Anfrage) -> float:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(a.method, a.path, body=a.body, headers=a.headers)
        antwort = conn.getresponse()
        antwort.read()
    finally:
        conn.close()
    if antwort.status != a.erwartet:
        raise RuntimeError(f"{a.method} {a.path}: HTTP {antwort.status}, expected {a.erwartet}")
    return (time.perf_counter() - t0) * 1000


@dataclass(frozen=True)
class Messung:
    zeiten: list[float]
    sekunden: float
    server_cpu_ms: float  # per request, gunicorn workers
    pg_cpu_ms: float  # per request, PostgreSQL processes
    client_cpu_ms: float  # per request, this process (the client threads)
    last: tuple[float, float, float]  # load averages after the phase

    def zeile(self, name: str) -> str:
        z = self.zeiten
        return (
            f"  {name}: n={len(z)} p50={_pct(z, 50):.1f} ms p95={_pct(z, 95):.1f} ms "
            f"mean={statistics.fmean(z):.1f} ms  {len(z) / self.sekunden:.0f} req/s  "
            f"CPU/request: gunicorn {self.server_cpu_ms:.1f} ms, PostgreSQL {self.pg_cpu_ms:.1f} ms, "
            f"clients {self.client_cpu_ms:.1f} ms  load {self.last[0]:.2f}/{self.last[1]:.2f}"
        )


def _pct(werte: list[float], p: float) -> float:
    from bench.common import percentile

    return percentile(werte, p)


def _lauf(
    port: int, gruppen: list[list[Anfrage]], gunicorn: int, postmaster: int | None
) -> Messung:
    ergebnisse: list[list[float]] = [[] for _ in gruppen]
    fehler: list[BaseException] = []
    start = threading.Barrier(len(gruppen) + 1)

    def client(i: int) -> None:
        start.wait()
        try:
            for a in gruppen[i]:
                ergebnisse[i].append(_senden(port, a))
        except BaseException as exc:  # reported after the run
            fehler.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(gruppen))]
    for t in threads:
        t.start()
    s0, p0 = _cpu_sekunden(gunicorn), _cpu_sekunden(postmaster)
    c0, w0 = time.process_time(), time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    sekunden = time.perf_counter() - w0
    c1 = time.process_time()
    s1, p1 = _cpu_sekunden(gunicorn), _cpu_sekunden(postmaster)
    if fehler:
        raise fehler[0]
    zeiten = [z for e in ergebnisse for z in e]
    n = len(zeiten)
    return Messung(
        zeiten,
        sekunden,
        (s1 - s0) * 1000 / n,
        (p1 - p0) * 1000 / n,
        (c1 - c0) * 1000 / n,
        os.getloadavg(),
    )


# -- requests --------------------------------------------------------------------------------


def _multipart(felder: dict[str, str]) -> tuple[bytes, str]:
    grenze = uuid.uuid4().hex
    teile = []
    for name, wert in felder.items():
        teile.append(
            f'--{grenze}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{wert}\r\n'.encode()
        )
    teile.append(f"--{grenze}--\r\n".encode())
    return b"".join(teile), f"multipart/form-data; boundary={grenze}"


def _submits(anzahl: int, port: int) -> list[Anfrage]:
    """One browser submit per new draft (holding one PDF): session, CSRF cookie and token,
    key."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from rathaus.antraege.selectors import idempotenzschluessel
    from rathaus.antraege.tests import helfer
    from rathaus.formulare import bindung
    from rathaus.formulare.models import Formular

    formular = Formular.objects.get()
    pdf = helfer.pdf("Nachweis")
    out = []
    for _ in range(anzahl):
        entwurf = helfer.entwurf(formular)
        helfer.ablegen(entwurf, helfer.upload(inhalt=pdf))
        sitzung = SessionStore()
        bindung.binden(sitzung, entwurf)  # as using the resume link would
        sitzung.create()
        csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
        felder = {
            "csrfmiddlewaretoken": csrf,
            "idempotenzschluessel": idempotenzschluessel(entwurf=entwurf),
            "email": f"b{secrets.token_hex(4)}@example.org" if EMAIL else "",
        }
        body, typ = _multipart(felder)
        headers = {
            "Content-Type": typ,
            "Origin": f"http://127.0.0.1:{port}",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={sitzung.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}",
        }
        pfad = reverse("antraege:einreichen", args=[entwurf.pk])
        out.append(Anfrage("POST", pfad, body, headers, 303))
    return out


def _bare(anzahl: int) -> list[Anfrage]:
    return [Anfrage("GET", BARE, b"", {}, 200) for _ in range(anzahl)]


def _gruppen(anfragen: list[Anfrage], n: int) -> list[list[Anfrage]]:
    return [anfragen[i::n] for i in range(n)]


def _server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "-w",
            str(WORKERS),
            "-k",
            "sync",
            "-b",
            f"127.0.0.1:{port}",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    ende = time.monotonic() + 120  # a loaded machine needs a while to import Django
    while time.monotonic() < ende and server.poll() is None:
        try:
            _senden(port, Anfrage("GET", BARE, b"", {}, 200))
            return server
        except (OSError, RuntimeError):
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start (exit code {server.poll()})")


def run() -> dict[str, float]:
    from bench.antrag_common import PG, datenbank_anlegen, datenbank_loeschen, welt_anlegen

    env = datenbank_anlegen(DB)
    Path(env["RATHAUS_DATA_DIR"], "static").mkdir(parents=True, exist_ok=True)
    port = _free_port()
    try:
        welt_anlegen()
        warm = _submits(4 * WORKERS, port)
        seq = _submits(SEQUENTIAL, port)
        last = _submits(CLIENTS * PER_CLIENT, port)
        from django.db import connections

        connections.close_all()
        postmaster = _postmaster(env["DATABASE_URL"])
        server = _server(port, env)
        try:
            # Every worker imports, connects and builds the form definition before measuring.
            _lauf(port, _gruppen(_bare(20 * WORKERS), 2 * WORKERS), server.pid, postmaster)
            _lauf(port, _gruppen(warm, 2 * WORKERS), server.pid, postmaster)
            bare_seq = _lauf(port, [_bare(10 * SEQUENTIAL)], server.pid, postmaster)
            submit_seq = _lauf(port, [seq], server.pid, postmaster)
            bare = _lauf(
                port, _gruppen(_bare(CLIENTS * BARE_PER_CLIENT), CLIENTS), server.pid, postmaster
            )
            submit = _lauf(port, _gruppen(last, CLIENTS), server.pid, postmaster)
        finally:
            server.terminate()
            server.wait(20)
        from rathaus.antraege.models import Antrag

        erwartet = len(warm) + len(seq) + len(last)
        if Antrag.objects.count() != erwartet:
            raise RuntimeError(f"{Antrag.objects.count()} Anträge, expected {erwartet}")
    finally:
        datenbank_loeschen(DB)
    p95_b, p95_s = _pct(bare.zeiten, 95), _pct(submit.zeiten, 95)
    print(
        f"antrag_submit over HTTP: gunicorn {WORKERS} sync workers, PostgreSQL ({PG}), "
        f"{os.cpu_count()} CPUs{', with email' if EMAIL else ''}"
    )
    print("sequential, 1 client (cost of one request):")
    print(bare_seq.zeile("bare view   "))
    print(submit_seq.zeile("submit +PDF "))
    print(f"{CLIENTS} concurrent clients:")
    print(bare.zeile("bare view   "))
    print(submit.zeile("submit +PDF "))
    print(
        f"  ratio p95 submit/bare: {p95_s / p95_b:.1f}   "
        f"target submit p95 < 300 ms: {'PASS' if p95_s < 300 else 'FAIL'}"
    )
    # What the machine could do if nothing else ran on it: every CPU busy with submits.
    kosten = submit_seq.server_cpu_ms + submit_seq.pg_cpu_ms + submit_seq.client_cpu_ms
    decke = (os.cpu_count() or 1) * 1000 / kosten
    print(
        f"  CPU-bound ceiling on {os.cpu_count()} idle CPUs: {decke:.0f} submits/s, so "
        f"{CLIENTS} closed-loop clients wait >= {CLIENTS / decke * 1000:.0f} ms on average"
    )
    return {
        "p95_ms": p95_s,
        "p50_ms": _pct(submit.zeiten, 50),
        "baseline_p95_ms": p95_b,
        "ratio": p95_s / p95_b,
        "submit_cpu_ms": submit_seq.server_cpu_ms,
        "submit_pg_cpu_ms": submit_seq.pg_cpu_ms,
        "bare_cpu_ms": bare_seq.server_cpu_ms,
    }


if __name__ == "__main__":
    run()
