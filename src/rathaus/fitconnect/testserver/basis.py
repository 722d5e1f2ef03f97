"""The request handler's plumbing: body, answer, token and scope checks, errors."""

from __future__ import annotations

import json
import re
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from .daten import Submission

if TYPE_CHECKING:
    from .server import FitConnectTestserver


_UUID = r"[0-9a-fA-F-]{32,36}"
_JWE_MUSTER = re.compile(r"^[a-zA-Z0-9\-_=.]+$")
MAX_BODY = 64 * 1024 * 1024


class _Fehler(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status, self.detail = status, detail


class _Basis(BaseHTTPRequestHandler):
    testserver: FitConnectTestserver
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without TCP_NODELAY every small answer waits
    # for the client's delayed ACK (about 40 ms), which no real service does.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _body(self) -> bytes:
        laenge = int(self.headers.get("Content-Length") or 0)
        if laenge > MAX_BODY:
            raise _Fehler(413, "Anfrage zu groß")
        return self.rfile.read(laenge) if laenge else b""

    def _antwort(self, status: int, body: Any = None, typ: str = "application/json") -> None:
        if body is None:
            daten = b""
        elif isinstance(body, bytes | str):
            daten = body.encode() if isinstance(body, str) else body
        else:
            daten = json.dumps(body).encode()
        self.send_response(status)
        if daten:
            self.send_header("Content-Type", typ)
        self.send_header("Content-Length", str(len(daten)))
        self.end_headers()
        self.wfile.write(daten)

    def _scopes(self) -> set[str]:
        kopf = self.headers.get("Authorization", "")
        token = kopf.removeprefix("Bearer ").strip()
        with self.testserver.lock:
            eintrag = self.testserver.tokens.get(token)
        if not kopf.startswith("Bearer ") or eintrag is None or eintrag[2] < time.time():
            raise _Fehler(401, "Kein gültiges Token")
        return eintrag[1]

    def _darf(self, scope: str) -> None:
        if scope not in self._scopes():
            raise _Fehler(403, f"Scope {scope} fehlt")

    def _sender(self) -> None:
        if not any(s.startswith("send:") for s in self._scopes()):
            raise _Fehler(403, "Kein Sender-Scope")

    def _sub(self, sid: str) -> Submission:
        sub = self.testserver.submissions.get(sid.lower())
        if sub is None:
            raise _Fehler(404, "Einreichung unbekannt")
        return sub
