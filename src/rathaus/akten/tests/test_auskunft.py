"""Art. 15 DSGVO Auskunft: a ZIP of JSON and files, one README, nothing of other people."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from rathaus.akten import services
from rathaus.akten.auskunft import AuskunftProvider, Teil, auskunft_erstellen, registry
from rathaus.core.models import Protokoll
from rathaus.konten.models import Postfachnachricht
from rathaus.konten.tests.factories import buerger_anlegen

from . import factories as f

pytestmark = pytest.mark.django_db


def _zip(inhalt: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(inhalt)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_auskunft_holds_account_postfach_documents_and_protokoll(tmp_path):
    person = buerger_anlegen(vorname="Jana", nachname="Ostsee")
    andere = buerger_anlegen(vorname="Otto", nachname="Fremd")
    Postfachnachricht.objects.create(empfaenger=person, betreff="Ihr Bescheid", text="Hallo")
    Postfachnachricht.objects.create(empfaenger=andere, betreff="Nicht Ihrer")
    vorgang = f.vorgang()
    pdf = f.pdf("Bescheid für Jana Ostsee")
    services.dokument_file(
        vorgang=vorgang,
        art="ausgang",
        betreff="Bescheid Ostsee",
        versionen=[("../../etc/passwd.pdf", "application/pdf", pdf)],
        anlagen=[("Foto", [("foto.txt", "text/plain", b"Anlage")])],
        person_ref=str(person.pk),
        actor="test",
    )
    f.dokument(vorgang, text="Fremd", betreff="Bescheid Fremd", person_ref=str(andere.pk))

    ziel = tmp_path / "auskunft.zip"
    call_command("auskunft", "--person", str(person.pk), "--out", str(ziel), stdout=io.StringIO())
    dateien = _zip(ziel.read_bytes())
    assert all(not n.startswith("/") and ".." not in n.split("/") for n in dateien)
    readme = dateien["README.txt"].decode()
    assert "Art. 15 DSGVO" in readme and "konten/postfach.json" in readme
    buerger = json.loads(dateien["konten/buerger.json"])
    assert buerger["nachname"] == "Ostsee"
    postfach = json.loads(dateien["konten/postfach.json"])
    assert [n["betreff"] for n in postfach] == ["Ihr Bescheid"]
    (dokument,) = json.loads(dateien["akten/dokumente.json"])
    assert dokument["betreff"] == "Bescheid Ostsee"
    assert (
        dateien[dokument["versionen"][0]["datei"] and "akten/" + dokument["versionen"][0]["datei"]]
        == pdf
    )
    assert dateien["akten/" + dokument["anlagen"][0]["versionen"][0]["datei"]] == b"Anlage"
    assert dokument["versionen"][0]["dateiname"] == "passwd.pdf"
    protokoll = json.loads(dateien["protokoll.json"])
    assert {e["aktion"] for e in protokoll} >= {"akten.dokument.file"}
    assert b"Fremd" not in b"".join(v for k, v in dateien.items() if k.endswith(".json"))
    assert Protokoll.objects.filter(
        aktion="akten.auskunft.erteilt", objekt_id=str(person.pk)
    ).exists()


def test_unknown_person_is_an_error_and_writes_no_file(tmp_path):
    ziel = tmp_path / "a.zip"
    protokoll = Protokoll.objects.count()
    for kennung in ("999999", "abc", "../1"):
        with pytest.raises(CommandError, match="Keine Person"):
            call_command("auskunft", "--person", kennung, "--out", str(ziel))
    assert not ziel.exists() and not list(tmp_path.iterdir())
    assert Protokoll.objects.count() == protokoll


def test_a_registered_provider_is_included():
    class Antraege(AuskunftProvider):
        titel = "Anträge"

        def sammeln(self, *, buerger):
            return Teil(
                beschreibung="antraege/antraege.json: Ihre Anträge.",
                daten={"antraege.json": [{"id": 1}]},
            )

    registry.register("antraege_test")(Antraege)
    try:
        person = buerger_anlegen()
        dateien = _zip(auskunft_erstellen(person_id=person.pk, actor="test"))
        assert json.loads(dateien["antraege_test/antraege.json"]) == [{"id": 1}]
        assert "Ihre Anträge" in dateien["README.txt"].decode()
    finally:
        registry._items.pop("antraege_test")
