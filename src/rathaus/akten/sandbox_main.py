"""The reading process of `rathaus.akten.sandbox`: a small server that forks one limited
child per untrusted file.

    python -P -m rathaus.akten.sandbox_main FD

FD is this server's end of a Unix socket to the process that started it. The server sends
one byte when it is ready; that process then sends one byte with the descriptor of a fresh
socket pair's end per file (SCM_RIGHTS). The server forks a child for it and later sends
the child's exit status on the same socket pair.
When the starting process ends (end of file on FD), the server ends too.

The child first becomes the leader of its own process group (so that the parent can kill
it together with whatever it starts: Tesseract, Ghostscript) and sends its process id; it
reads the Auftrag, limits itself (address space, CPU seconds, no core file, which would
hold the content), reads the content, and sends one JSON object: the result, or
``{"fehler": ...}``. PDFium ends its whole process when an allocation fails (SIGABRT):
that is why it never runs in a web or worker process.

The server imports PDFium and pypdf once; each fork starts with them loaded (a new
interpreter per file would spend ~150 ms loading PDFium alone). It imports nothing of
Django or of the rest of the project: no settings, database or secret are needed, and
nothing of the asking process (threads, locks, connections) reaches the child.
Frames on every socket: one tag byte, the payload length (8 bytes), the payload.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import traceback
import warnings
from pathlib import Path
from typing import Any, NoReturn

MIB = 1024 * 1024
_LAENGE = struct.Struct("!Q")
PID, AUFTRAG, DATEN, ERGEBNIS, STATUS = b"P", b"A", b"D", b"R", b"S"
BEREIT = b"B"  # the server's one byte on its socket once PDFium and pypdf are loaded


# --- Frames ------------------------------------------------------------------------------


def senden(verbindung: socket.socket, tag: bytes, inhalt: bytes) -> None:
    kopf = tag + _LAENGE.pack(len(inhalt))
    if len(inhalt) < 65536:
        verbindung.sendall(kopf + inhalt)
    else:
        verbindung.sendall(kopf)
        verbindung.sendall(inhalt)


def _genau(verbindung: socket.socket, anzahl: int) -> bytes:
    teile, fehlt = [], anzahl
    while fehlt:
        teil = verbindung.recv(min(fehlt, MIB))
        if not teil:
            raise EOFError
        teile.append(teil)
        fehlt -= len(teil)
    return b"".join(teile)


def empfangen(verbindung: socket.socket) -> tuple[bytes, bytes]:
    """The next frame as (tag, payload); EOFError at the end of the stream."""
    kopf = _genau(verbindung, 1 + _LAENGE.size)
    (laenge,) = _LAENGE.unpack(kopf[1:])
    return kopf[:1], _genau(verbindung, laenge)


# --- Reading, in the child ---------------------------------------------------------------


def _setzen(art: int, weich: int, hart: int) -> None:
    _, bisher = resource.getrlimit(art)
    if bisher != resource.RLIM_INFINITY:
        weich, hart = min(weich, bisher), min(hart, bisher)
    resource.setrlimit(art, (weich, hart))


def begrenzen(*, speicher_mb: int, cpu_sekunden: int) -> None:
    """Limits of this process and, inherited, of every program it starts."""
    _setzen(resource.RLIMIT_AS, speicher_mb * MIB, speicher_mb * MIB)
    # The parent's wall-time limit ends the process first; the CPU limit ends it even when
    # the parent died meanwhile (SIGXCPU, SIGKILL a second later).
    _setzen(resource.RLIMIT_CPU, cpu_sekunden, cpu_sekunden + 1)
    _setzen(resource.RLIMIT_CORE, 0, 0)


def _pdfium_seiten(daten: bytes, max_seiten: int) -> list[str]:
    import pypdfium2

    dokument = pypdfium2.PdfDocument(daten)
    try:
        seiten = []
        for index in range(min(len(dokument), max_seiten)):
            seite = dokument[index]
            textseite = seite.get_textpage()
            seiten.append(textseite.get_text_bounded())
            textseite.close()
            seite.close()
        return seiten
    finally:
        dokument.close()


def _pypdf_seiten(daten: bytes, max_seiten: int) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(daten))
    return [
        seite.extract_text() or "" for index, seite in enumerate(reader.pages) if index < max_seiten
    ]


def pdf_text(daten: bytes, *, max_seiten: int, max_zeichen: int) -> dict[str, Any]:
    """The text layer of a PDF: PDFium, pypdf where PDFium refuses the file."""
    # PDFium (pypdfium2, which OCRmyPDF brings along) reads WeasyPrint's glyph-by-glyph
    # text about 40 times faster than pypdf; pypdf repairs some files PDFium refuses.
    try:
        seiten, methode = _pdfium_seiten(daten, max_seiten), "pdfium"
    except MemoryError:
        raise
    except Exception:
        seiten, methode = _pypdf_seiten(daten, max_seiten), "pypdf"
    text = "\n".join(seiten).strip()
    zeichen = sum(1 for ch in text if not ch.isspace())
    return {
        "methode": methode,
        "seiten": len(seiten),
        "zeichen": zeichen,
        "text": text[:max_zeichen],
    }


def ocr(pfad: str, *, tesseract: str, bild: bool, sprache: str, max_zeichen: int) -> dict[str, Any]:
    """Recognised text of an image (Tesseract) or of a scanned PDF (OCRmyPDF)."""
    if bild:
        lauf = subprocess.run(  # noqa: S603 - the parent's Tesseract and its own temp file
            [tesseract, pfad, "stdout", "-l", sprache], capture_output=True, check=True
        )
        return {"methode": "tesseract", "text": lauf.stdout.decode()[:max_zeichen]}
    import ocrmypdf

    with tempfile.TemporaryDirectory(prefix="akten-ocr-") as tmp:
        sidecar = Path(tmp) / "text.txt"
        ocrmypdf.ocr(
            pfad,
            Path(tmp) / "out.pdf",
            language=sprache,
            sidecar=sidecar,
            force_ocr=True,  # the result is only read, never kept
            output_type="pdf",
            optimize=0,
            progress_bar=False,
            jobs=1,
            use_threads=True,  # no pool of processes outside this one's process group
        )
        text = sidecar.read_text(encoding="utf-8", errors="replace")
    return {"methode": "ocrmypdf", "text": text[:max_zeichen]}


def ausfuehren(auftrag: dict[str, Any], daten: bytes) -> dict[str, Any]:
    """Run one Auftrag; a failure becomes ``{"fehler": ...}`` (never raises)."""
    try:
        if auftrag["aufgabe"] == "pdf_text":
            return pdf_text(
                daten, max_seiten=auftrag["max_seiten"], max_zeichen=auftrag["max_zeichen"]
            )
        if auftrag["aufgabe"] == "ocr":
            return ocr(
                auftrag["pfad"],
                tesseract=auftrag["tesseract"],
                bild=auftrag["bild"],
                sprache=auftrag["sprache"],
                max_zeichen=auftrag["max_zeichen"],
            )
        return {"fehler": "lesen", "detail": f"unbekannte Aufgabe {auftrag['aufgabe']!r}"}
    except MemoryError:
        return {"fehler": "speicher"}
    except Exception as error:
        return {"fehler": "lesen", "detail": f"{type(error).__name__}: {error}"[:500]}


def kind(verbindung: socket.socket) -> NoReturn:
    """A forked child: isolate, report the id, take the Auftrag, limit, read, answer."""
    code = 0
    try:
        os.setsid()
        senden(verbindung, PID, str(os.getpid()).encode())
        _, kopf = empfangen(verbindung)
        auftrag = json.loads(kopf)
        begrenzen(speicher_mb=auftrag["speicher_mb"], cpu_sekunden=auftrag["cpu_sekunden"])
        logging.disable(logging.CRITICAL)  # pypdf logs every object it repairs
        warnings.simplefilter("ignore")
        try:
            _, daten = empfangen(verbindung)
            ergebnis = ausfuehren(auftrag, daten)
            del daten
            antwort = json.dumps(ergebnis, ensure_ascii=False).encode()
        except MemoryError:
            antwort = b'{"fehler": "speicher"}'
        senden(verbindung, ERGEBNIS, antwort)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


# --- The server --------------------------------------------------------------------------


def _ernten(offen: dict[int, socket.socket]) -> None:
    """Reap ended children; tell each one's asker how it ended (raw wait status)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        verbindung = offen.pop(pid, None)
        if verbindung is not None:
            # Never blocks: sent only matters when no result filled the buffer. OSError: the
            # asker has its result, or gave up at its time limit, and closed its end.
            verbindung.setblocking(False)
            with contextlib.suppress(OSError):
                senden(verbindung, STATUS, str(status).encode())
            verbindung.close()


def server(steuerung: socket.socket) -> None:
    """Fork a child per descriptor received; end when the asking process closes its end."""
    import pypdf  # noqa: F401 - loaded once here, inherited by every child
    import pypdfium2  # noqa: F401

    steuerung.sendall(BEREIT)

    weck_lesen, weck_schreiben = os.pipe()
    os.set_blocking(weck_lesen, False)
    os.set_blocking(weck_schreiben, False)
    signal.set_wakeup_fd(weck_schreiben)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector through the pipe
    auswahl = selectors.DefaultSelector()
    auswahl.register(steuerung, selectors.EVENT_READ)
    auswahl.register(weck_lesen, selectors.EVENT_READ)
    offen: dict[int, socket.socket] = {}
    while True:
        for schluessel, _ in auswahl.select():
            if schluessel.fileobj is not steuerung:
                while True:
                    try:
                        if not os.read(weck_lesen, 512):
                            break
                    except BlockingIOError:
                        break
                continue
            nachricht, fds, _, _ = socket.recv_fds(steuerung, 1, 1)
            if not nachricht:
                return  # the asking process ended; running children finish on their own
            if not fds:
                continue
            verbindung = socket.socket(fileno=fds[0])
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                auswahl.close()
                steuerung.close()
                os.close(weck_lesen)
                os.close(weck_schreiben)
                for andere in offen.values():
                    andere.close()
                kind(verbindung)
            offen[pid] = verbindung
        _ernten(offen)


if __name__ == "__main__":
    server(socket.socket(fileno=int(sys.argv[1])))
