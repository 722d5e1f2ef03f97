"""Submission API 1.1.3: receiving, destinations and their keys, sending."""

from __future__ import annotations

import json
import re
import uuid

from joserfc.jwk import KeySet, RSAKey

from rathaus.standards import fitconnect as fc

from .basis import _JWE_MUSTER, _Basis, _Fehler
from .daten import Submission, _oeffentlich


class SubmissionEndpunkte(_Basis):
    # -- receiving --
    def list_submissions(self, query: dict[str, str]) -> None:
        dest = query.get("destinationId", "").lower()
        self._darf(f"subscribe:destination:{dest}")
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 100)), 500)
        with self.testserver.lock:
            offen = [
                s
                for s in self.testserver.submissions.values()
                if s.destination_id == dest and s.status == "submitted"
            ]
        seite = offen[offset : offset + limit]
        self._antwort(
            200,
            {
                "count": len(seite),
                "offset": offset,
                "totalCount": len(offen),
                "submissions": [
                    {
                        "destinationId": s.destination_id,
                        "submissionId": s.submission_id,
                        "caseId": s.case_id,
                    }
                    for s in seite
                ],
            },
        )

    def get_submission(self, query: dict[str, str], sid: str) -> None:
        sub = self._sub(sid)
        self._darf(f"subscribe:destination:{sub.destination_id}")
        if sub.status not in ("submitted", "forwarded"):
            raise _Fehler(404, f"Einreichung im Status {sub.status}")
        body = {
            "destinationId": sub.destination_id,
            "submissionId": sub.submission_id,
            "caseId": sub.case_id,
            "attachments": list(sub.attachments),
            "serviceType": sub.service_type,
            "encryptedMetadata": sub.encrypted_metadata,
        }
        if sub.encrypted_data is not None:
            body["encryptedData"] = sub.encrypted_data
        self._antwort(200, body)

    def get_attachment(self, query: dict[str, str], sid: str, aid: str) -> None:
        sub = self._sub(sid)
        self._darf(f"subscribe:destination:{sub.destination_id}")
        token = sub.attachments.get(aid.lower())
        if token is None or sub.status not in ("submitted", "forwarded"):
            raise _Fehler(404, "Anlage unbekannt")
        self._antwort(200, token, "application/jose")

    def get_events(self, query: dict[str, str], case_id: str) -> None:
        self._scopes()
        log = self.testserver.events_of(case_id.lower())
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 500)), 500)
        seite = log[offset : offset + limit]
        self._antwort(
            200, {"count": len(seite), "offset": offset, "totalCount": len(log), "eventLog": seite}
        )

    def post_event(self, query: dict[str, str], case_id: str) -> None:
        token = self._body().decode(errors="replace").strip()
        ts = self.testserver
        try:
            header = fc.jose.set_header(token)
            ungeprueft = json.loads(fc.jose._b64(token.split(".")[1]))
            sid = str(ungeprueft.get("sub", "")).removeprefix("submission:").lower()
            sub = self._sub(sid)
            self._darf(f"subscribe:destination:{sub.destination_id}")
            dest = ts.destinations[sub.destination_id]
            keys = KeySet([RSAKey.import_key(k) for k in dest.signing_keys])
            if not any(k.get("kid") == header["kid"] for k in dest.signing_keys):
                raise fc.SetFehler("header.kid ist kein Signaturschlüssel des Zustellpunkts.")
            inhalt = fc.set_verify(token, keys, issuer=sub.destination_id)
        except fc.SetFehler as exc:
            raise _Fehler(422, str(exc)) from None
        except (ValueError, KeyError) as exc:
            raise _Fehler(400, f"SET unlesbar: {exc}") from None
        if inhalt.case_id != case_id.lower() or inhalt.case_id != sub.case_id:
            raise _Fehler(422, "txn passt nicht zum Vorgang")
        if inhalt.event not in ("accept-submission", "reject-submission"):
            raise _Fehler(422, "Empfänger senden nur accept-/reject-submission")
        with ts.lock:
            if token in ts.events[sub.case_id]:
                self._antwort(204)  # the same token again: already stored
                return
            if sub.status != "submitted":
                raise _Fehler(409, f"Einreichung bereits {sub.status}")
            if inhalt.payload.get("authenticationTags") != ts.tags_of(sub):
                raise _Fehler(422, "authenticationTags passen nicht zur Einreichung")
            ts.events[sub.case_id].append(token)
            sub.status = "accepted" if inhalt.event == "accept-submission" else "rejected"
        self._antwort(204)

    # -- destinations --
    def get_destination(self, query: dict[str, str], dest_id: str) -> None:
        dest = self.testserver.destinations.get(dest_id.lower())
        if dest is None:
            raise _Fehler(404, "Zustellpunkt unbekannt")
        self._antwort(
            200,
            {
                "destinationId": dest.destination_id,
                "encryptionKid": dest.encryption_keys[0]["kid"],
                "metadataVersions": ["1.0.0"],
                "services": dest.services,
                "status": dest.status,
            },
        )

    def get_key(self, query: dict[str, str], dest_id: str, kid: str) -> None:
        dest = self.testserver.destinations.get(dest_id.lower())
        key = next(
            (
                k
                for k in (dest.encryption_keys + dest.signing_keys if dest else [])
                if k["kid"] == kid
            ),
            None,
        )
        if key is None:
            raise _Fehler(404, "Schlüssel unbekannt")
        self._antwort(200, key)

    def jwks(self, query: dict[str, str]) -> None:
        self._antwort(200, {"keys": [_oeffentlich(self.testserver.service_key, "verify", "PS512")]})

    # -- sending --
    def create_submission(self, query: dict[str, str]) -> None:
        self._sender()
        body = json.loads(self._body() or b"{}")
        dest_id = str(body.get("destinationId", "")).lower()
        if dest_id not in self.testserver.destinations:
            raise _Fehler(404, "Zustellpunkt unbekannt")
        dienst = body.get("serviceType") or {}
        if not re.match(r"^urn:[a-z0-9][a-z0-9-]{0,31}:", str(dienst.get("identifier", ""))):
            raise _Fehler(400, "serviceType.identifier")
        sub = Submission(
            submission_id=str(uuid.uuid4()),
            destination_id=dest_id,
            case_id=str(body.get("caseId") or uuid.uuid4()).lower(),
            service_type=dienst,
            announced=[str(a).lower() for a in body.get("announcedAttachments", [])],
        )
        with self.testserver.lock:
            self.testserver.submissions[sub.submission_id] = sub
        self._antwort(
            201,
            {
                "destinationId": dest_id,
                "submissionId": sub.submission_id,
                "caseId": sub.case_id,
            },
        )

    def put_attachment(self, query: dict[str, str], sid: str, aid: str) -> None:
        self._sender()
        sub = self._sub(sid)
        token = self._body().decode(errors="replace").strip()
        if aid.lower() not in sub.announced or sub.status != "created":
            raise _Fehler(400, "Anlage nicht angekündigt")
        if not _JWE_MUSTER.match(token):
            raise _Fehler(400, "Kein JWE")
        sub.attachments[aid.lower()] = token
        self._antwort(204)

    def submit(self, query: dict[str, str], sid: str) -> None:
        self._sender()
        sub = self._sub(sid)
        body = json.loads(self._body() or b"{}")
        meta = body.get("encryptedMetadata")
        if not isinstance(meta, str) or not _JWE_MUSTER.match(meta):
            raise _Fehler(400, "encryptedMetadata")
        if sorted(sub.attachments) != sorted(sub.announced):
            raise _Fehler(422, "Nicht alle angekündigten Anlagen hochgeladen")
        ts = self.testserver
        with ts.lock:
            sub.encrypted_metadata = meta
            sub.encrypted_data = body.get("encryptedData")
            sub.status = "submitted"
            ts._service_event(sub, "submit-submission", ts.tags_of(sub))
        self._antwort(
            202,
            {
                "destinationId": sub.destination_id,
                "submissionId": sub.submission_id,
                "caseId": sub.case_id,
                "attachments": list(sub.attachments),
                "serviceType": sub.service_type,
            },
        )
