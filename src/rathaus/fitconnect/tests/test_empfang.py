"""Receiving through FIT-Connect against the local test server with real encrypted
submissions: the happy path into the intake, and every hostile case refused with the right
reject-submission event and nothing half-created."""

from __future__ import annotations

import json

from joserfc.jwk import KeySet

from rathaus.akten.models import Dokument
from rathaus.antraege.models import Anlage as AntragAnlage
from rathaus.antraege.models import Antrag
from rathaus.antraege.tests import helfer
from rathaus.fitconnect import services
from rathaus.fitconnect.models import Einreichung
from rathaus.fitconnect.testserver import Anlage
from rathaus.katalog.models import Zustaendigkeit
from rathaus.standards import fitconnect as fc
from rathaus.verfahren.models import Verfahren

from .conftest import LEIKA, alles_zustellen, offen


def _events(server, gesendet, schluessel):
    """The receiver's events of the case, each checked as a sender would."""
    out = []
    for token in server.events_of(gesendet.case_id):
        inhalt = fc.set_verify(token, KeySet([server.service_key, schluessel.signatur]))
        if inhalt.iss == gesendet.destination_id:
            out.append(inhalt)
    return out


def _senden(absender, zustellpunkt, welt, **kw):
    kw.setdefault("daten", welt.daten())
    return absender.senden(
        destination_id=zustellpunkt.destination_id,
        schema_uri=welt.schema_uri,
        leika=LEIKA,
        leistung_name="Verlängerung Schaustellungserlaubnis",
        **kw,
    )


def _abgewiesen(server, gesendet, schluessel, art, instance):
    assert services.einreichungen_abholen() == 1
    alles_zustellen()
    e = Einreichung.objects.get(submission_id=gesendet.submission_id)
    assert e.status == "zurueckgewiesen", e.probleme
    (event,) = _events(server, gesendet, schluessel)
    assert event.event == "reject-submission"
    (problem,) = event.problems
    assert problem["type"] == fc.PROBLEM_BASIS + art, problem
    assert problem["instance"] == instance
    assert server.submission_status(gesendet.submission_id) == "rejected"
    # nothing half-created
    assert not Antrag.objects.exists() and not AntragAnlage.objects.exists()
    assert not Verfahren.objects.exists() and not Dokument.objects.exists()
    assert offen() == []
    return problem


def test_happy_path_submission_becomes_antrag_verfahren_and_e_akte(
    server, zustellpunkt, welt, absender, schluessel
):
    pdf = helfer.pdf("Erlaubnis")
    gesendet = _senden(absender, zustellpunkt, welt, anlagen=[Anlage(pdf, "erlaubnis.pdf")])
    assert services.einreichungen_abholen() == 1
    assert services.einreichungen_abholen() == 0  # listed again: nothing new
    alles_zustellen()
    e = Einreichung.objects.get(submission_id=gesendet.submission_id)
    assert e.status == "angenommen", e.probleme
    assert e.event_gesendet_am is not None
    antrag = e.antrag
    assert antrag.aktenzeichen.startswith("STR-") and antrag.kanal == "api"
    assert antrag.daten.keys() == json.loads(gesendet.daten).keys()
    assert antrag.anlagen.get().dateiname == "erlaubnis.pdf"
    verfahren = Verfahren.objects.get(antrag=antrag)
    assert verfahren.organisationseinheit == welt.amt
    assert verfahren.vorgang.dokumente.filter(art=Dokument.Art.EINGANG).exists()
    assert e.onlinedienst == "Verlängerung Schaustellungserlaubnis"
    assert e.absender_referenz == gesendet.metadaten["additionalReferenceInfo"]["senderReference"]
    (event,) = _events(server, gesendet, schluessel)
    assert event.event == "accept-submission"
    assert (event.submission_id, event.case_id) == (gesendet.submission_id, gesendet.case_id)
    tags = event.payload["authenticationTags"]
    assert set(tags["attachments"]) == {
        a["attachmentId"] for a in gesendet.metadaten["contentStructure"]["attachments"]
    }
    assert server.submission_status(gesendet.submission_id) == "accepted"
    assert offen() == []


def test_processing_twice_takes_over_once(server, zustellpunkt, welt, absender):
    gesendet = _senden(absender, zustellpunkt, welt)
    services.einreichungen_abholen()
    assert services.einreichung_process(submission_id=gesendet.submission_id) == "angenommen"
    # a second worker, or the same message delivered again after a crash
    assert services.einreichung_process(submission_id=gesendet.submission_id) == "angenommen"
    alles_zustellen()
    assert Antrag.objects.count() == 1 and Verfahren.objects.count() == 1


def test_old_key_of_the_rotation_still_decrypts(server, zustellpunkt, welt, absender, schluessel):
    gesendet = _senden(absender, zustellpunkt, welt, schluessel=schluessel.alt)
    services.einreichungen_abholen()
    alles_zustellen()
    assert Einreichung.objects.get(submission_id=gesendet.submission_id).status == "angenommen"


def test_wrong_key(server, zustellpunkt, welt, absender, schluessel):
    gesendet = _senden(absender, zustellpunkt, welt, schluessel=schluessel.fremd)
    _abgewiesen(server, gesendet, schluessel, "encryption-issue", "metadata")


def test_tampered_ciphertext(server, zustellpunkt, welt, absender, schluessel):
    def kippen(token: str) -> str:
        teile = token.split(".")
        teile[3] = ("B" if teile[3][0] != "B" else "C") + teile[3][1:]
        return ".".join(teile)

    gesendet = _senden(absender, zustellpunkt, welt, verfaelschen={"daten_jwe": kippen})
    _abgewiesen(server, gesendet, schluessel, "encryption-issue", "data")


def test_hash_mismatch_of_an_attachment(server, zustellpunkt, welt, absender, schluessel):
    def falsch(meta):
        meta["contentStructure"]["attachments"][0]["hash"]["content"] = fc.sha512(b"anders")

    gesendet = _senden(
        absender,
        zustellpunkt,
        welt,
        anlagen=[Anlage(helfer.pdf())],
        verfaelschen={"metadaten": falsch},
    )
    aid = gesendet.metadaten["contentStructure"]["attachments"][0]["attachmentId"]
    _abgewiesen(server, gesendet, schluessel, "hash-mismatch", f"attachment:{aid}")


def test_hash_mismatch_of_the_data(server, zustellpunkt, welt, absender, schluessel):
    daten = welt.daten()
    gesendet = _senden(
        absender,
        zustellpunkt,
        welt,
        daten=daten,
        verfaelschen={"daten_bytes": json.dumps(daten, indent=1).encode()},
    )
    _abgewiesen(server, gesendet, schluessel, "hash-mismatch", "data")


def test_invalid_metadata(server, zustellpunkt, welt, absender, schluessel):
    def kaputt(meta):
        meta["contentStructure"]["data"]["submissionSchema"]["mimeType"] = "text/plain"

    gesendet = _senden(absender, zustellpunkt, welt, verfaelschen={"metadaten": kaputt})
    problem = _abgewiesen(server, gesendet, schluessel, "schema-violation", "metadata")
    assert "contentStructure.data.submissionSchema.mimeType" in problem["detail"]


def test_unsupported_metadata_major_version(server, zustellpunkt, welt, absender, schluessel):
    def zwei(meta):
        meta["$schema"] = fc.METADATEN_SCHEMA_URI.format(v="2.0.0")

    gesendet = _senden(absender, zustellpunkt, welt, verfaelschen={"metadaten": zwei})
    _abgewiesen(server, gesendet, schluessel, "unsupported-schema", "metadata")


def test_data_not_matching_the_fim_schema(server, zustellpunkt, welt, absender, schluessel):
    daten = welt.daten()
    daten["unbekannt"] = "x"
    gesendet = _senden(absender, zustellpunkt, welt, daten=daten)
    _abgewiesen(server, gesendet, schluessel, "schema-violation", "data")


def test_unknown_leistung_and_city_not_responsible(
    server, zustellpunkt, welt, absender, schluessel
):
    Zustaendigkeit.objects.filter(leistung=welt.leistung).delete()
    gesendet = _senden(absender, zustellpunkt, welt)
    problem = _abgewiesen(server, gesendet, schluessel, "service-mismatch", "metadata")
    assert "nicht zuständig" in problem["detail"]


def test_huge_attachment_refused_by_the_limit(
    server, zustellpunkt, welt, absender, schluessel, settings
):
    """The huge attachment is not kept nor decrypted; the attachment after it is still
    fetched, so the reject event names every part's tag (the service checks them)."""
    settings.RATHAUS_FITCONNECT_MAX_ANLAGE_BYTES = 64 * 1024
    gross = helfer.pdf() + b"%" + b"0" * (200 * 1024)
    gesendet = _senden(
        absender, zustellpunkt, welt, anlagen=[Anlage(gross), Anlage(helfer.pdf(), "klein.pdf")]
    )
    ids = [a["attachmentId"] for a in gesendet.metadaten["contentStructure"]["attachments"]]
    _abgewiesen(server, gesendet, schluessel, "encryption-issue", f"attachment:{ids[0]}")
    (event,) = _events(server, gesendet, schluessel)
    assert set(event.payload["authenticationTags"]["attachments"]) == set(ids)


def test_compressed_payload_refused_before_decryption(
    server, zustellpunkt, welt, absender, schluessel
):
    import base64

    def mit_zip(token: str) -> str:
        kopf = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        kopf["zip"] = "DEF"
        neu = base64.urlsafe_b64encode(json.dumps(kopf).encode()).rstrip(b"=").decode()
        return ".".join([neu, *token.split(".")[1:]])

    gesendet = _senden(absender, zustellpunkt, welt, verfaelschen={"daten_jwe": mit_zip})
    problem = _abgewiesen(server, gesendet, schluessel, "encryption-issue", "data")
    assert "zip" in problem["detail"]


def test_worker_dying_mid_way_repeats_nothing(server, zustellpunkt, welt, absender, monkeypatch):
    """The take-over fails after the Antrag was created inside its transaction (as if the
    worker died there): everything rolls back, the outbox delivers again, one Antrag."""
    from rathaus.core import outbox as core_outbox
    from rathaus.core.models import Outbox

    gesendet = _senden(absender, zustellpunkt, welt)
    services.einreichungen_abholen()
    echt = services._signieren
    aufrufe = []

    def stirbt(*args, **kw):
        aufrufe.append(1)
        if len(aufrufe) == 1:
            raise RuntimeError("Worker beendet")
        return echt(*args, **kw)

    monkeypatch.setattr(services, "_signieren", stirbt)
    row = Outbox.objects.get(consumer="fitconnect.empfang")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "fehler"
    assert not Antrag.objects.exists()
    assert Einreichung.objects.get().status == "gemeldet"
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=row.next_attempt_at)
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    alles_zustellen()
    assert Antrag.objects.count() == 1 and Verfahren.objects.count() == 1
    assert Einreichung.objects.get().status == "angenommen"
    assert server.submission_status(gesendet.submission_id) == "accepted"


def test_part_exchanged_at_the_service_is_caught_by_the_event_log_tags(
    server, zustellpunkt, welt, absender, schluessel
):
    """An attachment replaced after submit-submission (validly encrypted, hash in the
    metadata unchanged) differs from the authentication tag the service logged."""
    pdf = helfer.pdf("echt")
    gesendet = _senden(absender, zustellpunkt, welt, anlagen=[Anlage(pdf)])
    aid = gesendet.metadaten["contentStructure"]["attachments"][0]["attachmentId"]
    server.submissions[gesendet.submission_id].attachments[aid] = fc.jwe_encrypt(
        helfer.pdf("getauscht"), schluessel.neu
    )
    problem = _abgewiesen(
        server, gesendet, schluessel, "incorrect-authentication-tag", "submission"
    )
    assert "Ereignisprotokoll" in problem["detail"]


def test_event_delivery_retried_while_the_service_is_down(
    server, zustellpunkt, welt, absender, settings
):
    from rathaus.core import outbox as core_outbox
    from rathaus.core.models import Outbox

    gesendet = _senden(absender, zustellpunkt, welt)
    services.einreichungen_abholen()
    services.einreichung_process(submission_id=gesendet.submission_id)
    row = Outbox.objects.get(consumer="fitconnect.ereignis")
    settings.RATHAUS_FITCONNECT_SUBMISSION_URL = "http://127.0.0.1:9"
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "fehler"
    assert Einreichung.objects.get().event_gesendet_am is None
    settings.RATHAUS_FITCONNECT_SUBMISSION_URL = server.url
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=row.next_attempt_at)
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert Einreichung.objects.get().event_gesendet_am is not None
    assert server.submission_status(gesendet.submission_id) == "accepted"
