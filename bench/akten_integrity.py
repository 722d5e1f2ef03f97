"""`rathaus verify_integrity` throughput: MB/s re-hashing stored Versionen, against a
baseline of plain `hashlib.sha256` over the same files read with open() in the same run.

Target (E-Akte issue): ≥ 50 MB/s from local storage.
Run: `uv run python -m bench.akten_integrity` (DATABASE_URL selects PostgreSQL).
"""

from __future__ import annotations

import hashlib
import io
import os
import time

FILES = 48
SIZE = 4 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"


def run() -> dict[str, float]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from rathaus.akten import services
    from rathaus.akten.integrity import integrity_verify
    from rathaus.akten.models import Blob
    from rathaus.organisation.models import Organisationseinheit

    # Scans without OCR: the bench measures hashing, not Tesseract.
    settings.RATHAUS_AKTEN_OCR_LANGUAGE = "keine"
    stamp = timezone.now().strftime("%H%M%S%f")
    einheit = Organisationseinheit.objects.create(
        name="Bench-Amt", slug=f"bench-i-{stamp}", art="amt"
    )
    position = services.aktenplaneinheit_create(
        kennzeichen=f"98.{int(stamp) % 9999}", titel="Benchmark", actor="bench"
    )
    akte = services.akte_create(
        aktenplaneinheit=position, betreff="Benchmark", federfuehrend=einheit, actor="bench"
    )
    vorgang = services.vorgang_open(akte=akte, betreff="Benchmark", actor="bench")
    dokument = services.dokument_file(
        vorgang=vorgang,
        art="eingang",
        betreff="Scans",
        versionen=[("scan-0.png", "image/png", io.BytesIO(PNG + os.urandom(SIZE)))],
        actor="bench",
    )
    for i in range(1, FILES):
        services.version_add(
            dokument=dokument,
            dateiname=f"scan-{i}.png",
            mediatyp="image/png",
            inhalt=io.BytesIO(PNG + os.urandom(SIZE)),
            actor="bench",
        )
    # Only this run's content: on PostgreSQL the database outlives earlier runs' data dirs.
    eigene = Blob.objects.filter(versionen__dokument=dokument).distinct()
    names = list(eigene.values_list("speichername", flat=True))
    sha256s = list(eigene.values_list("sha256", flat=True))

    start = time.perf_counter()
    total = 0
    for name in names:
        digest = hashlib.sha256()
        with open(default_storage.path(name), "rb") as datei:
            while chunk := datei.read(1024 * 1024):
                digest.update(chunk)
                total += len(chunk)
    baseline = total / 1_000_000 / (time.perf_counter() - start)

    einzeln = integrity_verify(workers=1, sha256s=sha256s)
    parallel = integrity_verify(workers=4, sha256s=sha256s)
    assert not einzeln.befunde and not parallel.befunde
    print(
        f"akten verify_integrity [{connection.vendor}]: {parallel.blobs} blobs, "
        f"{parallel.bytes / 1_000_000:.0f} MB: {parallel.mb_je_sekunde:.0f} MB/s (4 workers), "
        f"{einzeln.mb_je_sekunde:.0f} MB/s (1 worker)"
    )
    print(f"  baseline (hashlib.sha256 over open()): {baseline:.0f} MB/s")
    print(
        f"  ratio verify / baseline: {parallel.mb_je_sekunde / baseline:.2f}x (4 workers), "
        f"{einzeln.mb_je_sekunde / baseline:.2f}x (1 worker)   target ≥ 50 MB/s: "
        f"{'PASS' if min(parallel.mb_je_sekunde, einzeln.mb_je_sekunde) >= 50 else 'FAIL'}"
    )
    if Blob.objects.count() == len(sha256s):  # a fresh database: show the command itself
        out = io.StringIO()
        call_command("verify_integrity", stdout=out)
        print("  rathaus verify_integrity:", out.getvalue().strip().replace("\n", " | "))
    return {"mb_per_s": parallel.mb_je_sekunde, "baseline_mb_per_s": baseline}


if __name__ == "__main__":
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        from bench.common import prepared_environment

        os.environ.update(prepared_environment())
    run()
