"""Token endpoint (OAuth2 client credentials)."""

from __future__ import annotations

import secrets
import time
from urllib.parse import parse_qs

from .basis import _Basis, _Fehler


class TokenEndpunkt(_Basis):
    def token(self, query: dict[str, str]) -> None:
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        if form.get("grant_type") != "client_credentials":
            raise _Fehler(400, "unsupported_grant_type")
        ts = self.testserver
        eintrag = ts.clients.get(form.get("client_id", ""))
        if eintrag is None or not secrets.compare_digest(eintrag[0], form.get("client_secret", "")):
            raise _Fehler(401, "invalid_client")
        token = secrets.token_urlsafe(32)
        with ts.lock:
            ts.tokens[token] = (form["client_id"], eintrag[1], time.time() + 1800)
        self._antwort(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": 1800,
                "scope": " ".join(sorted(eintrag[1])),
            },
        )
