"""Faults: N Anträge submitted over HTTP while the system is hurt (`make bench-stoerung`).

Starts its own PostgreSQL 15, Redis and a counting SMTP server on loopback
(`bench.dienste`), loads the Stralsund demo with `rathaus bootstrap`, runs gunicorn and the
RQ worker as the README starts them. N citizens (sessions as the OIDC callback leaves them,
see `bench.last`) each fill the demo's real FIM form over HTTP, with a PDF Nachweis. Then,
within one window of BENCH_FENSTER seconds, the drafts are submitted over HTTP ("Antrag
verbindlich absenden") by 8 client threads at an even pace while:

* the worker is killed with SIGKILL 10 times (with its work horse, scheduler and PDF
  helper) and started again,
* PostgreSQL is stopped 3 times with `pg_ctl stop -m immediate` and started again,
* Redis gets `FLUSHALL` once (queued and planned tasks, cache, limits: gone),
* the SMTP server refuses every connection (421) from the middle of the window on, at least
  BENCH_AUSFALL seconds and until the first rows were given up (dead letters).

A submission answered with anything but the redirect to its receipt (a 500 while the
database is down, a refused connection …) is sent again by the client, unchanged: the same
session, draft and idempotency key, as a browser's reload would. Acknowledged = answered
303 to the receipt.

Settings of the run, all from the environment, no product default changed: outbox backoff
1 s (`RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN`, production 30), a row counts as failing
after 3 attempts (`…_WARNUNG_AB`, production 8) and is given up after 6 (`…_MAX_VERSUCHE`,
production 20), the sweep every 5 s (`…_SWEEP_SEKUNDEN`, production 60): so an outage of a
minute or two makes dead letters within the run, as days would in production.

After the window: the rows failing and given up are read from core.outbox
(`failing_rows()`, `dead_letters()`) and from /healthz (`checks.outbox`), then resent as an
administrator does (`outbox_retry`, the admin's "Jetzt erneut zustellen", and `rathaus
outbox`); once the outbox is drained, checked:

* every acknowledged submission exists exactly once (one Antrag per draft, no other);
* each has exactly one Vorgang in the E-Akte, one Verfahren linked to that Antrag and
  Vorgang, whose Organisationseinheit is the Akte's federführende unit, and a finished
  Eingang (every intake step recorded once);
* each has exactly one confirmation email (SMTP header `X-Rathaus-Antrag`) and one Postfach
  message, and no email announcing a Postfach message (`X-Rathaus-Postfachnachricht`) came
  twice (the intake's message is announced by the confirmation email itself);
* `rathaus verify_integrity` and `rathaus verify_protocol` pass.

Printed: the counts, the faults and when they happened, and PASS/FAIL (exit code 1).
Environment: BENCH_N (default 1000), BENCH_FENSTER (seconds of the submission window,
default max(180, N × 0.3)), BENCH_AUSFALL (shortest SMTP outage, default 90),
BENCH_AUSFALL_MAX (longest, default 1800), BENCH_WORKERS
(gunicorn workers, default 4), BENCH_ABFLUSS_MAX (longest wait for the outbox, default
1800), BENCH_BEHALTEN=1 keeps the temporary folder (logs).
Run: `make bench-stoerung` or `uv run python -m bench.stoerung`.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench import dienste
from bench.formular_http import (
    DATEIFELD,
    Fehler,
    ausfuellen,
    fehlertext,
    formular_felder,
    multipart,
)

N = int(os.environ.get("BENCH_N", "1000"))
FENSTER = float(os.environ.get("BENCH_FENSTER", str(max(180.0, N * 0.3))))
AUSFALL = float(os.environ.get("BENCH_AUSFALL", "90"))
AUSFALL_MAX = float(os.environ.get("BENCH_AUSFALL_MAX", "1800"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ABFLUSS_MAX = int(os.environ.get("BENCH_ABFLUSS_MAX", "1800"))
KILLS = 10
PG_NEUSTARTS = 3
CLIENTS = 8
EINSTELLUNGEN = {
    "RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN": "1",
    "RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB": "3",
    "RATHAUS_ANTRAEGE_OUTBOX_MAX_VERSUCHE": "6",
    "RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN": "5",
}


# -- a browser of one citizen ------------------------------------------------------------------


@dataclass
class Browser:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def anfrage(
        self, methode: str, pfad: str, body: bytes | None = None, typ: str = ""
    ) -> tuple[int, str, str]:
        """(status, Location path, page)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if typ:
            headers["Content-Type"] = typ
        try:
            conn.request(methode, pfad, body=body, headers=headers)
            antwort = conn.getresponse()
            seite = antwort.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for kopf in antwort.headers.get_all("Set-Cookie") or []:
            name, _, rest = kopf.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return antwort.status, urlsplit(antwort.headers.get("Location", "")).path, seite

    def seite(self, pfad: str) -> str:
        status, _ziel, seite = self.anfrage("GET", pfad)
        if status != 200:
            raise Fehler(f"GET {pfad} → {status}")
        return seite

    def senden(self, seite: str, aktion: str, datei: bytes | None = None) -> tuple[str, str]:
        """Send the form of a step; the path redirected to and its page."""
        ziel, felder = formular_felder(seite)
        daten = ausfuellen(felder, aktion)
        if datei is not None:
            body, typ = multipart(daten, (DATEIFELD, "nachweis.pdf", datei))
        else:
            body, typ = urlencode(daten).encode(), "application/x-www-form-urlencoded"
        status, weiter, seite = self.anfrage("POST", ziel, body, typ)
        if status != 302:
            raise Fehler(f"POST {ziel} → {status} {fehlertext(seite)}")
        return weiter, self.seite(weiter)


@dataclass
class Einreichung:
    """One prepared submission: the review page's submit form, ready to send."""

    browser: Browser
    pfad: str
    body: bytes
    entwurf: int
    versuche: int = 0
    antworten: Counter[str] = field(default_factory=Counter)
    antrag: int | None = None


def entwurf_fuellen(browser: Browser, formular: int, pdf: bytes) -> Einreichung:
    """Steps 1–4 of the form (the Nachweis on step 4) up to the review page."""
    seite = browser.seite(f"/antrag/{formular}/schritt/1/")
    for _schritt in (1, 2, 3):
        _pfad, seite = browser.senden(seite, "weiter")
    pfad, seite = browser.senden(seite, "weiter", datei=pdf)
    if "/pruefen/" not in pfad:
        raise Fehler(f"step 4 went to {pfad}")
    ziel, felder = formular_felder(seite, "antrag-absenden")
    daten = [(f["name"], f.get("value", "")) for f in felder if f.get("type") == "hidden"]
    entwurf = re.search(r"/entwurf/(\d+)/", ziel)
    assert entwurf, ziel
    return Einreichung(browser, ziel, urlencode(daten).encode(), int(entwurf.group(1)))


def einreichen(e: Einreichung, ende: float) -> None:
    """Submit until the answer is the receipt (or the client gives up at `ende`)."""
    while time.monotonic() < ende:
        e.versuche += 1
        try:
            status, ziel, _seite = e.browser.anfrage(
                "POST", e.pfad, e.body, "application/x-www-form-urlencoded"
            )
        except OSError as exc:
            e.antworten[type(exc).__name__] += 1
        else:
            e.antworten[str(status)] += 1
            treffer = re.fullmatch(r"/antraege/(\d+)/", ziel)
            if status == 303 and treffer:
                e.antrag = int(treffer.group(1))
                return
        time.sleep(0.5 + random.random())


# -- the faults --------------------------------------------------------------------------------


@dataclass
class Stoerungen:
    d: dienste.Dienste
    env: dict[str, str]
    ordner: Path
    worker: subprocess.Popen[bytes] | None = None
    protokoll: list[tuple[float, str]] = field(default_factory=list)
    t0: float = 0.0

    def notieren(self, text: str) -> None:
        self.protokoll.append((time.monotonic() - self.t0, text))
        print(f"  {time.monotonic() - self.t0:6.1f} s  {text}", flush=True)

    def worker_starten(self) -> None:
        self.worker = dienste.worker(self.env, self.ordner / "worker.log")

    def worker_toeten(self) -> None:
        assert self.worker is not None
        if self.worker.poll() is not None:  # ended meanwhile: what a supervisor sees
            self.notieren(f"worker had ended by itself (exit code {self.worker.returncode})")
        else:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait()
            self.notieren("worker killed (SIGKILL to its process group)")
        self.worker_starten()

    def worker_sicherstellen(self) -> None:
        """Start the worker again if it ended by itself (as systemd's Restart= would)."""
        if self.worker is not None and self.worker.poll() is not None:
            self.notieren(f"worker had ended by itself (exit code {self.worker.returncode})")
            self.worker_starten()

    def pg_neustart(self) -> None:
        assert self.d.pg is not None
        unten = self.d.pg.neustart_sofort()
        self.notieren(f"PostgreSQL stopped immediately and started again ({unten:.1f} s down)")

    def redis_leeren(self) -> None:
        assert self.d.redis is not None
        self.notieren(f"Redis FLUSHALL: {self.d.redis.befehl('flushall')}")

    def smtp(self, ablehnen: bool) -> None:
        assert self.d.smtp is not None
        self.d.smtp.ablehnen = ablehnen
        self.notieren("SMTP refuses every connection (421)" if ablehnen else "SMTP accepts again")

    def plan(self, rng: random.Random) -> list[tuple[float, str]]:
        """When what happens, spread over the window."""
        plan = [
            (FENSTER * (k + rng.uniform(0.2, 0.8)) / KILLS, "worker_toeten") for k in range(KILLS)
        ]
        plan += [(FENSTER * f + rng.uniform(-5, 5), "pg_neustart") for f in (0.2, 0.5, 0.8)]
        plan += [(FENSTER * 0.35, "redis_leeren")]
        plan += [(FENSTER * 0.55, "smtp_aus")]  # it ends after the window (`run`)
        return sorted(plan)

    def ausfuehren(self, plan: list[tuple[float, str]], stopp: threading.Event) -> None:
        for wann, was in plan:
            warten = self.t0 + wann - time.monotonic()
            if warten > 0 and stopp.wait(warten):
                return
            try:
                if was == "smtp_aus":
                    self.smtp(True)
                elif was == "smtp_an":
                    self.smtp(False)
                else:
                    getattr(self, was)()
            except Exception as exc:  # reported, the run goes on
                self.notieren(f"{was} failed: {exc!r}")


# -- checks --------------------------------------------------------------------------------------


def offen() -> int:
    from rathaus.core.models import Outbox

    return Outbox.objects.filter(delivered_at__isnull=True, dead_letter_at__isnull=True).count()


def healthz(port: int) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/healthz")
    antwort = conn.getresponse()
    daten = json.loads(antwort.read())
    conn.close()
    return dict(daten.get("checks", {}).get("outbox", {}))


def mit_wiederholung(funktion, versuche: int = 60):  # type: ignore[no-untyped-def]
    """Run a database read of the benchmark itself, across a restart of PostgreSQL."""
    from django.db import OperationalError, connections

    for i in range(versuche):
        try:
            return funktion()
        except OperationalError:
            connections.close_all()
            if i == versuche - 1:
                raise
            time.sleep(1)
    return None


def pruefen(einreichungen: list[Einreichung], smtp: dienste.SmtpSenke) -> dict[str, int]:
    from rathaus.akten.models import Vorgang
    from rathaus.antraege.models import Antrag
    from rathaus.konten.models import Postfachnachricht
    from rathaus.verfahren.eingang import SCHRITTE
    from rathaus.verfahren.models import Eingang, Verfahren

    quittiert = {e.antrag for e in einreichungen if e.antrag is not None}
    entwuerfe = {e.entwurf for e in einreichungen}
    antraege = list(Antrag.objects.values_list("pk", "aktenzeichen", "entwurf_ref"))
    je_entwurf = Counter(ref for _pk, _az, ref in antraege)
    vorgaenge = Counter(
        Vorgang.objects.filter(verfahren_ref__in=[az for _pk, az, _r in antraege]).values_list(
            "verfahren_ref", flat=True
        )
    )
    verfahren = list(
        Verfahren.objects.values_list(
            "antrag_id",
            "vorgang__verfahren_ref",
            "organisationseinheit_id",
            "vorgang__akte__federfuehrend_id",
            "antrag__aktenzeichen",
        )
    )
    je_antrag = Counter(v[0] for v in verfahren)
    schritte = {name for name, _s in SCHRITTE}
    eingaenge = {
        a: (fertig, set(erledigt))
        for a, fertig, erledigt in Eingang.objects.values_list(
            "antrag_id", "abgeschlossen_am", "erledigt"
        )
    }
    nachrichten = Counter(Postfachnachricht.objects.values_list("dokument_referenz", flat=True))
    nachricht_pks = dict(Postfachnachricht.objects.values_list("pk", "dokument_referenz"))
    mails_nachricht = Counter(
        nachricht_pks.get(int(pk), "?")
        for pk, n in smtp.nach_postfachnachricht.items()
        for _ in range(n)
    )
    azs = {pk: az for pk, az, _r in antraege}
    ergebnis = {
        "acknowledged": len(quittiert),
        "not acknowledged": sum(1 for e in einreichungen if e.antrag is None),
        "Anträge": len(antraege),
        "acknowledged but missing": len(quittiert - set(azs)),
        "Anträge of no prepared draft": sum(1 for _p, _a, r in antraege if r not in entwuerfe),
        "drafts with more than one Antrag": sum(1 for n in je_entwurf.values() if n > 1),
        "Anträge without Vorgang": sum(1 for az in azs.values() if vorgaenge[az] == 0),
        "Anträge with more than one Vorgang": sum(1 for az in azs.values() if vorgaenge[az] > 1),
        "Anträge without Verfahren": sum(1 for pk in azs if je_antrag[pk] == 0),
        "Anträge with more than one Verfahren": sum(1 for pk in azs if je_antrag[pk] > 1),
        "Verfahren whose Vorgang is another Antrag's": sum(
            1 for _a, ref, _oe, _fed, az in verfahren if ref != az
        ),
        "Verfahren whose unit is not the Akte's federführend": sum(
            1 for _a, _ref, oe, fed, _az in verfahren if oe != fed
        ),
        "Eingang unfinished or missing steps": sum(
            1
            for pk in azs
            if pk not in eingaenge or eingaenge[pk][0] is None or not schritte <= eingaenge[pk][1]
        ),
        "confirmation emails missing": sum(1 for az in azs.values() if smtp.nach_antrag[az] == 0),
        "confirmation emails more than once": sum(
            1 for az in azs.values() if smtp.nach_antrag[az] > 1
        ),
        "Postfach messages missing": sum(1 for az in azs.values() if nachrichten[az] == 0),
        "Postfach messages more than once": sum(1 for az in azs.values() if nachrichten[az] > 1),
        # the intake's Postfach message is announced by the confirmation email, not by an
        # email of its own (postfach.benachrichtigung: Bescheid, Nachforderung): none expected
        "Postfach emails more than once": sum(1 for az in azs.values() if mails_nachricht[az] > 1),
    }
    return ergebnis


# -- the run ----------------------------------------------------------------------------------


def run() -> bool:
    from bench.last import buerger_sitzungen, pdf_nachweis

    # SIGTERM ends the run like Ctrl-C: the servers of the run are stopped (finally)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    d = dienste.Dienste()
    server = None
    st: Stoerungen | None = None
    try:
        port = dienste.freier_port()
        env = d.env
        env.update(EINSTELLUNGEN)
        env["RATHAUS_BASE_URL"] = f"http://127.0.0.1:{port}"
        assert d.pg is not None and d.redis is not None and d.smtp is not None
        print(
            f"faults: {N} Anträge over HTTP in a window of {FENSTER:.0f} s; servers in {d.ordner}: "
            f"PostgreSQL {d.pg.version()}, Redis {d.redis.version()}, SMTP :{d.smtp.port}",
            flush=True,
        )
        t = time.perf_counter()
        dienste.vorbereiten(env)
        print(f"  migrated and bootstrapped in {time.perf_counter() - t:.0f} s", flush=True)
        os.environ.update(env)
        import django

        django.setup()
        from django.conf import settings
        from django.db import connections

        from rathaus.core.outbox import dead_letters, failing_rows, outbox_retry
        from rathaus.core.services import SYSTEM
        from rathaus.formulare.models import Formular

        formular = Formular.objects.get().pk
        pdf_pfad = d.ordner / "nachweis.pdf"
        pdf_nachweis(pdf_pfad)
        pdf = pdf_pfad.read_bytes()
        sitzungen = buerger_sitzungen(N)
        connections.close_all()
        server = dienste.gunicorn(env, port, WORKERS, d.ordner / "gunicorn.log")
        st = Stoerungen(d, env, d.ordner)
        st.worker_starten()

        # 1. every citizen fills the form (no fault yet)
        t = time.perf_counter()
        arbeit: queue.Queue[str] = queue.Queue()
        for s in sitzungen:
            arbeit.put(s)
        einreichungen: list[Einreichung] = []
        probleme: list[str] = []

        def fuellen() -> None:
            while True:
                try:
                    s = arbeit.get_nowait()
                except queue.Empty:
                    return
                try:
                    b = Browser(port, {settings.SESSION_COOKIE_NAME: s})
                    einreichungen.append(entwurf_fuellen(b, formular, pdf))
                except Exception as exc:
                    probleme.append(repr(exc)[:300])

        threads = [threading.Thread(target=fuellen, daemon=True) for _ in range(CLIENTS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        print(
            f"  {len(einreichungen)} drafts filled over HTTP in {time.perf_counter() - t:.0f} s "
            f"({len(probleme)} failed{': ' + probleme[0] if probleme else ''})",
            flush=True,
        )

        # 2. the window: submissions at an even pace, faults by the plan
        rng = random.Random(4711)
        plan = st.plan(rng)
        stopp = threading.Event()
        st.t0 = time.monotonic()
        faults = threading.Thread(target=st.ausfuehren, args=(plan, stopp), daemon=True)
        faults.start()
        takt = FENSTER * 0.95 / max(1, len(einreichungen))
        ende = st.t0 + FENSTER + 600  # a client gives up 10 min after the window

        def client(meine: list[tuple[int, Einreichung]]) -> None:
            for i, e in meine:
                warten = st.t0 + i * takt - time.monotonic()
                if warten > 0:
                    time.sleep(warten)
                einreichen(e, ende)

        reihen = [list(enumerate(einreichungen))[k::CLIENTS] for k in range(CLIENTS)]
        clients = [threading.Thread(target=client, args=(r,), daemon=True) for r in reihen]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        submit_s = time.monotonic() - st.t0
        faults.join()
        st.notieren(f"all submissions answered ({submit_s:.0f} s)")

        # 3. the outage goes on until rows were given up (at least BENCH_AUSFALL seconds,
        # at most BENCH_AUSFALL_MAX): what it left is read from core.outbox and /healthz
        connections.close_all()
        aus_seit = next((t for t, x in st.protokoll if "SMTP refuses" in x), 0.0) + st.t0
        while time.monotonic() - aus_seit < AUSFALL_MAX:
            st.worker_sicherstellen()
            if (
                time.monotonic() - aus_seit >= AUSFALL
                and mit_wiederholung(lambda: dead_letters().count()) > 0
            ):
                break
            time.sleep(2)
        fehlschlagend = mit_wiederholung(lambda: failing_rows().count())
        aufgegeben = mit_wiederholung(lambda: dead_letters().count())
        gesundheit = healthz(port)
        st.notieren(
            f"outbox while SMTP still refuses: {fehlschlagend} failing, {aufgegeben} dead "
            f"letters; /healthz checks.outbox = {gesundheit}"
        )
        st.smtp(False)
        # 4. resent as an administrator does, then wait for the outbox to drain
        erneut = mit_wiederholung(lambda: outbox_retry(rows=dead_letters(), actor=SYSTEM))
        ausgabe = dienste.rathaus(env, "outbox", ausgabe=True).strip()
        st.notieren(f"outbox_retry of the dead letters: {erneut}; `rathaus outbox`: {ausgabe}")
        abfluss: float | None = None
        w0 = time.monotonic()
        while time.monotonic() - w0 < ABFLUSS_MAX:
            st.worker_sicherstellen()
            rest = mit_wiederholung(offen)
            if rest == 0 and mit_wiederholung(lambda: dead_letters().count()) == 0:
                abfluss = time.monotonic() - w0
                break
            time.sleep(2)
        st.notieren(
            f"outbox drained {abfluss:.0f} s after the resend"
            if abfluss is not None
            else f"outbox NOT drained after {ABFLUSS_MAX} s: {mit_wiederholung(offen)} open"
        )
        time.sleep(2)  # the last SMTP conversation ends
        ergebnis = mit_wiederholung(lambda: pruefen(einreichungen, d.smtp))
        integritaet = subprocess.run(
            [sys.executable, "-m", "rathaus.manage", "verify_integrity"],
            env=env,
            cwd=dienste.ROOT,
            capture_output=True,
            text=True,
        )
        protokoll = subprocess.run(
            [sys.executable, "-m", "rathaus.manage", "verify_protocol"],
            env=env,
            cwd=dienste.ROOT,
            capture_output=True,
            text=True,
        )
        versuche = Counter()
        for e in einreichungen:
            versuche.update(e.antworten)
        wiederholt = sum(1 for e in einreichungen if e.versuche > 1)
        print(f"result of {N} submissions ({len(probleme)} drafts could not be filled):")
        print(
            f"  answers seen by the clients: {dict(versuche)}; {wiederholt} submissions sent "
            f"more than once"
        )
        print(
            f"  faults: {sum(1 for _t, x in st.protokoll if 'killed' in x)} worker kills, "
            f"{sum(1 for _t, x in st.protokoll if 'PostgreSQL' in x)} PostgreSQL restarts, "
            f"{sum(1 for _t, x in st.protokoll if 'FLUSHALL' in x)} Redis FLUSHALL, SMTP "
            f"refused {d.smtp.abgelehnt} connections"
        )
        print(
            f"  outbox after the faults: {fehlschlagend} failing, {aufgegeben} dead letters "
            f"(/healthz: {gesundheit}); resent {erneut}; drained "
            + (f"{abfluss:.0f} s later" if abfluss is not None else "NEVER")
        )
        for name, wert in ergebnis.items():
            print(f"  {name}: {wert}")
        print(
            f"  verify_integrity: exit {integritaet.returncode} "
            f"{(integritaet.stdout + integritaet.stderr).strip()[-200:]}"
        )
        print(
            f"  verify_protocol: exit {protokoll.returncode} "
            f"{(protokoll.stdout + protokoll.stderr).strip()[-200:]}"
        )
        fehler = {
            name: wert
            for name, wert in ergebnis.items()
            if name not in ("acknowledged", "Anträge") and wert != 0
        }
        ok = (
            not fehler
            and not probleme
            and ergebnis["acknowledged"] == N
            and ergebnis["Anträge"] == N
            and abfluss is not None
            and integritaet.returncode == 0
            and protokoll.returncode == 0
            and aufgegeben > 0
            and gesundheit.get("dead_letters") == aufgegeben
        )
        print(f"  result: {'PASS' if ok else 'FAIL'}")
        connections.close_all()
        return ok
    finally:
        dienste.beenden(server)
        if st is not None:
            dienste.beenden(st.worker)
        d.stoppen()


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
