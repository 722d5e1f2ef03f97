"""Paying a fee (issue 13): creating a payment and handling the return from the provider,
through the whole Django stack (middleware, session, templates), against the development
provider speaking XBezahldienste over real HTTP on loopback (a threaded WSGI server in
this process), p95 per request with the provider's own time subtracted (each HTTP call to
it is timed), against a bare view measured in the same run.

Per payment: `zahlung_create` (fee rule, Kassenzeichen, Protokoll), POST of the pay page
(`zahlung_start`: attempt, Protokoll, POST to the provider), the provider's pay button
(not timed), GET of the return page (`zahlung_return`: GET to the provider, booking under
the row lock, Protokoll, outbox), and a reload of the return page (no provider call).

Target (issue 13): create + return p95 < 150 ms excluding the provider's time.
Run: `uv run python -m bench.zahlung` (DATABASE_URL selects PostgreSQL).
"""

from __future__ import annotations

import os
import re
import threading
import time

N = 100


def _provider_server() -> tuple[str, object]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Leise(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Leise, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def run() -> dict[str, float]:
    import django

    django.setup()
    import requests
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from bench.common import percentile, summary
    from rathaus.katalog.models import Leistung
    from rathaus.zahlungen.models import Gebuehrenregel
    from rathaus.zahlungen.plugins import xbezahldienste
    from rathaus.zahlungen.services import zahlung_create

    basis, server = _provider_server()
    settings.RATHAUS_BASE_URL = basis
    settings.RATHAUS_DEV_ZAHLUNG = True
    settings.RATHAUS_XBEZAHLDIENSTE_URL = ""
    settings.RATHAUS_XBEZAHLDIENSTE_AUTH = "basic"
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["xbezahldienste", "girocode"]

    # The provider's share: every HTTP call of the plugin, timed where it is made.
    anbieterzeit = [0.0, 0.0]  # wall, CPU of this thread
    aufruf = xbezahldienste._aufruf

    def gemessen(*args: object, **kw: object) -> bytes:
        t, c = time.perf_counter(), time.thread_time()
        try:
            return aufruf(*args, **kw)  # type: ignore[arg-type]
        finally:
            anbieterzeit[0] += time.perf_counter() - t
            anbieterzeit[1] += time.thread_time() - c

    xbezahldienste._aufruf = gemessen  # type: ignore[assignment]

    stamp = timezone.now().strftime("%H%M%S%f")
    leistung = Leistung.objects.create(
        name="Geburtsurkunde (Bench)", slug=f"bench-urk-{stamp}", quelle=f"bench-{stamp}"
    )
    Gebuehrenregel.objects.create(
        leistung=leistung,
        bezeichnung="Personenstandsurkunde",
        art=Gebuehrenregel.Art.STUECK,
        betrag_cent=1500,
        betrag_weitere_cent=750,
        mengenfeld="anzahl",
        rechtsgrundlage="KostVO PStG M-V",
    )
    buerger = User.objects.create_user(f"bench-zahler-{stamp}")
    client = Client()
    client.force_login(buerger)
    pay = requests.Session()

    def ms(t: float, abzug: float = 0.0) -> float:
        return (time.perf_counter() - t - abzug) * 1000

    def cpu(c: float, abzug: float = 0.0) -> float:
        """CPU time of this thread (the request; the provider's threads are not in it)."""
        return (time.thread_time() - c - abzug) * 1000

    anlegen, starten, zurueck, neu_laden, bare, anbieter_ms = [], [], [], [], [], []
    cpu_anlegen, cpu_starten, cpu_zurueck = [], [], []
    for i in range(N + 5):  # the first 5 warm up
        t, c = time.perf_counter(), time.thread_time()
        zahlung = zahlung_create(
            leistung=leistung,
            subjekt=f"bench:{stamp}-{i}",
            antworten={"anzahl": 1 + i % 3},
            actor=buerger,
            konto=buerger,
        )
        assert zahlung is not None
        a, a_cpu = ms(t), cpu(c)

        anbieterzeit[:] = [0.0, 0.0]
        t, c = time.perf_counter(), time.thread_time()
        antwort = client.post(
            f"/zahlungen/{zahlung.oeffentliche_id}/",
            {"zahlungsart": "xbezahldienste", "betrag_cent": str(zahlung.betrag_cent)},
        )
        s, s_anbieter = ms(t, anbieterzeit[0]), anbieterzeit[0] * 1000
        s_cpu = cpu(c, anbieterzeit[1])
        assert antwort.status_code == 302, antwort.content[:300]

        seite = pay.get(antwort["Location"], timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite.text)
        assert token is not None
        pay.post(
            antwort["Location"],
            data={"csrfmiddlewaretoken": token.group(1), "aktion": "bezahlen"},
            headers={"Referer": antwort["Location"]},
            allow_redirects=False,
            timeout=10,
        )

        anbieterzeit[:] = [0.0, 0.0]
        t, c = time.perf_counter(), time.thread_time()
        rueckkehr = client.get(f"/zahlungen/{zahlung.oeffentliche_id}/zurueck/?transactionId=x")
        z, z_anbieter = ms(t, anbieterzeit[0]), anbieterzeit[0] * 1000
        z_cpu = cpu(c, anbieterzeit[1])
        assert rueckkehr.status_code == 200 and "bestätigt" in rueckkehr.content.decode()

        t = time.perf_counter()
        client.get(f"/zahlungen/{zahlung.oeffentliche_id}/zurueck/")
        r = ms(t)

        t = time.perf_counter()
        client.get("/__bench__/bare")
        b = ms(t)
        if i >= 5:
            anlegen.append(a)
            starten.append(s)
            zurueck.append(z)
            neu_laden.append(r)
            bare.append(b)
            anbieter_ms.append(s_anbieter + z_anbieter)
            cpu_anlegen.append(a_cpu)
            cpu_starten.append(s_cpu)
            cpu_zurueck.append(z_cpu)

    server.shutdown()  # type: ignore[attr-defined]
    xbezahldienste._aufruf = aufruf  # type: ignore[assignment]
    from django.db import connection

    gesamt = [a + s + z for a, s, z in zip(anlegen, starten, zurueck, strict=True)]
    p95_bare = percentile(bare, 95)
    print(f"zahlung ({connection.vendor}, N={N}, provider on {basis}):")
    print(f"  zahlung_create (service):                   {summary(anlegen)}")
    print(f"  pay page POST → provider (excl. provider):  {summary(starten)}")
    print(f"  return page (excl. provider):               {summary(zurueck)}")
    print(f"  reload of the return page (no provider):    {summary(neu_laden)}")
    print(f"  create + start + return per payment:        {summary(gesamt)}")
    print(f"  provider's own time per payment (2 calls):  {summary(anbieter_ms)}")
    print(f"  baseline bare view:                         {summary(bare)}")
    # CPU time of the request's thread: not inflated when other processes compete for the
    # CPU (on PostgreSQL the database server's share is not in it).
    print(f"  CPU create (service + pay page POST):       {summary([a + b for a, b in zip(cpu_anlegen, cpu_starten, strict=True)])}")  # fmt: skip
    print(f"  CPU return page:                            {summary(cpu_zurueck)}")
    print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ziel = max(percentile(anlegen, 95) + percentile(starten, 95), percentile(zurueck, 95))
    print(
        f"  ratio p95 return / bare: {percentile(zurueck, 95) / p95_bare:.1f}x, "
        f"create+start / bare: {(percentile(anlegen, 95) + percentile(starten, 95)) / p95_bare:.1f}x"
        f"   target create and return p95 < 150 ms each: {'PASS' if ziel < 150 else 'FAIL'}"
    )
    return {
        "create_p95_ms": percentile(anlegen, 95) + percentile(starten, 95),
        "return_p95_ms": percentile(zurueck, 95),
        "bare_p95_ms": p95_bare,
    }


if __name__ == "__main__":
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        from bench.common import prepared_environment

        os.environ.update(prepared_environment())
    run()
