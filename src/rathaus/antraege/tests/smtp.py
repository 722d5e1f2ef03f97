"""A small local SMTP server for tests (RFC 5321, as much as smtplib uses).

With ``ablehnen`` it answers every connection with ``421`` (service not available) and
closes it, as a mail server does that is overloaded or being shut down; otherwise it takes
every message and keeps it. ``waehrend`` runs in the server's thread while a message is
being transferred (between MAIL and the end of DATA).
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Sitzung(socketserver.StreamRequestHandler):
    server: SmtpServer._Server

    def _antwort(self, zeile: str) -> None:
        self.wfile.write(zeile.encode() + b"\r\n")

    def handle(self) -> None:
        besitzer = self.server.besitzer
        besitzer.sitzungen += 1
        if besitzer.ablehnen:
            self._antwort("421 4.3.2 Service not available, closing transmission channel")
            return
        self._antwort("220 rathaus-test ESMTP")
        daten: list[bytes] | None = None
        while zeile := self.rfile.readline(100_000):
            if daten is not None:
                if zeile == b".\r\n":
                    besitzer.nachrichten.append(
                        message_from_bytes(b"".join(daten), policy=policy.default)
                    )  # type: ignore[arg-type]
                    daten = None
                    self._antwort("250 2.0.0 Ok: queued")
                else:  # RFC 5321 § 4.5.2: a leading dot was doubled by the sender
                    daten.append(zeile[1:] if zeile.startswith(b".") else zeile)
                continue
            befehl = zeile[:4].upper()
            if befehl == b"EHLO":
                self._antwort("250-rathaus-test")
                self._antwort("250 8BITMIME")
            elif befehl == b"MAIL" and besitzer.waehrend is not None:
                besitzer.waehrend()
                self._antwort("250 2.1.0 Ok")
            elif befehl == b"DATA":
                daten = []
                self._antwort("354 End data with <CR><LF>.<CR><LF>")
            elif befehl == b"QUIT":
                self._antwort("221 2.0.0 Bye")
                return
            else:
                self._antwort("250 2.0.0 Ok")


class SmtpServer:
    class _Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True
        besitzer: SmtpServer

    def __init__(self, *, ablehnen: bool = False) -> None:
        self.ablehnen = ablehnen
        self.sitzungen = 0
        self.nachrichten: list[EmailMessage] = []
        self.waehrend: Callable[[], None] | None = None
        self._server = self._Server(("127.0.0.1", 0), _Sitzung)
        self._server.besitzer = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SmtpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def freier_port() -> int:
    """A local port where nothing listens (a mail server that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def smtp_mailer(port: int, **optionen: object) -> dict[str, dict[str, object]]:
    """MAILERS with Django's real SMTP backend to ``127.0.0.1:port``."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5, **optionen},
        }
    }
