"""Reading the text of small PDFs in the limited reading process (rathaus.akten.sandbox):
milliseconds per PDF, against a baseline of the same reads in this process.

Three figures for the same 50 one-page PDFs (WeasyPrint, distinct metadata each):
- in this process: PDFium called directly, no isolation (what filing did before issue 10);
- a fork of the reading server per PDF: what filing does now;
- a new interpreter per PDF (`python -c` reading stdin, PDFium loaded in each): what a
  `subprocess` per file would cost, for comparison.
Run: `uv run python -m bench.akten_sandbox` (needs no database).
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import time

N = 50
RUNDEN = 3
# A new interpreter that reads stdin as `sandbox_main` does (PDFium; pypdf only if needed).
SKRIPT = (
    "import json, sys; from rathaus.akten.sandbox_main import pdf_text; "
    "print(json.dumps(pdf_text(sys.stdin.buffer.read(), max_seiten=2000, max_zeichen=10**6)))"
)


def _pdfs(n: int) -> list[bytes]:
    import weasyprint
    from pypdf import PdfReader, PdfWriter

    vorlage = weasyprint.HTML(
        string="<h1>Hundesteuerbescheid</h1><p>Sehr geehrte Frau Musterfrau, hiermit wird die "
        "Hundesteuer für das Jahr 2026 festgesetzt. Gegen diesen Bescheid kann innerhalb eines "
        "Monats Widerspruch erhoben werden.</p>"
    ).write_pdf()
    result = []
    for i in range(n):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(vorlage)))
        writer.add_metadata({"/Title": f"Bescheid Nr. {i}"})
        out = io.BytesIO()
        writer.write(out)
        result.append(out.getvalue())
    return result


def _ms_je_pdf(lesen, pdfs: list[bytes]) -> float:
    """The median over RUNDEN runs of the mean milliseconds per PDF."""
    runden = []
    for _ in range(RUNDEN):
        start = time.perf_counter()
        for pdf in pdfs:
            lesen(pdf)
        runden.append((time.perf_counter() - start) / len(pdfs) * 1000)
    return statistics.median(runden)


def run() -> dict[str, float]:
    import django

    django.setup()
    from rathaus.akten import conf, sandbox, sandbox_main

    auftrag = {"aufgabe": "pdf_text", "max_seiten": 2000, "max_zeichen": conf.max_text_chars()}
    pdfs = _pdfs(N)
    groesse = sum(map(len, pdfs)) / N / 1024

    def im_prozess(pdf: bytes) -> None:
        assert sandbox_main.pdf_text(pdf, max_seiten=2000, max_zeichen=10**6)["zeichen"] > 100

    def gegabelt(pdf: bytes) -> None:
        assert sandbox.lesen(auftrag, daten=pdf, sekunden=30)["zeichen"] > 100

    def neuer_interpreter(pdf: bytes) -> None:
        lauf = subprocess.run(
            [sys.executable, "-P", "-c", SKRIPT], input=pdf, capture_output=True, check=True
        )
        assert json.loads(lauf.stdout)["zeichen"] > 100

    gegabelt(pdfs[0])  # the server is up: its start (once per process) is not measured
    basis = _ms_je_pdf(im_prozess, pdfs)
    gabel = _ms_je_pdf(gegabelt, pdfs)
    neu = _ms_je_pdf(neuer_interpreter, pdfs[:10])
    print(f"akten sandbox: {N} one-page PDFs ({groesse:.0f} KB each), median of {RUNDEN} runs")
    print(f"  baseline, read in this process:       {basis:6.1f} ms/PDF")
    print(f"  fork of the reading server per PDF:   {gabel:6.1f} ms/PDF  ({gabel / basis:.1f}x)")
    print(f"  new interpreter per PDF (10 PDFs):    {neu:6.1f} ms/PDF  ({neu / basis:.1f}x)")
    print(f"  overhead of the isolation: {gabel - basis:.1f} ms per PDF")
    return {"in_process_ms": basis, "fork_ms": gabel, "new_interpreter_ms": neu}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    os.environ.setdefault("RATHAUS_DEV_IDP", "1")
    run()
