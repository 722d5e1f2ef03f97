"""A local FIT-Connect server on loopback for the tests and a development installation:
token endpoint (OAuth2 client credentials), Submission API 1.1.3 (destinations and their
keys, create / upload / submit / list / fetch submissions, attachments, the event log with
SETs checked against the poster's key), the service's JWKS and the Routing API (/routes by
LeiKa key and ARS/AGS). No Django; plain ``http.server`` in a thread.

It keeps everything in memory and checks what the real service checks where it matters
here: tokens and their scopes, a SET posted by a receiver must carry a valid PS512
signature of the destination's signing key and the right ``iss``/``sub``/``txn``, and a
submission is fetched only while it is submitted. Beside the server, `Absender` builds real
submissions (metadata with hashes, data, attachments, each encrypted with the
destination's public key) and `daten_aus_schema` fills data valid against a JSON Schema.

Modules: `server` (the server, its lifecycle and administration), `daten` (what it
keeps), `handler` (routes and dispatch) over `basis` (plumbing), `oauth` (token endpoint),
`submission` (Submission API) and `routing` (Routing API); `absender` (the sender side).
"""

from __future__ import annotations

from .absender import Absender, Anlage, Gesendet, daten_aus_schema
from .basis import MAX_BODY
from .daten import Destination, Submission
from .server import FitConnectTestserver

__all__ = [
    "MAX_BODY",
    "Absender",
    "Anlage",
    "Destination",
    "FitConnectTestserver",
    "Gesendet",
    "Submission",
    "daten_aus_schema",
]
