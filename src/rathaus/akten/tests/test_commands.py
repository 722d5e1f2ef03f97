from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from . import factories as f

pytestmark = pytest.mark.django_db


def _run() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_integrity", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_integrity_passes_on_untouched_content():
    f.dokument(text="eins")
    f.dokument(text="zwei")
    out, err = _run()
    assert "2 Inhalte" in out and "MB/s" in out and "unversehrt" in out
    assert err == ""


def test_verify_integrity_names_changed_and_missing_content(_private_media):
    geaendert = f.dokument(text="wird verändert", dateiname="veraendert.pdf")
    fehlend = f.dokument(text="wird gelöscht", dateiname="geloescht.pdf")
    heil = f.dokument(text="bleibt")
    v_geaendert = geaendert.versionen.get()
    v_fehlend = fehlend.versionen.get()
    pfad = _private_media / v_geaendert.blob.speichername
    pfad.write_bytes(pfad.read_bytes().replace(b"%PDF-", b"%PDX-", 1))
    default_storage.delete(v_fehlend.blob.speichername)
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 Inhalt"):
        call_command("verify_integrity", stdout=out, stderr=err)
    meldungen = err.getvalue()
    assert f"{v_geaendert.blob_id}: geändert" in meldungen
    assert f"{v_fehlend.blob_id}: fehlt" in meldungen
    assert "veraendert.pdf" in meldungen and "geloescht.pdf" in meldungen
    assert geaendert.vorgang.akte.aktenzeichen in meldungen
    assert heil.versionen.get().blob_id not in meldungen
    assert "MB/s" in out.getvalue()
