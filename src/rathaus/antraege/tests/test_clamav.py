from __future__ import annotations

import io

import pytest

from rathaus.antraege.plugins import VirenscannerFehler, scanner_aktiv, virenscanner
from rathaus.antraege.plugins.clamav import ClamAV

from .conftest import SIGNATUR


def test_plugin_is_registered_and_off_by_default(settings):
    assert "clamav" in virenscanner
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = ""
    assert scanner_aktiv() is None
    settings.RATHAUS_ANTRAEGE_VIRENSCANNER = "clamav"
    assert isinstance(scanner_aktiv(), ClamAV)


@pytest.mark.parametrize("server", ["clamd_echt", "clamd_fake"])
def test_instream_finds_the_test_signature(request, server):
    adresse = request.getfixturevalue(server)
    scanner = ClamAV(adresse)
    assert scanner.scan(io.BytesIO(b"%PDF-1.7 harmlos")).sauber
    # spread over several chunks
    befund = scanner.scan(io.BytesIO(b"A" * 200_000 + SIGNATUR + b"B" * 10))
    assert not befund.sauber and befund.signatur.startswith("Rathaus.Test.Signatur")


def test_unreachable_or_bad_address_raises(tmp_path):
    with pytest.raises(VirenscannerFehler):
        ClamAV(f"unix:{tmp_path}/nichts.sock").scan(io.BytesIO(b"x"))
    with pytest.raises(VirenscannerFehler):
        ClamAV("tcp:127.0.0.1:1").scan(io.BytesIO(b"x"))
    with pytest.raises(VirenscannerFehler):
        ClamAV("ftp:irgendwo").scan(io.BytesIO(b"x"))
