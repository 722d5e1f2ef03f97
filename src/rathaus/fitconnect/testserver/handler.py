"""The HTTP handler: the route table and the dispatch onto the three APIs."""

from __future__ import annotations

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from .basis import _UUID, _Fehler
from .oauth import TokenEndpunkt
from .routing import RoutingEndpunkte
from .submission import SubmissionEndpunkte


class _Handler(TokenEndpunkt, SubmissionEndpunkte, RoutingEndpunkte):
    """One request: find the route, call its method, answer errors as problem+json."""

    def _bearbeiten(self, methode: str) -> None:
        teile = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(teile.query).items()}
        self.testserver.anfragen.append((methode, teile.path))
        try:
            for muster, name in _ROUTEN.get(methode, ()):
                treffer = re.fullmatch(muster, teile.path)
                if treffer:
                    getattr(self, name)(query, *treffer.groups())
                    return
            raise _Fehler(404, "Unbekannter Pfad")
        except _Fehler as f:
            self._antwort(
                f.status,
                {"type": "about:blank", "title": HTTPStatus(f.status).phrase, "detail": f.detail},
                "application/problem+json",
            )

    def do_GET(self) -> None:
        self._bearbeiten("GET")

    def do_POST(self) -> None:
        self._bearbeiten("POST")

    def do_PUT(self) -> None:
        self._bearbeiten("PUT")


_ROUTEN: dict[str, tuple[tuple[str, str], ...]] = {
    "GET": (
        (r"/v1/submissions", "list_submissions"),
        (rf"/v1/submissions/({_UUID})", "get_submission"),
        (rf"/v1/submissions/({_UUID})/attachments/({_UUID})", "get_attachment"),
        (rf"/v1/cases/({_UUID})/events", "get_events"),
        (rf"/v1/destinations/({_UUID})", "get_destination"),
        (rf"/v1/destinations/({_UUID})/keys/([^/]{{8,64}})", "get_key"),
        (r"/\.well-known/jwks\.json", "jwks"),
        (r"/routing/v1/routes", "routes"),
    ),
    "POST": (
        (r"/token", "token"),
        (r"/v1/submissions", "create_submission"),
        (rf"/v1/cases/({_UUID})/events", "post_event"),
    ),
    "PUT": (
        (rf"/v1/submissions/({_UUID})", "submit"),
        (rf"/v1/submissions/({_UUID})/attachments/({_UUID})", "put_attachment"),
    ),
}
