"""Reading untrusted files in a process of their own, with a wall-time and a memory limit.

A PDF sent by anyone (an Anlage of an Antrag, a scan in the Posteingang) can be built to
make a reader work for hours, inflate a stream to gigabytes or nest objects a hundred
thousand deep, and PDFium ends its whole process when an allocation fails. So every read
of such a file (text layer, OCR) runs in a child process that limits its own address space
(RLIMIT_AS: RATHAUS_PDF_SPEICHER_MB) and CPU time; this side waits at most
RATHAUS_PDF_ZEIT_SEKUNDEN (RATHAUS_OCR_ZEIT_SEKUNDEN for OCR), then kills the child's
process group. A failed read raises `Lesefehler` with a message for people; the web or
worker process that asked lives on and reads the next file as before.

The children come from a small server (`sandbox_main`), one per asking process, started
with `subprocess` at its first read (PDFium and pypdf already loaded): it forks a fresh,
single-threaded child per file. A new interpreter per file costs ~150 ms, mostly for
loading PDFium; a fork costs a few. Unlike a fork of the asking process, nothing of it
(threads, locks, database connections) reaches the child; unlike multiprocessing's spawn
and forkserver, the child never imports the asker's main module (gunicorn's, pytest's)
and needs nothing picklable. It works the same under gunicorn (sync and gthread), the task
workers and pytest with or without xdist: each process has its own server (a process
forked after its server started gets a new one), reads from several threads run in
parallel, and the server ends when its process does.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf
from .sandbox_main import AUFTRAG, BEREIT, DATEN, ERGEBNIS, PID, STATUS, empfangen, senden

logger = logging.getLogger(__name__)
START_SEKUNDEN = 120.0  # for the reading server to load PDFium and pypdf


class Lesefehler(Exception):
    """The child gave no result; the message says why, in the site's language."""


def _sprache() -> Any:
    # Stored in Volltext.meldung and read later by anyone: the site's language, not the asker's.
    return translation.override(settings.LANGUAGE_CODE)


def _zahl(wert: float) -> str:
    return formats.localize(int(wert) if float(wert).is_integer() else wert)


def _zu_lange(sekunden: float) -> Lesefehler:
    anzahl = int(sekunden) if float(sekunden).is_integer() else 2  # 1,5 Sekunden: plural
    with _sprache():
        return Lesefehler(
            ngettext(
                "Das Lesen der Datei dauerte länger als %(sekunden)s Sekunde und wurde "
                "abgebrochen.",
                "Das Lesen der Datei dauerte länger als %(sekunden)s Sekunden und wurde "
                "abgebrochen.",
                anzahl,
            )
            % {"sekunden": _zahl(sekunden)}
        )


def _zu_gross(speicher_mb: int) -> Lesefehler:
    with _sprache():
        return Lesefehler(
            _("Das Lesen der Datei brauchte mehr als %(mb)s MB Speicher und wurde abgebrochen.")
            % {"mb": speicher_mb}
        )


def _signalname(nummer: int) -> str:
    try:
        return signal.Signals(nummer).name
    except ValueError:
        return f"Signal {nummer}"


def _ohne_ergebnis(exitcode: int | None, *, sekunden: float, speicher_mb: int) -> Lesefehler:
    if exitcode is not None and -exitcode == signal.SIGXCPU:
        return _zu_lange(sekunden)
    with _sprache():
        if exitcode is not None and exitcode < 0:
            return Lesefehler(
                _(
                    "Das Lesen der Datei brach ab (%(signal)s): Die Datei ist beschädigt oder "
                    "brauchte mehr als %(mb)s MB Speicher."
                )
                % {"signal": _signalname(-exitcode), "mb": speicher_mb}
            )
        return Lesefehler(
            _("Das Lesen der Datei lieferte kein Ergebnis (Exit-Code %(code)s).")
            % {"code": "?" if exitcode is None else exitcode}
        )


class _Server:
    """This process's `sandbox_main` server, started at the first read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._prozess: subprocess.Popen[bytes] | None = None
        self._steuerung: socket.socket | None = None
        self._besitzer = 0

    def _starten(self) -> None:
        eigen, fremd = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with fremd:
            self._prozess = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
                [sys.executable, "-P", "-m", "rathaus.akten.sandbox_main", str(fremd.fileno())],
                pass_fds=(fremd.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # not hit by the terminal's Ctrl+C; ends with us
            )
        self._steuerung, self._besitzer = eigen, os.getpid()
        # Loading PDFium takes a while on a busy machine: not part of any file's time limit.
        eigen.settimeout(START_SEKUNDEN)
        try:
            bereit = eigen.recv(1)
        except TimeoutError:
            bereit = b""
        eigen.settimeout(None)
        if bereit != BEREIT:
            self._aufgeben()
            raise OSError("akten.sandbox: the reading server did not start")

    def _aufgeben(self) -> None:
        if self._steuerung is not None:
            self._steuerung.close()
        if self._prozess is not None and self._besitzer == os.getpid():
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._prozess.wait(2)  # it ends at the end of file on its socket
            if self._prozess.poll() is None:
                self._prozess.kill()
                self._prozess.wait()
        self._prozess = self._steuerung = None

    def verbindung(self) -> socket.socket:
        """A socket to a fresh child of the server (which is started as needed)."""
        with self._lock:
            for versuch in range(2):
                if self._besitzer != os.getpid():
                    self._steuerung = self._prozess = None  # a fork's copy: not ours to use
                if self._prozess is None or self._prozess.poll() is not None:
                    self._aufgeben()
                    self._starten()
                assert self._steuerung is not None
                eigen, fremd = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
                with fremd:
                    try:
                        socket.send_fds(self._steuerung, [b"J"], [fremd.fileno()])
                    except OSError:
                        eigen.close()
                        self._aufgeben()  # the server died: start another one, once
                        if versuch:
                            raise
                        continue
                return eigen
        raise AssertionError("unreachable")

    def beenden(self) -> None:
        with self._lock:
            self._aufgeben()

    def nach_fork(self) -> None:
        # A fork while another thread held the lock would inherit it held, for ever; the
        # server itself stays the parent's (see _besitzer).
        self._lock = threading.Lock()


_SERVER = _Server()
atexit.register(_SERVER.beenden)
os.register_at_fork(after_in_child=_SERVER.nach_fork)


def _beenden(pid: int | None) -> None:
    """Kill the child and whatever it started: the child leads its own process group."""
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def _frame(verbindung: socket.socket, frist: float) -> tuple[bytes, bytes]:
    verbindung.settimeout(max(0.001, frist - time.monotonic()))
    return empfangen(verbindung)


def _austausch(
    verbindung: socket.socket, auftrag: dict[str, Any], daten: bytes, frist: float
) -> tuple[dict[str, Any] | None, int | None]:
    """Hand the child its work; (its result, None) or (None, its wait status if known)."""
    pid = None
    try:
        tag, inhalt = _frame(verbindung, frist)
        pid = int(inhalt) if tag == PID else None
        verbindung.settimeout(max(0.001, frist - time.monotonic()))
        try:
            senden(verbindung, AUFTRAG, json.dumps(auftrag).encode())
            senden(verbindung, DATEN, daten)
        except (BrokenPipeError, ConnectionResetError):
            pass  # it stopped reading: its answer or its exit status says why
        while True:
            tag, inhalt = _frame(verbindung, frist)
            if tag == ERGEBNIS:
                return json.loads(inhalt), None
            if tag == STATUS:
                return None, int(inhalt)
    except TimeoutError:
        _beenden(pid)
        raise
    except EOFError:
        return None, None  # no child, or the server died with it


def lesen(auftrag: dict[str, Any], *, daten: bytes = b"", sekunden: float) -> dict[str, Any]:
    """Run one `sandbox_main` Auftrag in a limited child; its result, or `Lesefehler`."""
    speicher_mb = conf.pdf_speicher_mb()
    auftrag = {**auftrag, "speicher_mb": speicher_mb, "cpu_sekunden": math.ceil(sekunden) + 1}
    with _SERVER.verbindung() as verbindung:
        beginn = time.monotonic()
        try:
            ergebnis, status = _austausch(verbindung, auftrag, daten, beginn + sekunden)
        except TimeoutError:
            logger.warning("akten.sandbox: Zeitgrenze erreicht", extra={"sekunden": sekunden})
            raise _zu_lange(sekunden) from None
        finally:
            logger.debug("akten.sandbox: %.0f ms", (time.monotonic() - beginn) * 1000)
    if ergebnis is None:
        exitcode = os.waitstatus_to_exitcode(status) if status is not None else None
        logger.warning("akten.sandbox: Leseprozess ohne Ergebnis", extra={"exitcode": exitcode})
        raise _ohne_ergebnis(exitcode, sekunden=sekunden, speicher_mb=speicher_mb)
    if ergebnis.get("fehler") == "speicher":
        raise _zu_gross(speicher_mb)
    if "fehler" in ergebnis:
        logger.warning("akten.sandbox: %s", ergebnis.get("detail", ""))
        with _sprache():
            raise Lesefehler(
                _("Die Datei konnte nicht gelesen werden (%(fehler)s).")
                % {"fehler": ergebnis.get("detail", "")}
            )
    return ergebnis
