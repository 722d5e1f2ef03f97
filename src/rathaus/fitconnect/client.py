"""HTTP clients of the FIT-Connect Submission API (subscriber and sender role) and the
Routing API, as documented in the OpenAPI files of ../shared/data/fitconnect. No Django:
the plugin, the forwarding and the local test server's sender all use them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

JOSE = "application/jose"
TIMEOUT = 30


class UebergrosserInhalt(str):
    """A part above the size limit: only its last characters (with the JWE's
    authentication tag) were kept; ``laenge`` is its full length."""

    laenge: int

    def __new__(cls, ende: str, laenge: int) -> UebergrosserInhalt:
        obj = super().__new__(cls, ende)
        obj.laenge = laenge
        return obj


class ApiFehler(Exception):
    """The service answered with an error (``status``) or could not be reached (0)."""

    def __init__(self, status: int, text: str) -> None:
        self.status = status
        super().__init__(f"HTTP {status}: {text[:300]}")


@dataclass
class Zugang:
    """Where the service is and how to get a token (OAuth2 client credentials)."""

    token_url: str
    client_id: str
    client_secret: str
    submission_url: str
    scope: str = ""
    _token: str = field(default="", repr=False)
    _bis: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def token(self, session: requests.Session) -> str:
        with self._lock:
            if self._token and time.monotonic() < self._bis - 30:
                return self._token
            daten = {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            }
            if self.scope:
                daten["scope"] = self.scope
            try:
                antwort = session.post(self.token_url, data=daten, timeout=TIMEOUT)
            except requests.RequestException as exc:
                raise ApiFehler(0, f"{type(exc).__name__}: {exc}") from None
            if antwort.status_code != 200:
                raise ApiFehler(antwort.status_code, antwort.text)
            body = antwort.json()
            self._token = body["access_token"]
            self._bis = time.monotonic() + int(body.get("expires_in", 300))
            return self._token


class SubmissionApi:
    """The Submission API 1.1.x as receiver (list, fetch, attachments, events) and as
    sender (create, upload attachments, submit), plus destinations and their keys."""

    def __init__(self, zugang: Zugang, session: requests.Session | None = None) -> None:
        self.zugang = zugang
        self.session = session or requests.Session()
        self.basis = zugang.submission_url.rstrip("/")

    def _rufen(self, methode: str, pfad: str, *, ok: tuple[int, ...] = (200,), **kw: Any) -> Any:
        kopf = kw.pop("headers", {})
        kopf["Authorization"] = f"Bearer {self.zugang.token(self.session)}"
        try:
            antwort = self.session.request(
                methode, self.basis + pfad, headers=kopf, timeout=TIMEOUT, **kw
            )
        except requests.RequestException as exc:
            raise ApiFehler(0, f"{type(exc).__name__}: {exc}") from None
        if antwort.status_code not in ok:
            raise ApiFehler(antwort.status_code, antwort.text)
        return antwort

    # -- receiving --
    def submissions_for_pickup(self, destination_id: str, limit: int = 100) -> Iterator[dict]:
        offset = 0
        while True:
            body = self._rufen(
                "GET",
                "/v1/submissions",
                params={"destinationId": destination_id, "offset": offset, "limit": limit},
            ).json()
            yield from body["submissions"]
            offset += body["count"]
            if body["count"] == 0 or offset >= body["totalCount"]:
                return

    def submission(self, submission_id: str) -> dict[str, Any]:
        return self._rufen("GET", f"/v1/submissions/{submission_id}").json()

    def attachment(
        self, submission_id: str, attachment_id: str, *, max_zeichen: int | None = None
    ) -> str:
        """The attachment's JWE; one longer than ``max_zeichen`` is read to its end but only
        its tail is kept (`UebergrosserInhalt`: enough for the authentication tag)."""
        antwort = self._rufen(
            "GET",
            f"/v1/submissions/{submission_id}/attachments/{attachment_id}",
            headers={"Accept": JOSE},
            stream=True,
        )
        with antwort:
            teile: list[bytes] = []
            laenge = 0
            for stueck in antwort.iter_content(chunk_size=64 * 1024):
                laenge += len(stueck)
                teile.append(stueck)
                if max_zeichen is not None and laenge > max_zeichen:
                    ende = b"".join(teile)[-512:]
                    teile = [ende]
            inhalt = b"".join(teile).decode("ascii", errors="replace").strip()
        if max_zeichen is not None and laenge > max_zeichen:
            return UebergrosserInhalt(inhalt, laenge)
        return inhalt

    def events(self, case_id: str) -> list[str]:
        out: list[str] = []
        offset = 0
        while True:
            body = self._rufen(
                "GET", f"/v1/cases/{case_id}/events", params={"offset": offset, "limit": 500}
            ).json()
            out += body["eventLog"]
            offset += body["count"]
            if body["count"] == 0 or offset >= body["totalCount"]:
                return out

    def event_send(self, case_id: str, token: str) -> None:
        self._rufen(
            "POST",
            f"/v1/cases/{case_id}/events",
            ok=(200, 201, 202, 204),
            data=token.encode(),
            headers={"Content-Type": JOSE},
        )

    # -- destinations --
    def destination(self, destination_id: str) -> dict[str, Any]:
        return self._rufen("GET", f"/v1/destinations/{destination_id}").json()

    def destination_key(self, destination_id: str, kid: str) -> dict[str, Any]:
        return self._rufen("GET", f"/v1/destinations/{destination_id}/keys/{kid}").json()

    # -- sending --
    def submission_create(
        self,
        *,
        destination_id: str,
        service_name: str,
        service_identifier: str,
        attachment_ids: list[str],
        case_id: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "destinationId": destination_id,
            "announcedAttachments": attachment_ids,
            "serviceType": {"name": service_name, "identifier": service_identifier},
        }
        if case_id:
            body["caseId"] = case_id
        return self._rufen("POST", "/v1/submissions", ok=(201,), json=body).json()

    def attachment_upload(self, submission_id: str, attachment_id: str, token: str) -> None:
        self._rufen(
            "PUT",
            f"/v1/submissions/{submission_id}/attachments/{attachment_id}",
            ok=(204,),
            data=token.encode(),
            headers={"Content-Type": JOSE},
        )

    def submission_submit(
        self, submission_id: str, *, encrypted_metadata: str, encrypted_data: str | None
    ) -> dict[str, Any]:
        body = {"encryptedMetadata": encrypted_metadata}
        if encrypted_data is not None:
            body["encryptedData"] = encrypted_data
        return self._rufen("PUT", f"/v1/submissions/{submission_id}", ok=(202,), json=body).json()


class RoutingApi:
    """The Routing API: the destination responsible for a Leistung in an area."""

    def __init__(self, url: str, session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self.session = session or requests.Session()

    def routes(self, *, leika_key: str, ars: str = "", ags: str = "") -> list[dict[str, Any]]:
        params = {"leikaKey": leika_key}
        if ars:
            params["ars"] = ars
        if ags:
            params["ags"] = ags
        try:
            antwort = self.session.get(self.url + "/routes", params=params, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise ApiFehler(0, f"{type(exc).__name__}: {exc}") from None
        if antwort.status_code != 200:
            raise ApiFehler(antwort.status_code, antwort.text)
        return list(antwort.json()["routes"])


def service_jwks(api: SubmissionApi) -> dict[str, Any]:
    """The delivery service's public signing keys (``/.well-known/jwks.json``)."""
    try:
        antwort = api.session.get(api.basis + "/.well-known/jwks.json", timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise ApiFehler(0, f"{type(exc).__name__}: {exc}") from None
    if antwort.status_code != 200:
        raise ApiFehler(antwort.status_code, antwort.text)
    return dict(antwort.json())
