"""Filing text PDFs into the E-Akte (no OCR): documents per second, against a baseline of
plain `Dokument.objects.create` of the same number of rows.

Target (E-Akte issue): ≥ 20 documents per second on SQLite and on PostgreSQL.
Run: `uv run python -m bench.akten_filing` (DATABASE_URL selects PostgreSQL).
"""

from __future__ import annotations

import io
import os
import time

N = 200


def _pdfs(n: int) -> list[bytes]:
    """n different two-page text PDFs: one WeasyPrint render, distinct metadata each."""
    import weasyprint
    from pypdf import PdfReader, PdfWriter

    absatz = (
        "<p>Sehr geehrte Frau Musterfrau, hiermit wird die Hundesteuer für das Jahr 2026 "
        "festgesetzt. Gegen diesen Bescheid kann innerhalb eines Monats Widerspruch bei der "
        "Hansestadt Stralsund, Ordnungsamt, erhoben werden.</p>"
    )
    vorlage = weasyprint.HTML(string=f"<h1>Bescheid</h1>{absatz * 40}").write_pdf()
    result = []
    for i in range(n):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(vorlage)))
        writer.add_metadata({"/Title": f"Bescheid Nr. {i}"})
        out = io.BytesIO()
        writer.write(out)
        result.append(out.getvalue())
    return result


def run() -> dict[str, float]:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from rathaus.akten import services
    from rathaus.akten.models import Dokument, Volltext
    from rathaus.organisation.models import Organisationseinheit

    stamp = timezone.now().strftime("%H%M%S%f")
    einheit = Organisationseinheit.objects.create(
        name="Bench-Amt", slug=f"bench-{stamp}", art="amt"
    )
    position = services.aktenplaneinheit_create(
        kennzeichen=f"99.{int(stamp) % 9999}", titel="Benchmark", actor="bench"
    )
    akte = services.akte_create(
        aktenplaneinheit=position, betreff="Benchmark", federfuehrend=einheit, actor="bench"
    )
    vorgang = services.vorgang_open(akte=akte, betreff="Benchmark", actor="bench")
    pdfs = _pdfs(N)
    groesse = sum(map(len, pdfs)) / N / 1024

    start = time.perf_counter()
    for i, inhalt in enumerate(pdfs):
        services.dokument_file(
            vorgang=vorgang,
            art="ausgang",
            betreff=f"Hundesteuerbescheid {i}",
            empfaenger="Erika Musterfrau",
            versionen=[(f"bescheid-{i}.pdf", "application/pdf", inhalt)],
            actor="bench",
        )
    filing = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(N):
        Dokument.objects.create(vorgang=vorgang, art="ausgang", betreff=f"Baseline {i}")
    baseline = time.perf_counter() - start

    extrahiert = Volltext.objects.filter(
        version__dokument__vorgang=vorgang, status=Volltext.Status.EXTRAHIERT
    ).count()
    rate, base_rate = N / filing, N / baseline
    print(
        f"akten filing [{connection.vendor}]: {N} text PDFs ({groesse:.0f} KB each, "
        f"{extrahiert} with extracted text) in {filing:.2f}s = {rate:.1f} documents/s"
    )
    print(f"  baseline (Dokument.objects.create): {base_rate:.1f} rows/s")
    print(
        f"  ratio filing time / baseline time: {baseline and filing / baseline:.1f}x   "
        f"target ≥ 20 documents/s: {'PASS' if rate >= 20 else 'FAIL'}"
    )
    return {"documents_per_s": rate, "baseline_rows_per_s": base_rate}


if __name__ == "__main__":
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        from bench.common import prepared_environment

        os.environ.update(prepared_environment())
    run()
