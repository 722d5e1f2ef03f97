"""Load: the whole system under a realistic mix, with Locust (`make bench-last`).

Starts its own PostgreSQL 15, Redis and a counting SMTP server on loopback
(`bench.dienste`), loads the Stralsund demo with `rathaus bootstrap` (the real catalogue,
the real FIM form S05000001319), and runs gunicorn (sync workers, `bench.wsgi`: the product
plus a bare view) and the RQ worker as the README starts them. Then Locust (headless, its
users in `bench/last_locust.py`) drives, as page actions (a POST and the page it redirects
to are one action):

    visitors   search 35 %, service pages 25 %
    citizens   form steps and draft saves 25 %, uploads (a PDF Nachweis) 5 %,
               submissions 5 %, Mein Konto 5 %
    staff      the task list and Verfahren pages (about 4 % on top)
    baseline   the bare Django view (about 1 % on top), under the same load

Logged-in citizens submit, so no proof of work and no limit of anonymous submissions
applies (both stay as they are). Their sessions are made before the run, as the OIDC
callback makes them (`konten.services.buerger_login`, then the session keys of
`django.contrib.auth.login` and `konten.sitzung.sitzung_beginnen` at level "substantiell"): one
citizen per Locust user, each with their own drafts and Anträge. The two staff sessions
(sb.gewerbe, leitung.gewerbe) come from the real login form, password and TOTP code.

Printed: actions and HTTP requests per second, p50/p95/p99 and errors per kind, the ratio
of each kind to the bare view measured in the same mix, the bare view alone (same harness,
before the mix) as throughput baseline, CPU seconds per process group, and after the load
the time until the outbox is drained. The first BENCH_EINLAUF seconds of the mix are not
counted (the processes warm up).

Goal (issue 10): 120 actions/s for 10 minutes, p95 < 500 ms, p99 < 1.5 s, 0 errors, outbox
drained within a minute, on 2 cores.

Environment: BENCH_DAUER (seconds of the mix, default 600), BENCH_NUTZER (citizens +
visitors, default 60), BENCH_RPS (target actions/s, default 120), BENCH_WORKERS (gunicorn
workers, default 4), BENCH_RQ (RQ workers, default 2), BENCH_RQ_KLASSE (their
--worker-class, default RQ's forking worker), BENCH_EINLAUF (default 10),
BENCH_ABFLUSS_MAX (longest wait for the outbox after the load, default 600),
BENCH_BEHALTEN=1 keeps the temporary folder (logs).
Run: `make bench-last` or `uv run python -m bench.last`.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import dienste
from bench.common import percentile

DAUER = int(os.environ.get("BENCH_DAUER", "600"))
NUTZER = int(os.environ.get("BENCH_NUTZER", "60"))
RPS = float(os.environ.get("BENCH_RPS", "120"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
RQ = int(os.environ.get("BENCH_RQ", "2"))
EINLAUF = int(os.environ.get("BENCH_EINLAUF", "10"))
GRUNDLINIE_DAUER = int(os.environ.get("BENCH_GRUNDLINIE_DAUER", "20"))
ABFLUSS_MAX = int(os.environ.get("BENCH_ABFLUSS_MAX", "600"))
MITARBEITER = ("sb.gewerbe", "leitung.gewerbe")
ARTEN = (
    "suche",
    "leistung",
    "formular",
    "upload",
    "einreichen",
    "konto",
    "aufgaben",
    "verfahren",
    "bare",
)
ZIEL = {"rps": 120.0, "p95": 500.0, "p99": 1500.0, "abfluss": 60.0}


# -- CPU from /proc -------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _kinder() -> dict[int, list[int]]:
    baum: dict[int, list[int]] = {}
    for eintrag in Path("/proc").iterdir():
        if eintrag.name.isdigit():
            f = _stat(int(eintrag.name))
            if f is not None:
                baum.setdefault(int(f[1]), []).append(int(eintrag.name))
    return baum


def cpu_baum(pid: int, baum: dict[int, list[int]] | None = None) -> float:
    """CPU seconds of `pid` and all its descendants, living and reaped."""
    baum = baum if baum is not None else _kinder()
    f = _stat(pid)
    if f is None:
        return 0.0
    ticks = sum(int(x) for x in f[11:15])  # utime stime cutime cstime
    return ticks / TICK + sum(cpu_baum(k, baum) for k in baum.get(pid, []))


def cpu_maschine() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, all cores, from /proc/stat."""
    werte = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    leer = werte[3] + werte[4]
    return (sum(werte) - leer) / TICK, sum(werte) / TICK


# -- preparing the run ------------------------------------------------------------------------


def pdf_nachweis(pfad: Path) -> None:
    """A two-page PDF with text, as a scanned-and-OCRed Nachweis would be."""
    import weasyprint

    zeilen = "".join(
        f"<tr><td>KW {w}</td><td>Umbau Frankenstraße 7, Abschnitt {w % 5 + 1}</td></tr>"
        for w in range(1, 80)
    )
    pfad.write_bytes(
        weasyprint.HTML(
            string=f"<h1>Bauzeitenplan</h1><p>Schaubetriebe Stralsund GmbH</p><table>{zeilen}</table>"
        ).write_pdf()
    )


def buerger_sitzungen(anzahl: int) -> list[str]:
    """`anzahl` citizens, each with a fresh session at level "substantiell" (ELSTER), as
    the OIDC callback leaves it; returns the session keys. Not "hoch": its session ends
    after 5 idle minutes, and a citizen of bench.stoerung waits longer than that between
    filling the form and submitting it."""
    from datetime import date
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from rathaus.dev_idp.views import issuer
    from rathaus.konten.niveau import Vertrauensniveau
    from rathaus.konten.services import Identitaet, buerger_login
    from rathaus.konten.sitzung import sitzung_beginnen

    store = import_module(settings.SESSION_ENGINE).SessionStore
    schluessel = []
    for i in range(anzahl):
        b = buerger_login(
            identitaet=Identitaet(
                aussteller=issuer(),
                sub=f"BENCH-{i:05d}-substantiell",
                vorname="Mehmet",
                nachname=f"Yılmaz-{i}",
                geburtsdatum=date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                geburtsort="Stralsund",
                email=f"buerger{i}@example.org",
                strasse="Frankenstraße 7",
                postleitzahl="18439",
                ort="Stralsund",
                land="DE",
            ),
            niveau=Vertrauensniveau.SUBSTANTIELL,
        )
        s = store()
        s[SESSION_KEY] = str(b.user.pk)
        s[BACKEND_SESSION_KEY] = "rathaus.konten.auth.BuergerOIDCBackend"
        s[HASH_SESSION_KEY] = b.user.get_session_auth_hash()
        sitzung_beginnen(s, niveau=Vertrauensniveau.SUBSTANTIELL, jetzt=time.time())
        s.create()
        schluessel.append(str(s.session_key))
    return schluessel


def _cookies(antwort: http.client.HTTPResponse) -> dict[str, str]:
    out = {}
    for kopf in antwort.headers.get_all("Set-Cookie") or []:
        name, _, rest = kopf.partition("=")
        out[name.strip()] = rest.split(";", 1)[0]
    return out


def mitarbeiter_anmelden(port: int, benutzer: str) -> str:
    """Log in through the staff login form (name, password, TOTP code); the session key."""
    from django.conf import settings

    from rathaus.arbeitsplatz.demo import demo_code

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/arbeitsplatz/anmelden/")
    antwort = conn.getresponse()
    seite = antwort.read().decode()
    cookies = _cookies(antwort)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite)
    assert token, "staff login page without CSRF token"
    body = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": benutzer,
            "password": "rathaus-demo",
            "code": demo_code(benutzer),
        }
    )
    conn.request(
        "POST",
        "/arbeitsplatz/anmelden/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    antwort = conn.getresponse()
    antwort.read()
    sitzung = _cookies(antwort).get(settings.SESSION_COOKIE_NAME)
    if antwort.status != 302 or not sitzung:
        raise RuntimeError(f"staff login of {benutzer}: HTTP {antwort.status}")
    return sitzung


def leistungen() -> list[str]:
    """Service pages as visitors reach them: the described demo services often, the demo
    form's service, and a sample of the whole catalogue."""
    from rathaus.katalog.models import Leistung

    beschrieben = list(Leistung.objects.exclude(volltext="").values_list("slug", flat=True))
    gefragt = list(Leistung.objects.order_by("-nachfrage").values_list("slug", flat=True)[:100])
    alle = list(Leistung.objects.order_by("?").values_list("slug", flat=True)[:300])
    from rathaus.formulare.models import Formular

    demo = [f.leistung.slug for f in Formular.objects.select_related("leistung") if f.leistung]
    return beschrieben * 3 + gefragt * 2 + demo * 20 + alle


# -- running Locust ----------------------------------------------------------------------------


@dataclass
class Lauf:
    zeiten: dict[str, list[tuple[float, float]]]
    fehler: dict[str, int]
    http: dict[str, int]
    beginn: float
    sekunden: float
    cpu: dict[str, float]


def locust(
    ordner: Path,
    port: int,
    konfig: dict[str, Any],
    sekunden: int,
    prozesse: dict[str, int],
    name: str,
) -> Lauf:
    pfad_konfig = ordner / f"locust-{name}.json"
    pfad_ergebnis = ordner / f"locust-{name}-ergebnis.json"
    pfad_konfig.write_text(json.dumps(konfig))
    nutzer = konfig["besucher"] + konfig["buerger"] + konfig["mitarbeiter"] + konfig["grundlinie"]
    env = dict(os.environ)
    env.update({"BENCH_LAST_KONFIG": str(pfad_konfig), "BENCH_LAST_ERGEBNIS": str(pfad_ergebnis)})
    baum = _kinder()
    cpu0 = {k: cpu_baum(pid, baum) for k, pid in prozesse.items()}
    m0 = cpu_maschine()
    beginn = time.time()
    with (ordner / f"locust-{name}.log").open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("last_locust.py")),
                "--headless",
                "--users",
                str(nutzer),
                "--spawn-rate",
                str(max(1, nutzer // 5)),
                "--run-time",
                f"{sekunden}s",
                "--stop-timeout",
                "20",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            env=env,
            cwd=dienste.ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        prozesse = {**prozesse, "locust": proc.pid}
        baum_ende: dict[int, list[int]] = {}
        while proc.poll() is None:
            time.sleep(1)
            baum_ende = _kinder()
            cpu_letzt = {k: cpu_baum(pid, baum_ende) for k, pid in prozesse.items()}
            m1 = cpu_maschine()
    if proc.returncode != 0:
        raise RuntimeError(
            f"locust ended with {proc.returncode}, see {ordner / f'locust-{name}.log'}"
        )
    dauer = time.time() - beginn
    cpu = {k: cpu_letzt[k] - cpu0.get(k, 0.0) for k in cpu_letzt}
    cpu["maschine (alle Prozesse)"] = m1[0] - m0[0]
    cpu["maschine (verfügbar)"] = m1[1] - m0[1]
    daten = json.loads(pfad_ergebnis.read_text())
    return Lauf(daten["zeiten"], daten["fehler"], daten["http"], beginn, dauer, cpu)


def konfig_basis(port: int, ordner: Path) -> dict[str, Any]:
    from django.conf import settings

    from bench.search import QUERIES
    from rathaus.formulare.models import Formular

    pdf = ordner / "nachweis.pdf"
    pdf_nachweis(pdf)
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "formular": Formular.objects.get().pk,
        "pdf": str(pdf),
        "suchbegriffe": QUERIES,
        "leistungen": leistungen(),
        "buerger_sitzungen": [],
        "mitarbeiter_sitzungen": [],
        "besucher": 0,
        "buerger": 0,
        "mitarbeiter": 0,
        "grundlinie": 0,
        "rate_pro_nutzer": 1.0,
        "rate_mitarbeiter": 1.0,
        "rate_grundlinie": 1.0,
    }


# -- report ------------------------------------------------------------------------------------


def _zeile(
    art: str, werte: list[float], sekunden: float, fehler: int, bare_p: dict[int, float]
) -> str:
    if not werte:
        return f"  {art:<11} n=0  errors {fehler}"
    p = {q: percentile(werte, q) for q in (50, 95, 99)}
    verhaeltnis = (
        f"  ×bare p50 {p[50] / bare_p[50]:.0f}, p95 {p[95] / bare_p[95]:.0f}" if bare_p else ""
    )
    return (
        f"  {art:<11} n={len(werte):>6} {len(werte) / sekunden:6.1f}/s  p50 {p[50]:7.1f}  "
        f"p95 {p[95]:7.1f}  p99 {p[99]:7.1f} ms  errors {fehler}{verhaeltnis}"
    )


def bericht(mix: Lauf, grundlinie: Lauf, abfluss: float | None, zahlen: dict[str, Any]) -> bool:
    ab = mix.beginn + EINLAUF
    gemessen = max(1.0, mix.sekunden - EINLAUF - 20)  # locust stops within --stop-timeout
    werte = {a: [ms for t, ms in mix.zeiten.get(a, []) if t >= ab] for a in ARTEN}
    fehler_art: Counter[str] = Counter()
    for text, n in mix.fehler.items():
        fehler_art[text.split(":", 1)[0]] += n
    alle = [ms for a in ARTEN if a != "bare" for ms in werte[a]]
    aktionen = len(alle)
    ende = max((t for a in ARTEN for t, _ in mix.zeiten.get(a, [])), default=ab)
    gemessen = max(1.0, ende - ab)
    rps = aktionen / gemessen
    http_gesamt = sum(mix.http.values())
    bare = werte["bare"]
    bare_p = {q: percentile(bare, q) for q in (50, 95, 99)} if bare else {}
    g = [ms for _, ms in grundlinie.zeiten.get("bare", [])]
    print(
        f"load on {os.cpu_count()} CPUs: gunicorn {WORKERS} sync workers, {RQ} RQ worker(s), "
        f"PostgreSQL {zahlen['pg']}, Redis {zahlen['redis']}; {NUTZER} users "
        f"(+{zahlen['mitarbeiter']} staff, +{zahlen['grundlinie']} baseline), target {RPS:.0f} actions/s"
    )
    print(
        f"baseline, bare view alone ({grundlinie.sekunden:.0f} s, {zahlen['grundlinie_nutzer']} users as fast "
        f"as they can): {len(g) / grundlinie.sekunden:.0f} req/s, p50 {percentile(g, 50):.1f} ms, "
        f"p95 {percentile(g, 95):.1f} ms"
    )
    print(
        f"mix: {gemessen:.0f} s counted (after {EINLAUF} s warm-up): {rps:.1f} actions/s "
        f"(bare view not counted), {http_gesamt / mix.sekunden:.1f} HTTP requests/s over the "
        f"whole {mix.sekunden:.0f} s; ratio to the bare view alone: "
        f"{rps / (len(g) / grundlinie.sekunden):.3f} of its throughput"
    )
    anteile = {a: len(werte[a]) / max(1, aktionen) * 100 for a in ARTEN if a != "bare"}
    print("  share of actions: " + ", ".join(f"{a} {v:.1f} %" for a, v in anteile.items()))
    for a in ARTEN:
        print(_zeile(a, werte[a], gemessen, fehler_art[a], bare_p if a != "bare" else {}))
    p95, p99 = percentile(alle, 95), percentile(alle, 99)
    fehler_n = sum(mix.fehler.values())
    print(
        f"  all kinds: p50 {percentile(alle, 50):.1f}  p95 {p95:.1f}  p99 {p99:.1f} ms, errors {fehler_n}"
    )
    for text, n in sorted(mix.fehler.items(), key=lambda x: -x[1])[:15]:
        print(f"    {n:>5} × {text}")
    verfuegbar = mix.cpu.pop("maschine (verfügbar)")
    print(
        "  CPU seconds during the mix: "
        + ", ".join(f"{k} {v:.0f}" for k, v in mix.cpu.items())
        + f" of {verfuegbar:.0f} available"
        + f" (others on the machine: {mix.cpu['maschine (alle Prozesse)'] - sum(v for k, v in mix.cpu.items() if not k.startswith('maschine')):.0f})"
    )
    print(
        f"  Anträge submitted: {zahlen['antraege']}, Verfahren: {zahlen['verfahren']}, emails "
        f"received: {zahlen['mails']}"
    )
    rate = zahlen["abfluss_rate"]
    print(
        f"  outbox: {zahlen['offen_beim_ende']} rows open when the load ended, delivered "
        f"{rate:.2f} rows/s afterwards"
    )
    if abfluss is None:
        rest = zahlen["offen"]
        schaetzung = f", about {rest / rate / 60:.0f} min more at that rate" if rate > 0 else ""
        print(f"  outbox NOT drained {ABFLUSS_MAX} s after the load: {rest} rows open{schaetzung}")
    else:
        print(f"  outbox drained {abfluss:.1f} s after the load ended")
    ok = {
        f"{ZIEL['rps']:.0f} actions/s": rps >= ZIEL["rps"],
        f"p95 < {ZIEL['p95']:.0f} ms": p95 < ZIEL["p95"],
        f"p99 < {ZIEL['p99']:.0f} ms": p99 < ZIEL["p99"],
        "0 errors": fehler_n == 0,
        f"outbox drained < {ZIEL['abfluss']:.0f} s": abfluss is not None
        and abfluss < ZIEL["abfluss"],
        "duration 600 s": DAUER >= 600,
    }
    print("  goal: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in ok.items()))
    print(f"  result: {'PASS' if all(ok.values()) else 'FAIL'}")
    return all(ok.values())


def offene_outbox() -> int:
    from rathaus.core.models import Outbox

    return Outbox.objects.filter(delivered_at__isnull=True, dead_letter_at__isnull=True).count()


def run() -> bool:
    # SIGTERM ends the run like Ctrl-C: the servers of the run are stopped (finally)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    d = dienste.Dienste()
    server = None
    worker: list[subprocess.Popen[bytes]] = []
    try:
        port = dienste.freier_port()
        env = d.env
        env["RATHAUS_BASE_URL"] = f"http://127.0.0.1:{port}"
        assert d.pg is not None and d.redis is not None and d.smtp is not None
        print(
            f"servers in {d.ordner}: PostgreSQL {d.pg.version()} :{d.pg.port}, Redis {d.redis.version()} :{d.redis.port}, SMTP :{d.smtp.port}",
            flush=True,
        )
        t0 = time.perf_counter()
        dienste.vorbereiten(env)
        print(f"migrated and bootstrapped in {time.perf_counter() - t0:.0f} s", flush=True)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connections

        server = dienste.gunicorn(env, port, WORKERS, d.ordner / "gunicorn.log")
        worker = [dienste.worker(env, d.ordner / f"worker-{i}.log") for i in range(RQ)]
        konfig = konfig_basis(port, d.ordner)
        buerger = NUTZER - round(NUTZER * 0.6)
        konfig["buerger_sitzungen"] = buerger_sitzungen(buerger)
        konfig["mitarbeiter_sitzungen"] = [mitarbeiter_anmelden(port, b) for b in MITARBEITER]
        connections.close_all()
        prozesse = {"gunicorn": server.pid, "postgres": d.pg.postmaster_pid()}
        for i, w in enumerate(worker):
            prozesse[f"rq-worker-{i}"] = w.pid

        # 1. the bare view alone, as fast as the same harness can ask for it
        grundlinie_nutzer = 20
        grundlinie = locust(
            d.ordner,
            port,
            {**konfig, "grundlinie": grundlinie_nutzer, "rate_grundlinie": 1000.0},
            GRUNDLINIE_DAUER,
            prozesse,
            "grundlinie",
        )
        # 2. the mix
        rate = RPS / NUTZER
        mitarbeiter = len(MITARBEITER)
        mix_konfig = {
            **konfig,
            "besucher": NUTZER - buerger,
            "buerger": buerger,
            "mitarbeiter": mitarbeiter,
            "grundlinie": 1,
            "rate_pro_nutzer": rate,
            "rate_mitarbeiter": RPS * 0.04 / mitarbeiter,
            "rate_grundlinie": RPS * 0.01,
        }
        print(f"mix for {DAUER} s …", flush=True)
        mix = locust(d.ordner, port, mix_konfig, DAUER, prozesse, "mix")
        lastende = time.perf_counter()
        abfluss: float | None = None
        offen_beim_ende = offene_outbox()
        while time.perf_counter() - lastende < ABFLUSS_MAX:
            if offene_outbox() == 0:
                abfluss = time.perf_counter() - lastende
                break
            time.sleep(1)
        abfluss_rate = (offen_beim_ende - offene_outbox()) / (time.perf_counter() - lastende)
        from rathaus.antraege.models import Antrag
        from rathaus.verfahren.models import Verfahren

        zahlen = {
            "pg": d.pg.version(),
            "redis": d.redis.version(),
            "mitarbeiter": mitarbeiter,
            "grundlinie": 1,
            "grundlinie_nutzer": grundlinie_nutzer,
            "antraege": Antrag.objects.count(),
            "verfahren": Verfahren.objects.count(),
            "mails": d.smtp.gesamt,
            "offen": offene_outbox(),
            "offen_beim_ende": offen_beim_ende,
            "abfluss_rate": abfluss_rate,
        }
        connections.close_all()
        return bericht(mix, grundlinie, abfluss, zahlen)
    finally:
        dienste.beenden(server)
        for w in worker:
            dienste.beenden(w)
        d.stoppen()


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
