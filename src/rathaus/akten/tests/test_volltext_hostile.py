"""Hostile files while filing and in OCR: each read ends within its limits with a recorded
message, the Dokument is filed all the same, and the process that filed it reads the next
file as before (rathaus.akten.sandbox).

The hostile PDFs are built here, a few hundred KB each: a FlateDecode stream that inflates
to 4 GiB, objects nested 100,000 deep, and 2,000 pages that share one content stream of
200,000 drawing operators (PDFium parses it again for each page: minutes of work).
"""

from __future__ import annotations

import io
import os
import signal
import stat
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rathaus.akten import sandbox, services, volltext
from rathaus.akten.models import Volltext

from . import factories as f

pytestmark = pytest.mark.django_db
Status = Volltext.Status
TEXT = b"Widerspruch gegen den Bescheid der Hansestadt Stralsund vom 1. April 2026"
TIEFE = 100_000


def _pdf(objekte: list[bytes]) -> bytes:
    """A PDF of the given objects (1 = catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for nummer, inhalt in enumerate(objekte, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (nummer, inhalt)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objekte) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objekte) + 1,
        xref,
    )
    return bytes(out)


def _stream(daten: bytes, *, flate: bool = False) -> bytes:
    filter_ = b"/Filter /FlateDecode " if flate else b""
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(daten), filter_, daten)


def _seiten(inhalt: bytes, *, seiten: int = 1, seite_extra: bytes = b"") -> bytes:
    """`seiten` pages that all show one content stream (object 4)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(seiten))
    seite = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R " + seite_extra + b">>"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, seiten),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            inhalt,
            *[seite] * seiten,
        ]
    )


def _text_stream(vorher: bytes = b"") -> bytes:
    return _stream(vorher + b"BT /F1 12 Tf 72 720 Td (" + TEXT + b") Tj ET")


def normal_pdf() -> bytes:
    return _seiten(_text_stream())


def bomben_pdf(gib: int = 4) -> bytes:
    """A page whose content stream inflates to `gib` GiB of zero bytes (4 MB compressed).

    Built from one sync-flushed deflate block of 1 MiB of zeros, repeated: every copy only
    refers back to zeros, so the stream is valid and costs no time to make.
    """
    block = b"\0" * 2**20
    packer = zlib.compressobj(9)
    anfang = packer.compress(block) + packer.flush(zlib.Z_SYNC_FLUSH)
    wiederholung = packer.compress(block) + packer.flush(zlib.Z_SYNC_FLUSH)
    ende = packer.flush(zlib.Z_FINISH)[:-4]  # without the Adler-32 of three blocks
    bloecke = gib * 1024
    adler = ((bloecke * 2**20) % 65521) << 16 | 1  # Adler-32 of n zero bytes
    daten = anfang + wiederholung * (bloecke - 1) + ende + adler.to_bytes(4, "big")
    assert zlib.decompressobj().decompress(daten[:100_000], 2**20) == block  # a real stream
    return _seiten(_stream(daten, flate=True))


def langsames_pdf() -> bytes:
    """2,000 pages sharing one stream of 200,000 rectangles (13 KB compressed)."""
    inhalt = zlib.compress(b"0 0 1 1 re f\n" * 200_000, 9)
    return _seiten(_stream(inhalt, flate=True), seiten=2000)


VERSCHACHTELT = {
    "array im Seitenobjekt": {"seite_extra": b"/Tief " + b"[" * TIEFE + b"]" * TIEFE + b" "},
    "dictionary im Seitenobjekt": {
        "seite_extra": b"/Tief " + b"<</A " * TIEFE + b"1" + b">>" * TIEFE + b" "
    },
    "array im Inhalt": {"vorher": b"[" * TIEFE + b"]" * TIEFE + b" pop\n"},
    "dictionary im Inhalt": {"vorher": b"<</A " * TIEFE + b"1" + b">>" * TIEFE + b" pop\n"},
}


def verschachteltes_pdf(*, seite_extra: bytes = b"", vorher: bytes = b"") -> bytes:
    return _seiten(_text_stream(vorher), seite_extra=seite_extra)


def ohne_root(pdf: bytes) -> bytes:
    """The trailer loses /Root: PDFium refuses the file, pypdf searches for the catalog."""
    return pdf.replace(b"/Root", b"/Rooo")


def _ablegen(inhalt: bytes) -> Volltext:
    dokument = services.dokument_file(
        vorgang=f.vorgang(),
        art="eingang",
        betreff="Widerspruch",
        versionen=[("widerspruch.pdf", "application/pdf", inhalt)],
        actor=f.ACTOR,
    )
    return dokument.versionen.get().volltext


def _normal_geht_noch() -> None:
    volltext_ = _ablegen(normal_pdf())
    assert volltext_.status == Status.EXTRAHIERT, volltext_.meldung
    assert "Hansestadt Stralsund" in volltext_.text


@pytest.fixture
def grenzen(settings):
    """Short limits; the reading server is up, so its start is not part of the time."""
    settings.RATHAUS_PDF_ZEIT_SEKUNDEN = 2
    settings.RATHAUS_PDF_SPEICHER_MB = 256
    _normal_geht_noch()
    return settings


def test_decompression_bomb_ends_at_the_memory_limit(grenzen):
    grenzen.RATHAUS_PDF_ZEIT_SEKUNDEN = 10  # the memory limit must end it, long before
    inhalt = bomben_pdf()
    beginn = time.monotonic()
    volltext_ = _ablegen(inhalt)
    dauer = time.monotonic() - beginn
    assert volltext_.status == Status.FEHLER
    assert volltext_.meldung == (
        "Das Lesen der Datei brach ab (SIGABRT): Die Datei ist beschädigt oder brauchte mehr "
        "als 256 MB Speicher."
    )
    assert volltext_.text == ""
    assert volltext_.version.groesse == len(inhalt)  # filed all the same
    assert dauer < 10
    _normal_geht_noch()


def test_a_file_too_large_for_the_memory_limit_is_refused_by_it(grenzen):
    # 150 MB do not fit twice (received, joined) beside the reader into 256 MB: Python's
    # MemoryError in the child, not a crash.
    auszug = _auszug(normal_pdf() + b"\0" * (150 * 2**20))
    assert auszug.status == Status.FEHLER
    assert auszug.meldung == (
        "Das Lesen der Datei brauchte mehr als 256 MB Speicher und wurde abgebrochen."
    )
    _normal_geht_noch()


def test_a_pdf_that_takes_minutes_ends_at_the_time_limit(grenzen):
    beginn = time.monotonic()
    volltext_ = _ablegen(langsames_pdf())
    dauer = time.monotonic() - beginn
    assert volltext_.status == Status.FEHLER
    assert volltext_.meldung == (
        "Das Lesen der Datei dauerte länger als 2 Sekunden und wurde abgebrochen."
    )
    assert 2 <= dauer < 2 + 3
    _normal_geht_noch()


@pytest.mark.parametrize("wo", VERSCHACHTELT)
def test_deep_nesting_is_read_by_pdfium(grenzen, wo):
    # PDFium stops at a nesting depth of 64 and reads the rest of the page.
    volltext_ = _ablegen(verschachteltes_pdf(**VERSCHACHTELT[wo]))
    assert volltext_.status == Status.EXTRAHIERT and volltext_.methode == "pdfium"
    assert volltext_.text == TEXT.decode()


@pytest.mark.parametrize("wo", VERSCHACHTELT)
def test_deep_nesting_read_by_pypdf_ends_with_text_or_a_message(grenzen, wo):
    # pypdf parses recursively: it gives up (PdfReadError, RecursionError) or reads on.
    grenzen.RATHAUS_PDF_ZEIT_SEKUNDEN = 10  # ~1 s of work; not a test of the time limit
    volltext_ = _ablegen(ohne_root(verschachteltes_pdf(**VERSCHACHTELT[wo])))
    if volltext_.status == Status.FEHLER:
        assert volltext_.meldung.startswith("Die Datei konnte nicht gelesen werden ("), (
            volltext_.meldung
        )
        assert "Error" in volltext_.meldung
    else:
        assert volltext_.status == Status.EXTRAHIERT and volltext_.methode == "pypdf"
        assert volltext_.text == TEXT.decode()
    _normal_geht_noch()


def _auszug(inhalt: bytes) -> volltext.Auszug:
    return volltext.text_extract(mediatyp="application/pdf", datei=io.BytesIO(inhalt))


def test_reads_in_parallel_threads_do_not_wait_for_a_slow_one(grenzen):
    # gunicorn's gthread workers file from several threads at once.
    with ThreadPoolExecutor(max_workers=4) as pool:
        langsam = pool.submit(_auszug, langsames_pdf())
        time.sleep(0.2)
        beginn = time.monotonic()
        normale = list(pool.map(_auszug, [normal_pdf()] * 6))
        dauer_normale = time.monotonic() - beginn
        assert langsam.result().status == Status.FEHLER
    assert [a.status for a in normale] == [Status.EXTRAHIERT] * 6
    assert dauer_normale < 2  # done while the slow one still ran


def test_a_dead_server_is_replaced(grenzen):
    prozess = sandbox._SERVER._prozess
    assert prozess is not None and prozess.poll() is None
    os.kill(prozess.pid, signal.SIGKILL)
    prozess.wait()
    assert _auszug(normal_pdf()).status == Status.EXTRAHIERT
    assert sandbox._SERVER._prozess is not prozess


def test_a_forked_process_starts_its_own_server(grenzen):
    # rq runs each task in a fork of its worker; gunicorn forks its workers.
    lesen, schreiben = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.close(lesen)
            auszug = _auszug(normal_pdf())
            os.write(schreiben, f"{auszug.status}|{auszug.text}".encode())
            code = 0
        finally:
            os._exit(code)
    os.close(schreiben)
    with os.fdopen(lesen, "rb") as quelle:
        antwort = quelle.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert antwort == f"{Status.EXTRAHIERT}|{TEXT.decode()}"
    assert _auszug(normal_pdf()).status == Status.EXTRAHIERT  # ours still serves us


# A stand-in for Tesseract (not installed on every machine) that hangs: it notes its process
# id beside itself and sleeps. The parent must end it together with the child that ran it.
HAENGENDES_TESSERACT = """#!/bin/sh
if [ "$1" = "--list-langs" ]; then
  echo "List of available languages in \\"/usr/share/tesseract-ocr/5/tessdata/\\" (1):"
  echo deu
  exit 0
fi
echo $$ > "$(dirname "$0")/pid"
exec sleep 600
"""


def _beendet(pid: int) -> bool:
    try:
        zustand = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return zustand in ("Z", "X")  # a zombie waiting for init to reap it has ended


@pytest.fixture
def haengendes_tesseract(tmp_path, monkeypatch):
    programm = tmp_path / "tesseract"
    programm.write_text(HAENGENDES_TESSERACT)
    programm.chmod(programm.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    volltext._tesseract_languages.cache_clear()
    yield tmp_path / "pid"
    volltext._tesseract_languages.cache_clear()


def test_ocr_that_hangs_is_killed_with_the_program_it_started(
    settings, django_capture_on_commit_callbacks, haengendes_tesseract
):
    settings.RATHAUS_OCR_ZEIT_SEKUNDEN = 1
    with django_capture_on_commit_callbacks(execute=False):
        dokument = services.dokument_file(
            vorgang=f.vorgang(),
            art="eingang",
            betreff="Scan",
            versionen=[("scan.png", "image/png", f.png("Hansestadt Stralsund"))],
            actor=f.ACTOR,
        )
    version = dokument.versionen.get()
    assert version.volltext.status == Status.OCR_AUSSTEHEND
    beginn = time.monotonic()
    assert services.volltext_ocr_run(version_id=version.pk) == Status.FEHLER
    assert time.monotonic() - beginn < 1 + 3
    version.volltext.refresh_from_db()
    assert version.volltext.meldung == (
        "Das Lesen der Datei dauerte länger als 1 Sekunde und wurde abgebrochen."
    )
    pid = int(haengendes_tesseract.read_text())
    ende = time.monotonic() + 5
    while not _beendet(pid) and time.monotonic() < ende:
        time.sleep(0.05)
    assert _beendet(pid), f"Tesseract stand-in {pid} still runs"
