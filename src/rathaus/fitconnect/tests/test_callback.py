"""The callback endpoint: HMAC-SHA-512 over timestamp and raw body, at most 5 minutes
old, no replay; a good callback notes the submission it names (exactly once)."""

from __future__ import annotations

import time

from rathaus.core.models import Outbox
from rathaus.fitconnect.models import Einreichung
from rathaus.standards import fitconnect as fc

from .conftest import LEIKA, SECRET

URL = "/fitconnect/callback"


def _post(client, kopf, body):
    return client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_CALLBACK_TIMESTAMP=kopf["callback-timestamp"],
        HTTP_CALLBACK_AUTHENTICATION=kopf["callback-authentication"],
    )


def _gesendet(absender, zustellpunkt, welt):
    return absender.senden(
        destination_id=zustellpunkt.destination_id,
        daten=welt.daten(),
        schema_uri=welt.schema_uri,
        leika=LEIKA,
    )


def test_good_callback_notes_the_submission_once_and_a_replay_is_refused(
    client, server, zustellpunkt, welt, absender
):
    gesendet = _gesendet(absender, zustellpunkt, welt)
    kopf, body = server.callback_bauen(zustellpunkt.destination_id, [gesendet.submission_id])
    assert _post(client, kopf, body).status_code == 200
    assert Einreichung.objects.get().submission_id.hex == gesendet.submission_id.replace("-", "")
    assert Outbox.objects.filter(consumer="fitconnect.empfang").count() == 1
    # the very same callback again: a replay
    assert _post(client, kopf, body).status_code == 403
    assert Einreichung.objects.count() == 1
    assert Outbox.objects.filter(consumer="fitconnect.empfang").count() == 1


def test_stale_timestamp_refused(client, server, zustellpunkt, welt, absender):
    gesendet = _gesendet(absender, zustellpunkt, welt)
    _kopf, body = server.callback_bauen(zustellpunkt.destination_id, [gesendet.submission_id])
    alt = str(int(time.time()) - 6 * 60)
    kopf = {
        "callback-timestamp": alt,
        "callback-authentication": fc.callback_signatur(SECRET, alt, body),
    }
    assert _post(client, kopf, body).status_code == 403
    assert not Einreichung.objects.exists() and not Outbox.objects.exists()


def test_wrong_signature_or_changed_body_refused(client, server, zustellpunkt, welt, absender):
    gesendet = _gesendet(absender, zustellpunkt, welt)
    kopf, body = server.callback_bauen(zustellpunkt.destination_id, [gesendet.submission_id])
    assert _post(client, kopf, body.replace(b"new-submissions", b"new-events")).status_code == 403
    falsch = dict(
        kopf,
        **{
            "callback-authentication": fc.callback_signatur(
                "x" * 40, kopf["callback-timestamp"], body
            )
        },
    )
    assert _post(client, falsch, body).status_code == 403
    assert client.post(URL, body, content_type="application/json").status_code == 403
    assert not Einreichung.objects.exists()


def test_callback_endpoint_off_without_destination(client, settings, db):
    settings.RATHAUS_FITCONNECT_DESTINATION_ID = ""
    assert client.post(URL, b"{}", content_type="application/json").status_code == 404
