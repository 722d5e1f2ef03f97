"""ClamAV through clamd's INSTREAM command (unix or TCP socket).

Protocol (clamd(8)): send ``zINSTREAM\\0``, then chunks each prefixed with their length as
a 4-byte big-endian integer, then a zero-length chunk; clamd answers
``stream: OK\\0``, ``stream: <Signature> FOUND\\0`` or ``... ERROR\\0``.
"""

from __future__ import annotations

import socket
import struct
from typing import IO

from .. import conf
from . import Befund, Virenscanner, VirenscannerFehler, virenscanner

CHUNK = 64 * 1024
TIMEOUT = 30.0


def _verbinden(adresse: str) -> socket.socket:
    art, _sep, ziel = adresse.partition(":")
    try:
        if art == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(TIMEOUT)
            sock.connect(ziel)
            return sock
        if art == "tcp":
            host, _sep, port = ziel.rpartition(":")
            return socket.create_connection((host, int(port)), timeout=TIMEOUT)
    except (OSError, ValueError) as exc:
        raise VirenscannerFehler(f"clamd unter {adresse} nicht erreichbar: {exc}") from exc
    raise VirenscannerFehler(f"unbekannte clamd-Adresse {adresse!r} (unix:… oder tcp:…)")


def _antwort(sock: socket.socket) -> str:
    teile = []
    while True:
        block = sock.recv(4096)
        if not block:
            break
        teile.append(block)
        if block.endswith(b"\0"):
            break
    return b"".join(teile).rstrip(b"\0\n").decode("utf-8", "replace")


@virenscanner.register("clamav")
class ClamAV(Virenscanner):
    name = "clamav"

    def __init__(self, adresse: str | None = None) -> None:
        self.adresse = adresse or conf.clamd_adresse()

    def scan(self, datei: IO[bytes]) -> Befund:
        datei.seek(0)
        with _verbinden(self.adresse) as sock:
            try:
                sock.sendall(b"zINSTREAM\0")
                while chunk := datei.read(CHUNK):
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                antwort = _antwort(sock)
            except OSError as exc:
                raise VirenscannerFehler(f"clamd: {exc}") from exc
        datei.seek(0)
        if antwort.endswith("OK"):
            return Befund(sauber=True)
        if antwort.endswith("FOUND"):
            signatur = antwort.removeprefix("stream:").removesuffix("FOUND").strip()
            return Befund(sauber=False, signatur=signatur)
        raise VirenscannerFehler(f"clamd: {antwort or 'keine Antwort'}")
