"""FIT-Connect codec: metadata against the real schema, hashes, JWE with key rotation and
refused compression, SETs (PS512) built and checked, callback HMAC."""

from __future__ import annotations

import base64
import json
import time
import uuid
import zlib
from functools import lru_cache
from pathlib import Path

import pytest
from joserfc.jwk import KeySet, RSAKey

from rathaus.config.testdaten import geteilte_daten
from rathaus.standards import fitconnect as fc


@lru_cache(maxsize=4)
def schluessel(name: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": name, "alg": "RSA-OAEP-256"})


@pytest.fixture
def schemas() -> dict[str, str]:
    return fc.schemas_laden(
        geteilte_daten("fitconnect/fitconnect-metadata.schema.v1.0.0.json").parent
    )


def meta(daten: bytes = b"{}", anlagen: dict[str, bytes] | None = None, **extra) -> dict:
    m = {
        "publicServiceType": {"identifier": "urn:de:fim:leika:leistung:99123456789012"},
        "contentStructure": {
            "data": {
                "hash": {"type": "sha512", "content": fc.sha512(daten)},
                "submissionSchema": {"schemaUri": "urn:x:y", "mimeType": "application/json"},
            },
            "attachments": [
                {
                    "attachmentId": k,
                    "hash": {"type": "sha512", "content": fc.sha512(v)},
                    "purpose": "attachment",
                    "mimeType": "application/pdf",
                }
                for k, v in (anlagen or {}).items()
            ],
        },
    }
    m.update(extra)
    return m


def test_metadata_parse_and_hashes(schemas):
    aid = str(uuid.uuid4())
    m = fc.metadaten_parse(json.dumps(meta(b'{"a":1}', {aid: b"pdf"})), schemas=schemas)
    assert m.version == "1.0.0" and m.leika_schluessel == "99123456789012"
    fc.daten_hash_pruefen(m, b'{"a":1}')
    fc.anlage_hash_pruefen(m, aid, b"pdf")
    with pytest.raises(fc.FitConnectFehler) as e:
        fc.daten_hash_pruefen(m, b'{"a":2}')
    assert e.value.problem.art == fc.HASH_MISMATCH and e.value.problem.instance == "data"
    with pytest.raises(fc.FitConnectFehler) as e:
        fc.anlage_hash_pruefen(m, aid, b"pdf!")
    assert e.value.problem.instance == f"attachment:{aid}"
    assert e.value.pfad == "metadata.contentStructure.attachments[0].hash"


def test_metadata_errors_name_the_path(schemas):
    kaputt = meta()
    kaputt["contentStructure"]["data"]["hash"]["content"] = "nicht-hex"
    with pytest.raises(fc.FitConnectFehler) as e:
        fc.metadaten_parse(json.dumps(kaputt), schemas=schemas)
    assert e.value.problem.art == fc.SCHEMA_VIOLATION
    assert e.value.pfad == "metadata.contentStructure.data.hash.content"
    with pytest.raises(fc.FitConnectFehler) as e:
        fc.metadaten_parse(b"{kein json", schemas=schemas)
    assert e.value.problem.art == fc.SYNTAX_VIOLATION


def test_newer_1x_by_schema_uri_and_other_major_refused(schemas):
    neu = meta(**{"$schema": fc.METADATEN_SCHEMA_URI.format(v="1.2.0")})
    neu["replyChannel"] = {"eMail": {"address": "a@example.org"}}
    assert fc.metadaten_parse(json.dumps(neu), schemas=schemas).version == "1.2.0"
    for uri in (fc.METADATEN_SCHEMA_URI.format(v="2.0.0"), "https://example.org/metadata.json"):
        with pytest.raises(fc.FitConnectFehler) as e:
            fc.metadaten_parse(json.dumps(meta(**{"$schema": uri})), schemas=schemas)
        assert e.value.problem.art == fc.UNSUPPORTED_SCHEMA and e.value.pfad == "metadata.$schema"


def test_jwe_roundtrip_with_two_active_keys():
    alt, neu = schluessel("alt-00001"), schluessel("neu-00002")
    for key in (alt, neu):
        token = fc.jwe_encrypt(b"geheim", key)
        assert fc.jwe_decrypt(token, [neu, alt], teil="data") == b"geheim"
    # without a kid in the header both keys are tried
    ohne = RSAKey.import_key(neu.as_dict(private=False))
    token = fc.jwe_encrypt(b"x", RSAKey.import_key({**ohne.as_dict(), "kid": "fremd-999"}))
    assert fc.jwe_decrypt(token, [alt, neu], teil="data") == b"x"


def test_jwe_wrong_key_tampered_and_compressed_refused():
    key, fremd = schluessel("neu-00002"), schluessel("fremd-003")
    token = fc.jwe_encrypt(b"geheim", fremd)
    with pytest.raises(fc.FitConnectFehler) as e:
        fc.jwe_decrypt(token, [key], teil="metadata")
    assert (e.value.problem.art, e.value.problem.instance) == (fc.ENCRYPTION_ISSUE, "metadata")
    teile = fc.jwe_encrypt(b"geheim", key).split(".")
    teile[3] = teile[3][:-2] + ("AA" if teile[3][-2:] != "AA" else "BB")
    with pytest.raises(fc.FitConnectFehler):
        fc.jwe_decrypt(".".join(teile), [key], teil="data")
    # a "zip" header is refused before any decryption
    header = (
        base64.urlsafe_b64encode(
            json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM", "zip": "DEF"}).encode()
        )
        .rstrip(b"=")
        .decode()
    )
    bombe = ".".join([header, *fc.jwe_encrypt(zlib.compress(b"0" * 10_000), key).split(".")[1:]])
    with pytest.raises(fc.FitConnectFehler) as e:
        fc.jwe_decrypt(bombe, [key], teil="attachment:x")
    assert "zip" in e.value.problem.detail


def test_jwe_of_a_large_attachment():
    """joserfc's default registry refuses ciphertexts above 64 KB; a 5 MB attachment is
    decrypted (found by bench.fitconnect_empfang with a 1 MB Anlage)."""
    key = schluessel("neu-00002")
    inhalt = b"%PDF-" + b"0" * (5 * 1024 * 1024)
    token = fc.jwe_encrypt(inhalt, key)
    assert fc.jwe_decrypt(token, [key], teil="attachment:x", max_bytes=10 * 1024 * 1024) == inhalt
    assert fc.jwe_decrypt(token, [key], teil="attachment:x") == inhalt


def test_jwe_size_limit():
    key = schluessel("neu-00002")
    with pytest.raises(fc.FitConnectFehler):
        fc.jwe_decrypt(fc.jwe_encrypt(b"0" * 5000, key), [key], teil="data", max_bytes=1000)


def test_set_build_and_verify():
    key = RSAKey.generate_key(2048, parameters={"kid": "sig-00001"})
    sid, cid, dest = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    problem = fc.Problem(fc.HASH_MISMATCH, "falsch", "data")
    token = fc.set_build(
        key=key,
        issuer=dest,
        submission_id=sid,
        case_id=cid,
        event="reject-submission",
        authentication_tags={"metadata": "a", "data": "b", "attachments": {}},
        problems=[problem],
    )
    inhalt = fc.set_verify(token, KeySet([key]), issuer=dest)
    assert (inhalt.event, inhalt.submission_id, inhalt.case_id) == ("reject-submission", sid, cid)
    assert inhalt.problems[0]["type"] == fc.PROBLEM_BASIS + "hash-mismatch"
    with pytest.raises(fc.SetFehler):
        fc.set_verify(token, KeySet([key]), issuer=str(uuid.uuid4()))
    anderer = RSAKey.generate_key(2048, parameters={"kid": "sig-00001"})
    with pytest.raises(fc.SetFehler):
        fc.set_verify(token, KeySet([anderer]))
    ohne_probleme = fc.set_build(
        key=key,
        issuer=dest,
        submission_id=sid,
        case_id=cid,
        event="reject-submission",
        authentication_tags={"metadata": "a"},
    )
    with pytest.raises(fc.SetFehler, match="problems"):
        fc.set_verify(ohne_probleme, key)
    with pytest.raises(fc.SetFehler, match="authenticationTags"):
        fc.set_verify(
            fc.set_build(
                key=key, issuer=dest, submission_id=sid, case_id=cid, event="accept-submission"
            ),
            key,
        )


def test_callback_hmac():
    body = b'{"type":"x"}'
    ts = str(int(time.time()))
    sig = fc.callback_signatur("s" * 32, ts, body)
    assert len(sig) == 128
    assert fc.callback_pruefen(secret="s" * 32, timestamp=ts, authentication=sig, body=body)
    with pytest.raises(fc.CallbackFehler):
        fc.callback_pruefen(secret="s" * 32, timestamp=ts, authentication=sig, body=body + b" ")
    alt = str(int(time.time()) - 301)
    with pytest.raises(fc.CallbackFehler, match="5 Minuten"):
        fc.callback_pruefen(
            secret="s" * 32,
            timestamp=alt,
            authentication=fc.callback_signatur("s" * 32, alt, body),
            body=body,
        )


def test_no_django_import():
    quelle = "".join(p.read_text() for p in Path(fc.__file__).parent.glob("*.py"))
    assert "django" not in quelle
