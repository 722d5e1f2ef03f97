"""Throw-away servers on loopback for the whole-system benchmarks (`bench.last`,
`bench.stoerung`): a PostgreSQL 15 cluster, Redis, an SMTP server that counts what it
receives (and can refuse for a while), gunicorn and the task worker, as `.ci/run` starts
its own PostgreSQL and Redis. Everything lives in one temporary folder and is stopped by
`Dienste.stoppen` (also on Ctrl-C).

PostgreSQL runs with fsync=off (the disk of a shared machine is not what is measured; a
stop with `-m immediate` is a crash of the server processes, not of the operating system,
so no committed transaction is lost by it) and synchronous_commit on, as in production: a
commit that was answered is in the WAL before the answer.
"""

from __future__ import annotations

import contextlib
import email.parser
import http.client
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "rathaus"
PG_PASSWORD = "rathaus-bench"
PG_DB = "rathaus"


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _warten(bedingung: Any, sekunden: float, was: str) -> None:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        if bedingung():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{was}: not ready after {sekunden:.0f} s")


def _als_postgres(*befehl: str) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres system user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *befehl]
    return list(befehl)


class Postgres:
    """A PostgreSQL cluster of its own, started with pg_ctl; `neustart_sofort` is
    `pg_ctl stop -m immediate` followed by a start (crash recovery)."""

    def __init__(self, ordner: Path) -> None:
        self.ordner = ordner / "pg"
        self.ordner.mkdir()
        self.daten = self.ordner / "data"
        self.port = freier_port()
        (self.ordner / "pwfile").write_text(PG_PASSWORD + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.ordner, "postgres", "postgres")
            shutil.chown(self.ordner / "pwfile", "postgres", "postgres")
        self.ordner.chmod(0o700)
        subprocess.run(
            _als_postgres(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.daten),
                "-U",
                PG_USER,
                f"--pwfile={self.ordner / 'pwfile'}",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ),
            check=True,
            cwd=self.ordner,
            stdout=subprocess.DEVNULL,
        )
        self.starten()
        self._psql(f"CREATE DATABASE {PG_DB}", datenbank="postgres")

    @property
    def url(self) -> str:
        return f"postgres://{PG_USER}:{PG_PASSWORD}@127.0.0.1:{self.port}/{PG_DB}"

    def _pg_ctl(self, *argumente: str) -> None:
        subprocess.run(
            _als_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.daten), *argumente),
            check=True,
            cwd=self.ordner,
            stdout=subprocess.DEVNULL,
        )

    def starten(self) -> None:
        optionen = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.ordner} -c fsync=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB "
            # waits for a lock longer than a second go to postgres.log (where the time goes)
            "-c log_lock_waits=on -c deadlock_timeout=1s"
        )
        self._pg_ctl(
            "-l", str(self.ordner / "postgres.log"), "-w", "-t", "120", "-o", optionen, "start"
        )

    def neustart_sofort(self) -> float:
        """Stop at once (no checkpoint, connections cut), start again; seconds it was down."""
        t0 = time.perf_counter()
        self._pg_ctl("-m", "immediate", "-w", "-t", "60", "stop")
        self.starten()
        return time.perf_counter() - t0

    def stoppen(self) -> None:
        if (self.daten / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._pg_ctl("-m", "fast", "-w", "-t", "60", "stop")

    def _psql(self, sql: str, *, datenbank: str = PG_DB) -> str:
        import psycopg

        url = self.url.rsplit("/", 1)[0] + f"/{datenbank}"
        with psycopg.connect(url, autocommit=True) as conn:
            cur = conn.execute(sql)
            return str(cur.fetchone()[0]) if cur.description else ""

    def version(self) -> str:
        return self._psql("SHOW server_version")

    def postmaster_pid(self) -> int:
        return int((self.daten / "postmaster.pid").read_text().split()[0])


class Redis:
    def __init__(self, ordner: Path) -> None:
        self.ordner = ordner / "redis"
        self.ordner.mkdir()
        self.port = freier_port()
        subprocess.run(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.ordner / "redis.pid"),
                "--logfile",
                str(self.ordner / "redis.log"),
                "--dir",
                str(self.ordner),
            ],
            check=True,
        )
        _warten(lambda: self.befehl("ping") == "PONG", 20, "Redis")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def befehl(self, *argumente: str) -> str:
        r = subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *argumente],
            capture_output=True,
            text=True,
        )
        return r.stdout.strip()

    def version(self) -> str:
        for zeile in self.befehl("info", "server").splitlines():
            if zeile.startswith("redis_version:"):
                return zeile.split(":", 1)[1]
        return "?"

    def stoppen(self) -> None:
        pidfile = self.ordner / "redis.pid"
        if not pidfile.exists():
            return
        with contextlib.suppress(ProcessLookupError, ValueError):
            pid = int(pidfile.read_text())
            self.befehl("shutdown", "nosave")
            for sig in (signal.SIGTERM, signal.SIGKILL):
                for _ in range(50):
                    os.kill(pid, 0)
                    time.sleep(0.1)
                os.kill(pid, sig)


# -- SMTP --------------------------------------------------------------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's SMTP backend (smtplib): EHLO/HELO, MAIL, RCPT, DATA,
    RSET, NOOP, QUIT. While the server refuses, every connection gets 421 and is closed,
    as a mail server under maintenance answers."""

    server: SmtpSenke._Server

    def _antworten(self, zeile: str) -> None:
        self.wfile.write(zeile.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        senke = self.server.senke
        if senke.ablehnen:
            senke.abgelehnt += 1
            self._antworten("421 4.3.2 bench: service not available, try again later")
            return
        self._antworten("220 bench-smtp ESMTP")
        while True:
            zeile = self.rfile.readline(65536)
            if not zeile:
                return
            befehl = zeile.decode("latin-1").strip().upper()
            if befehl.startswith(("EHLO", "HELO")):
                self._antworten("250-bench-smtp")
                self._antworten("250 8BITMIME")
            elif befehl.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._antworten("250 OK")
            elif befehl == "DATA":
                self._antworten("354 end with <CRLF>.<CRLF>")
                teile = []
                while True:
                    z = self.rfile.readline(1 << 20)
                    if not z or z in (b".\r\n", b".\n"):
                        break
                    teile.append(z[1:] if z.startswith(b"..") else z)
                senke.empfangen(b"".join(teile))
                self._antworten("250 OK queued")
            elif befehl == "QUIT":
                self._antworten("221 bye")
                return
            else:
                self._antworten("502 command not implemented")


class SmtpSenke:
    """A local SMTP server in a thread of the benchmark process; counts received messages
    by the headers `X-Rathaus-Antrag` and `X-Rathaus-Postfachnachricht`."""

    class _Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True
        senke: SmtpSenke

    def __init__(self) -> None:
        self.ablehnen = False
        self.abgelehnt = 0
        self.nach_antrag: Counter[str] = Counter()
        self.nach_postfachnachricht: Counter[str] = Counter()
        self.gesamt = 0
        self._lock = threading.Lock()
        self._server = self._Server(("127.0.0.1", 0), _SmtpHandler)
        self._server.senke = self
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def empfangen(self, roh: bytes) -> None:
        kopf = email.parser.BytesHeaderParser().parsebytes(roh)
        with self._lock:
            self.gesamt += 1
            if kopf["X-Rathaus-Antrag"]:
                self.nach_antrag[str(kopf["X-Rathaus-Antrag"])] += 1
            if kopf["X-Rathaus-Postfachnachricht"]:
                self.nach_postfachnachricht[str(kopf["X-Rathaus-Postfachnachricht"])] += 1

    def stoppen(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- the Rathaus processes ----------------------------------------------------------------


def rathaus_umgebung(ordner: Path, pg: Postgres, redis: Redis, smtp: SmtpSenke) -> dict[str, str]:
    """The environment of every Rathaus process of the run (bench.settings_system: the
    product settings plus the bare baseline view)."""
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("RATHAUS_EMAIL_", "STORAGE_")):
            del env[name]
    # Bytecode as an installation has it (written at the first import, or by the package
    # installer): without it every new process, and every job RQ forks, compiles the
    # modules it imports anew. Kept outside the checkout, shared by the runs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "rathaus-bench-pycache")
    env.update(
        {
            "DATABASE_URL": pg.url,
            "REDIS_URL": redis.url,
            "RATHAUS_TASKS_BACKEND": "rq",
            "RATHAUS_DATA_DIR": str(ordner / "var"),
            "RATHAUS_DEV_IDP": "1",
            "RATHAUS_EMAIL_HOST": "127.0.0.1",
            "RATHAUS_EMAIL_PORT": str(smtp.port),
            "RATHAUS_EMAIL_TIMEOUT": "5",
            "RATHAUS_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "bench.settings_system",
            "RATHAUS_STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        }
    )
    return env


def rathaus(env: dict[str, str], *befehl: str, ausgabe: bool = False) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "rathaus.manage", *befehl],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.PIPE if ausgabe else subprocess.DEVNULL,
        text=True,
    )
    return r.stdout or ""


def vorbereiten(env: dict[str, str]) -> None:
    """Migrate, collect the static files, load the catalogue and the Stralsund demo."""
    daten = env.get("RATHAUS_SHARED_DATA", str(ROOT.parent / "shared" / "data"))
    rathaus(env, "migrate", "--noinput", "-v0")
    rathaus(env, "collectstatic", "--noinput", "-v0")
    rathaus(env, "bootstrap", "--data", daten)


def gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as ausgabe:
        server = _gunicorn(env, port, workers, log, ausgabe)

    def bereit() -> bool:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn ended with exit code {server.returncode} ({log})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/__bench__/bare")
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except OSError:
            return False

    _warten(bereit, 180, "gunicorn")
    return server


def _gunicorn(
    env: dict[str, str], port: int, workers: int, log: Path, ausgabe: Any
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "-w",
            str(workers),
            "-k",
            "sync",
            "-b",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--timeout",
            "30",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log),
        ],
        env=env,
        cwd=ROOT,
        stdout=ausgabe,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def worker(env: dict[str, str], log: Path, name: str = "bench-worker") -> subprocess.Popen[bytes]:
    """The RQ worker as the README starts it (`rathaus rqworker default --name …`), with
    its scheduler."""
    with log.open("ab") as f:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rathaus.manage",
                "rqworker",
                "default",
                # Without its scheduler an RQ worker never runs a deferred job: no outbox
                # retry after its backoff, no sweep (see the report of bench.stoerung).
                "--with-scheduler",
                "--name",
                f"{name}-{time.monotonic_ns()}",
                # the settings' class unless BENCH_RQ_KLASSE names another, e.g.
                # rq.worker.Worker (a horse per job that loads WeasyPrint itself) or
                # rq.worker.SimpleWorker (no horse)
                *(
                    ["--worker-class", KLASSE]
                    if (KLASSE := os.environ.get("BENCH_RQ_KLASSE"))
                    else []
                ),
            ],
            env=env,
            cwd=ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def beenden(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


class Dienste:
    """PostgreSQL, Redis and the SMTP server of one run, in one temporary folder."""

    def __init__(self) -> None:
        self.ordner = Path(tempfile.mkdtemp(prefix="rathaus-bench-dienste-"))
        self.ordner.chmod(0o755)  # the postgres user enters it
        self.pg: Postgres | None = None
        self.redis: Redis | None = None
        self.smtp: SmtpSenke | None = None
        try:
            self.pg = Postgres(self.ordner)
            self.redis = Redis(self.ordner)
            self.smtp = SmtpSenke()
        except BaseException:
            self.stoppen()
            raise
        (self.ordner / "var").mkdir()
        self.env = rathaus_umgebung(self.ordner, self.pg, self.redis, self.smtp)

    def stoppen(self) -> None:
        for dienst in (self.smtp, self.redis, self.pg):
            if dienst is not None:
                with contextlib.suppress(Exception):
                    dienst.stoppen()
        if not os.environ.get("BENCH_BEHALTEN"):
            shutil.rmtree(self.ordner, ignore_errors=True)
