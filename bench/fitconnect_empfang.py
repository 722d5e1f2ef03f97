"""Receiving one FIT-Connect submission with a 1 MB attachment on the worker (issue 16):
list the destination's submissions, fetch, decrypt (4096-bit RSA-OAEP-256 + A256GCM),
check (metadata schema, event-log tags, hashes, data against the real FIM schema
S05000001319, Leistung and responsibility), take over as an Antrag (the 1 MB Anlage
stored) and post the signed accept-submission event, against the local FIT-Connect test
server on loopback; p95 per submission, against filing the same 1 MB PDF directly into a
Vorgang of the E-Akte (`dokument_file`) in the same run.

Target (issue 16): p95 < 500 ms.
Run: `uv run python -m bench.fitconnect_empfang` (DATABASE_URL selects PostgreSQL).
"""

from __future__ import annotations

import json
import os
import time

N = 30
MB = 1024 * 1024


def _pdf_1mb() -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string="<h1>Erlaubnis</h1><p>Schaustellung</p>").write_pdf()
    # a comment after %%EOF fills it to 1 MB; readers ignore it
    return pdf + b"\n%" + b"0" * (MB - len(pdf) - 2)


def run() -> dict[str, float]:
    import django

    django.setup()
    from django.conf import settings
    from joserfc.jwk import RSAKey

    from bench.common import percentile, summary
    from rathaus.akten import services as akten
    from rathaus.fitconnect import conf, services
    from rathaus.fitconnect.models import Einreichung
    from rathaus.fitconnect.tests.helfer import welt_anlegen
    from rathaus.fitconnect.testserver import Absender, Anlage, FitConnectTestserver
    from rathaus.organisation.models import Organisationseinheit

    server = FitConnectTestserver(key_bits=4096)
    server.start()
    enc = RSAKey.generate_key(4096, parameters={"kid": "bench-enc-1", "alg": "RSA-OAEP-256"})
    sig = RSAKey.generate_key(4096, parameters={"kid": "bench-sig-1", "alg": "PS512"})
    welt = welt_anlegen()  # in the bootstrapped database: the demo Leistung of the schema
    leika = welt.leistung.leika_schluessel
    dest = server.destination_add(encryption_keys=[enc], signing_keys=[sig], leika=[leika])
    cid, secret = server.client_add(f"subscribe:destination:{dest}")
    settings.RATHAUS_FITCONNECT_DESTINATION_ID = dest
    settings.RATHAUS_FITCONNECT_TOKEN_URL = server.url + "/token"
    settings.RATHAUS_FITCONNECT_SUBMISSION_URL = server.url
    settings.RATHAUS_FITCONNECT_CLIENT_ID = cid
    settings.RATHAUS_FITCONNECT_CLIENT_SECRET = secret
    settings.RATHAUS_FITCONNECT_SCHLUESSEL_DATEIEN = []
    settings.RATHAUS_FITCONNECT_SCHLUESSEL_JSON = json.dumps(
        {"keys": [enc.as_dict(private=True), sig.as_dict(private=True)]}
    )
    settings.RATHAUS_FITCONNECT_MAX_ANLAGE_BYTES = 2 * MB
    conf._schluessel_laden.cache_clear()

    daten = welt.daten()
    pdf = _pdf_1mb()
    absender = Absender(server)

    empfang: list[float] = []
    for _ in range(N + 2):
        gesendet = absender.senden(
            destination_id=dest,
            daten=daten,
            schema_uri=welt.schema_uri,
            leika=leika,
            anlagen=[Anlage(pdf, "erlaubnis.pdf")],
        )
        start = time.perf_counter()
        services.einreichungen_abholen()
        status = services.einreichung_process(submission_id=gesendet.submission_id)
        services.ereignis_send(submission_id=gesendet.submission_id)
        empfang.append((time.perf_counter() - start) * 1000)
        assert status == "angenommen", Einreichung.objects.get(
            submission_id=gesendet.submission_id
        ).probleme
        assert server.submission_status(gesendet.submission_id) == "accepted"
    empfang = empfang[2:]  # warm-up (token, schema and key caches)

    einheit = Organisationseinheit.objects.create(
        name="Bench-Amt FIT", slug=f"bench-fit-{os.getpid()}", art="amt"
    )
    position = akten.aktenplaneinheit_create(
        kennzeichen=f"98.{os.getpid() % 9999}", titel="Benchmark FIT-Connect", actor="bench"
    )
    akte = akten.akte_create(
        aktenplaneinheit=position, betreff="Benchmark", federfuehrend=einheit, actor="bench"
    )
    vorgang = akten.vorgang_open(akte=akte, betreff="Benchmark", actor="bench")
    direkt: list[float] = []
    for i in range(N + 2):
        start = time.perf_counter()
        akten.dokument_file(
            vorgang=vorgang,
            art="eingang",
            betreff=f"Erlaubnis {i}",
            versionen=[("erlaubnis.pdf", "application/pdf", pdf)],
            actor="bench",
        )
        direkt.append((time.perf_counter() - start) * 1000)
    direkt = direkt[2:]
    server.stop()

    p95, p95_direkt = percentile(empfang, 95), percentile(direkt, 95)
    print(f"fitconnect_empfang (1 MB Anlage): {summary(empfang)}")
    print(f"baseline dokument_file (same 1 MB PDF): {summary(direkt)}")
    print(
        f"fitconnect_empfang p95 {p95:.1f} ms, {p95 / p95_direkt:.2f}× filing directly "
        f"(target p95 < 500 ms: {'PASS' if p95 < 500 else 'FAIL'})"
    )
    return {"p95_ms": p95, "p95_direkt_ms": p95_direkt, "verhaeltnis": p95 / p95_direkt}


if __name__ == "__main__":
    from bench.common import prepared_environment

    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        os.environ.update(prepared_environment())
    run()
