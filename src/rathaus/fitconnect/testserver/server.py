"""The in-memory FIT-Connect server: lifecycle and administration in process."""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections import defaultdict
from http.server import ThreadingHTTPServer
from typing import Any

from joserfc import jws
from joserfc.jwk import RSAKey

from rathaus.standards import fitconnect as fc

from .daten import Destination, Submission, _oeffentlich
from .handler import _Handler


class FitConnectTestserver:
    """In-memory FIT-Connect on 127.0.0.1; ``start()`` returns its base URL."""

    def __init__(self, *, key_bits: int = 4096) -> None:
        self.key_bits = key_bits
        self.service_key = RSAKey.generate_key(
            key_bits, parameters={"kid": f"zd-{uuid.uuid4()}", "alg": "PS512"}
        )
        self.clients: dict[str, tuple[str, set[str]]] = {}
        self.tokens: dict[str, tuple[str, set[str], float]] = {}
        self.destinations: dict[str, Destination] = {}
        self.submissions: dict[str, Submission] = {}
        self.events: dict[str, list[str]] = defaultdict(list)
        self.routes: list[dict[str, Any]] = []
        self.callbacks: list[tuple[dict[str, str], bytes]] = []
        self.anfragen: list[tuple[str, str]] = []
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- lifecycle --
    def start(self, port: int = 0) -> str:
        server = self

        class Handler(_Handler):
            testserver = server

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def issuer(self) -> str:
        return self.url

    # -- administration (in process) --
    def client_add(self, *scopes: str) -> tuple[str, str]:
        client_id, secret = str(uuid.uuid4()), secrets.token_urlsafe(32)
        with self.lock:
            self.clients[client_id] = (secret, set(scopes))
        return client_id, secret

    def destination_add(
        self,
        *,
        encryption_keys: list[RSAKey],
        signing_keys: list[RSAKey],
        leika: list[str],
        name: str = "",
        callback_secret: str = "",
        destination_id: str | None = None,
    ) -> str:
        dest = destination_id or str(uuid.uuid4())
        with self.lock:
            self.destinations[dest] = Destination(
                destination_id=dest,
                encryption_keys=[
                    _oeffentlich(k, "wrapKey", "RSA-OAEP-256") for k in encryption_keys
                ],
                signing_keys=[_oeffentlich(k, "verify", "PS512") for k in signing_keys],
                services=[
                    {
                        "identifier": fc.LEIKA_URN + lk,
                        "submissionSchemas": [],
                        "regions": ["DE13073088"],
                    }
                    for lk in leika
                ],
                name=name,
                callback_secret=callback_secret,
            )
        return dest

    def route_add(self, *, leika: str, ars: str, destination_id: str, name: str) -> None:
        with self.lock:
            self.routes.append(
                {"leika": leika, "ars": ars, "destinationId": destination_id, "name": name}
            )

    def submission_status(self, submission_id: str) -> str:
        return self.submissions[submission_id].status

    def events_of(self, case_id: str) -> list[str]:
        with self.lock:
            return list(self.events[case_id])

    def callback_bauen(self, destination_id: str, submission_ids: list[str]) -> tuple[dict, bytes]:
        """The headers and body of a new-submissions callback, signed as the service does."""
        dest = self.destinations[destination_id]
        body = json.dumps(
            {
                "type": "https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions",
                "submissions": [
                    {
                        "destinationId": destination_id,
                        "submissionId": s,
                        "caseId": self.submissions[s].case_id,
                    }
                    for s in submission_ids
                ],
                "submissionIds": submission_ids,
            }
        ).encode()
        ts = str(int(time.time()))
        kopf = {
            "callback-timestamp": ts,
            "callback-authentication": fc.callback_signatur(dest.callback_secret, ts, body),
        }
        return kopf, body

    def _service_event(self, sub: Submission, event: str, tags: dict[str, Any]) -> None:
        token = fc.set_build(
            key=self.service_key,
            issuer=self.issuer,
            submission_id=sub.submission_id,
            case_id=sub.case_id,
            event=event,
            authentication_tags=tags,
        )
        self.events[sub.case_id].append(token)

    @staticmethod
    def tags_of(sub: Submission) -> dict[str, Any]:
        tags: dict[str, Any] = {
            "metadata": fc.authentication_tag(sub.encrypted_metadata),
            "attachments": {a: fc.authentication_tag(t) for a, t in sub.attachments.items()},
        }
        if sub.encrypted_data is not None:
            tags["data"] = fc.authentication_tag(sub.encrypted_data)
        return tags

    def routing_signatur(self, dest_id: str) -> str:
        return jws.serialize_compact(
            {"alg": "PS512", "kid": self.service_key.kid},
            json.dumps({"destinationId": dest_id}).encode(),
            self.service_key,
            algorithms=["PS512"],
        )
